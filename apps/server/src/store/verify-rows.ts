import type BetterSqlite3 from 'better-sqlite3';
import { fillNodeWindow, NodeWindow, nodeWindowQuery } from './node-window.ts';
import { examineLeaf, type LeafFacts, type VerifyRow } from './verify-leaf.ts';

/**
 * The rows a verification reads: leaves with their payloads whose log index is in [`$1`, `$2`),
 * in log order (benchmarks read them to show the floor).
 */
export const VERIFY_ROWS = `SELECT l.log_index, l.stream_id, l.stream_version, l.event_id, l.event_type,
    l.occurred_at, l.recorded_at, l.actor_id, l.actor_role, l.prev_hash, l.commitment, l.leaf,
    l.leaf_hash, l.occurred_offset, p.payload, p.salt
  FROM log_leaves l LEFT JOIN log_payloads p ON p.log_index = l.log_index
  WHERE l.log_index >= $1 AND l.log_index < $2 ORDER BY l.log_index`;

/** {@link VERIFY_ROWS} with SQLite's positional parameters. */
export const VERIFY_ROWS_SQLITE = VERIFY_ROWS.replace(/\$\d/g, '?');

/** A row of {@link VERIFY_ROWS} read as an array (better-sqlite3 `raw`). */
export type RawVerifyRow = [
  number,
  string,
  number,
  string,
  string,
  string,
  string,
  string,
  string,
  Buffer | null,
  string,
  Buffer,
  Buffer,
  string | null,
  string | null,
  Buffer | null,
];

export function verifyRowFromRaw(r: RawVerifyRow): VerifyRow {
  return {
    log_index: r[0],
    stream_id: r[1],
    stream_version: r[2],
    event_id: r[3],
    event_type: r[4],
    occurred_at: r[5],
    recorded_at: r[6],
    actor_id: r[7],
    actor_role: r[8],
    prev_hash: r[9],
    commitment: r[10],
    leaf: r[11],
    leaf_hash: r[12],
    occurred_offset: r[13],
    payload: r[14],
    salt: r[15],
  };
}

/** The examined rows of the log indexes [from, to) with the stored nodes they complete. */
export interface Batch {
  from: number;
  to: number;
  facts: LeafFacts[];
  nodes: NodeWindow;
}

/** Reads and examines the rows of [from, to). */
export type Examine = (from: number, to: number) => Promise<Batch>;

/**
 * Examines ranges of a SQLite file on the read-only connection `raw`, rows read as arrays
 * (`raw`), which costs about half of reading them as objects: the verifying thread's reader and
 * each worker's (verify-worker.ts). Kysely is not loaded here: a worker starts in a fraction of
 * the time.
 */
export function sqliteExaminer(
  raw: BetterSqlite3.Database,
  tombstones: ReadonlySet<number>,
): Examine {
  const rows = raw.prepare<[number, number], RawVerifyRow>(VERIFY_ROWS_SQLITE).raw(true);
  const nodeStatements = new Map<string, BetterSqlite3.Statement<number[], NodeRow>>();
  const nodes = (from: number, to: number): NodeWindow => {
    const q = nodeWindowQuery('sqlite', from, to);
    if (q === null) return new NodeWindow([]);
    let stmt = nodeStatements.get(q.sql);
    if (stmt === undefined) {
      stmt = raw.prepare<number[], NodeRow>(q.sql);
      nodeStatements.set(q.sql, stmt);
    }
    return fillNodeWindow(q.spans, stmt.all(...q.params));
  };
  return (from, to) =>
    Promise.resolve({
      from,
      to,
      facts: rows.all(from, to).map((r) => examineLeaf(verifyRowFromRaw(r), tombstones)),
      nodes: nodes(from, to),
    });
}

interface NodeRow {
  level: number;
  idx: number;
  hash: Uint8Array;
}
