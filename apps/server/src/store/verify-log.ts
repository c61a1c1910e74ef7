import { EMPTY_ROOT, toHex } from '@custody/ledger';
import BetterSqlite3 from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { fillNodeWindow, NodeWindow, nodeWindowQuery } from './node-window.ts';
import { int, type StoreSchema } from './schema.ts';
import { storeDb } from './transaction.ts';
import type { VerifyOptions, VerifyProblem, VerifyReport } from './types.ts';
import { CheckpointChecker, readCheckpoint, type StoredCheckpoint } from './verify-checkpoints.ts';
import { examineLeaf, LeafChecker, type Segment, type VerifyRow } from './verify-leaf.ts';
import { VerifyPool } from './verify-pool.ts';
import { segmentOf } from './verify-segment.ts';
import { sqliteExaminer, VERIFY_ROWS, type Batch, type Examine } from './verify-rows.ts';

const MAX_PROBLEMS = 1000;

export { VERIFY_ROWS } from './verify-rows.ts';

/**
 * Leaves per batch: a power of two, so that a worker's batch is one perfect subtree (from the
 * first batch on) and the verifying thread joins one root per batch.
 */
const BATCH = 4096;

/** Below this many leaves a verification runs in its own thread: starting workers costs more. */
const PARALLEL_FROM = 20_000;

interface Reader {
  /** The examined batches of the log indexes [0, `end()`) in log order. */
  batches(size: number, end: () => Promise<number>): AsyncGenerator<Batch>;
  /** Reads and examines the rows of [from, to) in this thread, row by row. */
  examine: Examine;
  close(): Promise<void>;
}

/** Reads every stored node completed by leaves [lo, hi) in one query through Kysely. */
async function readNodeWindow(
  db: Kysely<StoreSchema>,
  dialect: Database['dialect'],
  lo: number,
  hi: number,
): Promise<NodeWindow> {
  const q = nodeWindowQuery(dialect, lo, hi);
  if (q === null) return new NodeWindow([]);
  const { rows } = await db.executeQuery<{ level: number; idx: number | string; hash: Uint8Array }>(
    CompiledQuery.raw(q.sql, q.params),
  );
  return fillNodeWindow(q.spans, rows);
}

/**
 * One worker per core beside this thread's (at most 4): this thread reads and examines its share
 * of the batches too (verify-pool.ts), so it is busy as well; a second worker on 2 cores cost
 * 15 % more CPU per leaf (an isolate more to start and warm up) for no more throughput.
 */
function defaultWorkers(): number {
  return Math.max(0, Math.min(4, availableParallelism() - 1));
}

/** The batches examined by `here`, in this thread. */
async function* inThread(
  size: number,
  end: () => Promise<number>,
  here: Examine,
): AsyncGenerator<Batch> {
  let stop = await end();
  for (let from = 0; ;) {
    if (from >= stop) {
      stop = await end();
      if (from >= stop) return;
    }
    const to = Math.min(from + size, stop);
    yield await here(from, to);
    from = to;
  }
}

/**
 * Where the examined leaf rows come from. On a SQLite file of at least {@link PARALLEL_FROM}
 * leaves (or with `workers` given), worker threads read and examine batches on connections of
 * their own while this thread checks them in order and reads and examines its share
 * (verify-pool.ts). Otherwise this thread reads and examines them: on SQLite from a read-only
 * connection of its own, as arrays; on PostgreSQL and in memory through Kysely. On SQLite a
 * clean batch is checked as a segment wherever it was examined (`segmentOf`, as a worker does),
 * which costs about as much as accepting it row by row (CPU per leaf 1.9-2.2 µs against 2.0-2.5).
 */
