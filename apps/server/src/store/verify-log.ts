import { EMPTY_ROOT, toHex } from '@custody/ledger';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { readNodeWindow } from './node-window.ts';
import { int, type StoreSchema } from './schema.ts';
import { sqliteSql, storeDb, type Sql } from './transaction.ts';
import type { VerifyOptions, VerifyProblem, VerifyReport } from './types.ts';
import { CheckpointChecker, readCheckpoint, type StoredCheckpoint } from './verify-checkpoints.ts';
import { LeafChecker, type VerifyRow } from './verify-leaf.ts';

const MAX_PROBLEMS = 1000;

/** The rows a verification reads, in batches from `$1` (benchmarks read them to show the floor). */
export const VERIFY_ROWS = `SELECT l.log_index, l.stream_id, l.stream_version, l.event_id, l.event_type,
    l.occurred_at, l.recorded_at, l.actor_id, l.actor_role, l.prev_hash, l.commitment, l.leaf,
    l.leaf_hash, l.occurred_offset, p.payload, p.salt
  FROM log_leaves l LEFT JOIN log_payloads p ON p.log_index = l.log_index
  WHERE l.log_index >= $1 ORDER BY l.log_index LIMIT $2`;

type RowReader = (from: number, limit: number) => Promise<VerifyRow[]>;

