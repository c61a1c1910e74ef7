import type BetterSqlite3 from 'better-sqlite3';
import { NodeWindow, spansCompletedIn } from './node-window.ts';
import { examineLeaf, type LeafFacts, type Segment, type VerifyRow } from './verify-leaf.ts';

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

/**
 * The log indexes [from, to) with the stored nodes their leaves complete: either each row
 * examined alone (`facts`), or, from a worker thread that found the run clean, its `segment`
 * (then `facts` is empty).
 */
export interface Batch {
  from: number;
  to: number;
  facts: LeafFacts[];
  segment?: Segment;
  nodes: NodeWindow;
}

/** Rows read per query: a batch read whole keeps thousands of rows alive through collections. */
const ROWS_PER_READ = 512;

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
  // A level with a node missing or malformed: its nodes as arrays, each hash as hex text decoded
  // into the window, about half the cost of objects with a buffer per hash.
  const level = raw
    .prepare<[number, number, number], [number, string]>(
      'SELECT idx, hex(hash) FROM log_nodes WHERE level = ? AND idx >= ? AND idx < ?',
    )
    .raw(true);
  // A level whose every node is stored, each of 32 bytes (the rule), in one row: its hashes
  // concatenated in index order, about 0.4 µs per leaf less than a row per node. Any other level
  // is read node by node, which tells which nodes are missing or malformed.
  const whole = raw
    .prepare<[number, number, number], [number, number | null, Buffer | null]>(
      `SELECT count(*), sum(length(hash) = 32), unhex(group_concat(hex(hash), '' ORDER BY idx))
        FROM log_nodes WHERE level = ? AND idx >= ? AND idx < ?`,
    )
    .raw(true);
  const nodes = (from: number, to: number): NodeWindow => {
    const spans = spansCompletedIn(from, to);
    const window = new NodeWindow(spans);
    for (const s of spans) {
      const [count, full, hashes] = whole.get(s.level, s.from, s.to) ?? [0, null, null];
      const all = count === s.to - s.from && full === count && hashes !== null;
      if (all && window.setLevel(s.level, hashes)) continue;
      for (const [idx, hash] of level.all(s.level, s.from, s.to)) window.setHex(s.level, idx, hash);
    }
    return window;
  };
  return (from, to) => {
    const facts: LeafFacts[] = [];
    for (let at = from; at < to; at += ROWS_PER_READ) {
      for (const r of rows.all(at, Math.min(at + ROWS_PER_READ, to))) {
        facts.push(examineLeaf(verifyRowFromRaw(r), tombstones));
      }
    }
    return Promise.resolve({ from, to, facts, nodes: nodes(from, to) });
  };
}