function reader(
  database: Database,
  db: Kysely<StoreSchema>,
  tombstones: ReadonlySet<number>,
  total: number,
  { workers, waitForWorkers }: Pick<VerifyOptions, 'workers' | 'waitForWorkers'>,
): Reader {
  const file = database.sqlite?.name;
  if (file === undefined || database.sqlite?.memory === true) {
    const here: Examine = async (from, to) => ({
      from,
      to,
      facts: (
        await db.executeQuery<VerifyRow>(CompiledQuery.raw(VERIFY_ROWS, [from, to]))
      ).rows.map((r) => examineLeaf(r, tombstones)),
      nodes: await readNodeWindow(db, database.dialect, from, to),
    });
    return {
      batches: (size, end) => inThread(size, end, here),
      examine: here,
      close: () => Promise.resolve(),
    };
  }
  const raw = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  const rows = sqliteExaminer(raw, tombstones);
  const here: Examine = async (from, to) => {
    const batch = await rows(from, to);
    const segment = segmentOf(from, to, batch.facts, batch.nodes);
    return segment === null ? batch : { from, to, facts: [], segment, nodes: batch.nodes };
  };
  const count = workers ?? (total >= PARALLEL_FROM ? defaultWorkers() : 0);
  const pool = count > 0 ? new VerifyPool(file, [...tombstones], count) : null;
  async function* fromPool(pool: VerifyPool, size: number, end: () => Promise<number>) {
    if (waitForWorkers === true) await pool.ready();
    yield* pool.batches(size, end, waitForWorkers === true ? null : here);
  }
  return {
    batches: (size, end) => (pool === null ? inThread(size, end, here) : fromPool(pool, size, end)),
    examine: rows,
    close: async () => {
      await pool?.close();
      raw.close();
    },
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
  const batchSize = opts.batchSize ?? BATCH;
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

  /**
   * Checks the checkpoints (and the one held outside) of tree sizes up to `size`, the size the
   * rebuilt tree has reached, whose root `root` gives.
   */
  const reachCheckpoints = async (size: number, root: () => Uint8Array): Promise<void> => {
    while (!nextCp.done && nextCp.value.size <= size) {
      const cp = nextCp.value;
      if (cp.size === size) checkpoints.check(cp, root(), streamAt);
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
      if (!Buffer.from(outside.root).equals(Buffer.from(root()))) {
        report({
          kind: 'outside-mismatch',
          message: `the log's first ${size} leaves do not have the root of the checkpoint held outside: history was rewritten`,
        });
      }
    }
  };
  const reachedRoot = (): Uint8Array => leaves.range.root();
  /** The next tree size after `size` that a checkpoint (or the one held outside) is of. */
  const nextCheckedSize = (size: number): number => {
    const cp = nextCp.done ? Infinity : Math.max(nextCp.value.size, size + 1);
    const out = outside === null || outside.seen || outside.size <= size ? Infinity : outside.size;
    return Math.min(cp, out);
  };

  let next = 0;
  await reachCheckpoints(0, reachedRoot);
  const r = reader(database, db, leaves.tombstoneIndexes, total, opts);
  const end = async (): Promise<number> => {
    const row = await db
      .selectFrom('log_leaves')
      .select((eb) => eb.fn.max('log_index').as('last'))
      .executeTakeFirst();
    return row?.last == null ? 0 : int(row.last) + 1;
  };
  try {
    const reach = async (): Promise<void> => {
      const reached = leaves.range.size;
      if ((!nextCp.done && reached >= nextCp.value.size) || reached === outside?.size) {
        await reachCheckpoints(reached, reachedRoot);
      }
    };
    /** A clean run from a worker: its checkpoints inside it, then the run joined to the tree. */
    const acceptSegment = async (s: Segment, nodes: NodeWindow): Promise<void> => {
      const cover = (): void => {
        const i = checkpoints.trustedSize;
        if (i >= s.from && i < s.to) uncovered = { index: i, stream: s.streamAt(i) };
      };
      cover();
      for (let size = nextCheckedSize(s.from); size < s.to; size = nextCheckedSize(size)) {
        await reachCheckpoints(size, () => leaves.rootWithin(s, size, nodes));
        cover();
      }
      leaves.acceptSegment(s, nodes);
    };
    for await (const batch of r.batches(batchSize, end)) {
      const { segment, from, to } = batch;
      if (next !== from) throw new Error(`a batch from ${from} follows log index ${next}`);
      // A segment joins the tree where it starts; after a deleted leaf whose stored node is gone
      // too the tree lags behind the log, and the run is checked row by row instead.
      const joins = leaves.range.size === from;
      const { facts, nodes } = segment !== undefined && !joins ? await r.examine(from, to) : batch;
      if (segment !== undefined && joins) {
        await acceptSegment(segment, nodes);
        next = to;
        await reach();
      }
      for (const f of facts) {
        if (f.index > next) leaves.gap(next, f.index, nodes);
        if (f.index === checkpoints.trustedSize) uncovered = { index: f.index, stream: f.stream };
        leaves.accept(f, nodes);
        next = f.index + 1;
        await reach();
      }
      if (next < to) {
        leaves.gap(next, to, nodes);
        next = to;
        await reach();
      }
      opts.onProgress?.(Math.min(next, total), total);
    }
  } finally {
    await r.close();
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