type RawRow = [
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

/**
 * Keyset-paginated batches of leaves with their payloads, in log order. On SQLite the rows come
 * from a read-only connection of its own as arrays (`raw`), which costs about half of reading
 * them as objects through Kysely: reading is most of the work of a full verification.
 */
function rowReader(
  database: Database,
  db: Kysely<StoreSchema>,
): {
  read: RowReader;
  nodes: Sql;
  close(): void;
} {
  const file = database.sqlite?.name;
  if (file === undefined || database.sqlite?.memory === true) {
    return {
      read: async (from, limit) =>
        (await db.executeQuery<VerifyRow>(CompiledQuery.raw(VERIFY_ROWS, [from, limit]))).rows,
      nodes: db,
      close: () => undefined,
    };
  }
  const raw = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  const stmt = raw.prepare<[number, number], RawRow>(VERIFY_ROWS.replace(/\$\d/g, '?')).raw(true);
  return {
    read: (from, limit) =>
      Promise.resolve(
        stmt.all(from, limit).map((r) => ({
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
        })),
      ),
    nodes: sqliteSql(raw),
    close: () => raw.close(),
  };
}

async function* checkpointsInOrder(db: Kysely<StoreSchema>): AsyncGenerator<StoredCheckpoint> {
  let after = -1;
  for (;;) {
    const rows = await db
      .selectFrom('checkpoints')
      .select(['size', 'root', 'note'])
      .where('size', '>', after)
      .orderBy('size')
      .limit(1000)
      .execute();
    for (const r of rows) yield { size: int(r.size), root: r.root, note: r.note };
    const last = rows.at(-1);
    if (last === undefined) return;
    after = int(last.size);
  }
}

function byLogIndex(a: VerifyProblem, b: VerifyProblem): number {
  return (a.logIndex ?? Infinity) - (b.logIndex ?? Infinity);
}

/**
 * Verifies the whole log from the database alone (integrity.md, "Verification"): every leaf
 * hash, leaf against columns, payload commitment or lawful erasure, stream chain, stored node,
 * checkpoint root and signature; with `outside`, that the log still contains that checkpoint.
 * Streams the log in batches. The first problem names the first bad leaf and its stream.
 */
export async function verifyLog(database: Database, opts: VerifyOptions): Promise<VerifyReport> {
  const db = storeDb(database);
  const batchSize = opts.batchSize ?? 5000;
  const countRow = await db
    .selectFrom('log_leaves')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  const total = int(countRow?.n ?? 0);
  const erasureRows = await db.selectFrom('log_erasures').selectAll().execute();
  const erasures = new Map(erasureRows.map((r) => [int(r.log_index), int(r.tombstone_index)]));
  const leaves = new LeafChecker(erasures);
  const report = (p: VerifyProblem): void => {
    leaves.problem(p);
  };
  const checkpoints = new CheckpointChecker(opts.verifiers, report);
  const outside = readOutside(opts, report);
  const cps = checkpointsInOrder(db);
  let nextCp = await cps.next();
  let uncovered: { index: number; stream: string } | null = null;
  const streamAt = (i: number): string | undefined =>
    uncovered?.index === i ? uncovered.stream : undefined;

  const reachCheckpoints = async (): Promise<void> => {
    const size = leaves.range.size;
    while (!nextCp.done && nextCp.value.size <= size) {
      const cp = nextCp.value;
      if (cp.size === size) checkpoints.check(cp, leaves.range.root(), streamAt);
      else
        report({
          logIndex: cp.size,
          kind: 'checkpoint-orphan',
          message: `checkpoint ${cp.size} does not match a tree size reached`,
        });
      nextCp = await cps.next();
    }
    if (outside !== null && outside.size === size && !outside.seen) {
      outside.seen = true;
      if (!Buffer.from(outside.root).equals(Buffer.from(leaves.range.root()))) {
        report({
          kind: 'outside-mismatch',
          message: `the log's first ${size} leaves do not have the root of the checkpoint held outside: history was rewritten`,
        });
      }
    }
  };

  let next = 0;
  await reachCheckpoints();
  const reader = rowReader(database, db);
  try {
    for (;;) {
      const rows = await reader.read(next, batchSize);
      const last = rows.at(-1);
      if (last === undefined) break;
      const nodes = await readNodeWindow(
        reader.nodes,
        database.dialect,
        next,
        int(last.log_index) + 1,
      );
      for (const row of rows) {
        const index = int(row.log_index);
        if (index > next) leaves.gap(next, index, nodes);
        if (index === checkpoints.trustedSize) uncovered = { index, stream: row.stream_id };
        leaves.check(row, nodes);
        next = index + 1;
        const reached = leaves.range.size;
        if ((!nextCp.done && reached >= nextCp.value.size) || reached === outside?.size) {
          await reachCheckpoints();
        }
      }
      opts.onProgress?.(Math.min(next, total), total);
    }
  } finally {
    reader.close();
  }
  finish(leaves, outside, nextCp, report);
  await checkHead(db, leaves, report);
  const problems = [...leaves.problems, ...leaves.unmatchedErasures()].sort(byLogIndex);
  return {
    ok: problems.length === 0,
    size: leaves.range.size,
    checked: {
      leaves: total,
      streams: leaves.streams.size,
      nodes: leaves.nodes,
      checkpoints: checkpoints.checked,
    },
    problems: problems.slice(0, MAX_PROBLEMS),
  };
}

interface Outside {
  size: number;
  root: Uint8Array;
  seen: boolean;
}

function readOutside(opts: VerifyOptions, report: (p: VerifyProblem) => void): Outside | null {
  if (opts.outside === undefined) return null;
  const cp = readCheckpoint(opts.outside, opts.verifiers);
  if (typeof cp === 'string') {
    report({
      kind: 'outside-signature',
      message: `the checkpoint held outside does not verify: ${cp}`,
    });
    return null;
  }
  return { size: cp.size, root: cp.size === 0 ? EMPTY_ROOT : cp.root, seen: false };
}

function finish(
  leaves: LeafChecker,
  outside: Outside | null,
  nextCp: IteratorResult<StoredCheckpoint>,
  report: (p: VerifyProblem) => void,
): void {
  const size = leaves.range.size;
  if (!nextCp.done) {
    report({
      logIndex: size,
      kind: 'checkpoint-beyond-log',
      message: `checkpoint ${nextCp.value.size} covers leaves the log no longer has`,
    });
  }
  if (outside !== null && outside.size > size) {
    report({
      logIndex: size,
      kind: 'tail-missing',
      message: `the checkpoint held outside has ${outside.size} leaves, the log only ${size}: the tail was deleted`,
    });
  }
}

async function checkHead(
  db: Kysely<StoreSchema>,
  leaves: LeafChecker,
  report: (p: VerifyProblem) => void,
): Promise<void> {
  const head = await db.selectFrom('log_head').select(['size', 'root']).executeTakeFirst();
  const size = leaves.range.size;
  if (
    head === undefined ||
    int(head.size) !== size ||
    toHex(head.root) !== toHex(leaves.range.root())
  ) {
    report({ logIndex: size, kind: 'head', message: 'log_head does not match the stored leaves' });
  }
}
