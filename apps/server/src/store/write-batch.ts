import { CompiledQuery } from 'kysely';
import {
  CompactRange,
  formatCheckpoint,
  nodeHashOnce,
  nodesForRoot,
  signNote,
  type NoteSigner,
  type StoredNode,
} from '@custody/ledger';
import type { Database, DialectName } from '../db/database.ts';
import { sameBytes } from './bytes.ts';
import { lockHead, readHead, type LockedHead, type StreamHead } from './head-lock.ts';
import { fetchNodes, NodeMap } from './node-reader.ts';
import { planBatch, type AppendRequest, type PlanOutcome } from './plan-batch.ts';
import { blob } from './schema.ts';
import type { SqlValue } from './statements.ts';
import { inWriteTransaction, pgPreparedSql, storeDb, type Sql } from './transaction.ts';
import {
  compareAndWrite,
  writeStatements,
  type BatchRows,
  type CheckpointRow,
  type HeadRow,
  type ViewRows,
} from './write-statements.ts';
import type { ReadModelTable } from './types.ts';

/** The right edge of the stored tree, kept between batches of this process. */
export interface TreeCache {
  size: number;
  root: Uint8Array;
  range: CompactRange;
  /** The nodesForRoot(size) nodes with their hashes: the left half of every new receipt. */
  edge: readonly StoredNode[];
  /**
   * The newest leaf of streams this process wrote or read lately, true at `size`: while the head
   * has not moved they are current, which the PostgreSQL compare-and-set write checks.
   */
  tips: Map<string, StreamHead>;
}

/** How many stream tips a process remembers (the streams of a busy unit's day, many times over). */
const MAX_TIPS = 20_000;

function remember(tips: Map<string, StreamHead>, streams: ReadonlyMap<string, StreamHead>): void {
  for (const [id, tip] of streams) {
    tips.delete(id);
    tips.set(id, tip);
  }
  for (const id of tips.keys()) {
    if (tips.size <= MAX_TIPS) break;
    tips.delete(id);
  }
}

export interface CommittedBatch {
  outcomes: PlanOutcome[];
  size: number;
  /** The batch's signed checkpoint, written with it; null if it wrote nothing. */
  checkpoint: CheckpointRow | null;
  /** The edge before the batch plus every node it wrote: all its receipts need (tested). */
  nodes: NodeMap;
  cache: TreeCache;
}

export interface BatchContext {
  database: Database;
  signer: NoteSigner;
  origin: string;
}

function edgeOf(size: number, nodes: NodeMap): StoredNode[] {
  return nodesForRoot(size).map((n) => ({ ...n, hash: nodes.read(n.level, n.index) }));
}

/**
 * The cached right edge when the locked head still has its size and root; otherwise (another
 * process, or a rolled-back batch, moved the head) it is rebuilt from the nodesForRoot(size)
 * nodes in one query and must reproduce the head's root, or the append is refused.
 */
async function resume(
  db: Sql,
  dialect: DialectName,
  head: { size: number; root: Uint8Array },
  cache: TreeCache | null,
): Promise<TreeCache> {
  if (cache?.size === head.size && sameBytes(cache.root, head.root)) return cache;
  const nodes = await fetchNodes(db, dialect, nodesForRoot(head.size));
  const range = CompactRange.fromNodes(head.size, nodes.read, nodeHashOnce);
  if (!sameBytes(range.root(), head.root)) {
    throw new Error('the stored tree does not match log_head: run `custody verify`');
  }
  const edge = edgeOf(head.size, nodes);
  return { size: head.size, root: head.root, range, edge, tips: new Map() };
}

async function run(db: Sql, queries: readonly CompiledQuery[]): Promise<void> {
  for (const q of queries) await db.executeQuery(q);
}

async function writeErasures(
  db: Sql,
  dialect: DialectName,
  outcomes: readonly PlanOutcome[],
): Promise<void> {
  const [a, b] = dialect === 'sqlite' ? ['?', '?'] : ['$1', '$2'];
  for (const o of outcomes) {
    if (!o.ok || o.plan.erasedIndex === undefined) continue;
    const tombstone = o.plan.events[0]?.index ?? -1;
    await run(db, [
      CompiledQuery.raw(
        `INSERT INTO log_erasures (log_index, tombstone_index) VALUES (${a}, ${b})`,
        [o.plan.erasedIndex, tombstone],
      ),
      CompiledQuery.raw(`DELETE FROM log_payloads WHERE log_index = ${a}`, [o.plan.erasedIndex]),
    ]);
  }
}

/**
 * The read-model rows of the requests that will be written, each stamped with the stream version
 * and log index of its request's last event; one row per table and key (the latest wins: a
 * later request of the same stream in the batch has the higher version).
 */
function viewRows(
  requests: readonly AppendRequest[],
  outcomes: readonly PlanOutcome[],
): ViewRows[] {
  const byTable = new Map<ReadModelTable, Map<SqlValue, SqlValue[]>>();
  requests.forEach((request, i) => {
    const outcome = outcomes[i];
    const last = outcome?.ok === true ? outcome.plan.events.at(-1) : undefined;
    if (last === undefined) return;
    for (const { table, values } of request.readModels ?? []) {
      const row = table.columns.map((c) =>
        c === table.versionColumn
          ? last.version
          : c === table.logIndexColumn
            ? last.index
            : (values[c] ?? null),
      );
      let rows = byTable.get(table);
      if (rows === undefined) {
        rows = new Map<SqlValue, SqlValue[]>();
        byTable.set(table, rows);
      }
      rows.set(row[0] ?? null, row);
    }
  });
  return [...byTable].map(([table, rows]) => ({ table, rows: [...rows.values()] }));
}

interface Prepared {
  /** What to write; null when no request of the batch can be written (each failed its checks). */
  write: { rows: BatchRows; head: HeadRow; checkpoint: CheckpointRow } | null;
  batch: CommittedBatch;
}

/**
 * The checkpoint of `size` and `root`, signed on this thread (Ed25519, about 40 µs). Signing on
 * libuv's pool while the commit synced was measured slower on a loaded two-core machine: the
 * hand-off costs the event loop about as much as the signature, and the signing thread takes a
 * core from it (store README, "The checkpoint in the batch's own commit"). Ed25519 is
 * deterministic and a C2SP checkpoint carries no time, so the same tree always gets the same note.
 */
export function signCheckpoint(ctx: BatchContext, size: number, root: Uint8Array): CheckpointRow {
  const text = formatCheckpoint({ origin: ctx.origin, size, root, extensions: [] });
  return { size, root: blob(root), note: signNote(text, [ctx.signer]) };
}

/**
 * Everything a batch writes, worked out from the head it was planned on: gap-free indexes, every
 * completed subtree node, and its checkpoint over the root of the stored tree, signed.
 */
async function prepare(
  ctx: BatchContext,
  db: Sql,
  head: LockedHead,
  requests: readonly AppendRequest[],
  cache: TreeCache | null,
): Promise<Prepared> {
  const dialect = ctx.database.dialect;
  const before = await resume(db, dialect, head, cache);
  const outcomes = await planBatch(db, dialect, head.size, requests, head.streams);
  const planned = outcomes.flatMap((o) => (o.ok ? o.plan.events : []));
  const nodes = new NodeMap();
  for (const n of before.edge) nodes.set(n.level, n.index, n.hash);
  if (planned.length === 0) {
    return {
      write: null,
      batch: { outcomes, size: head.size, checkpoint: null, nodes, cache: before },
    };
  }
  const range = before.range.clone();
  const rows: BatchRows = {
    leaves: [],
    payloads: [],
    nodes: [],
    views: viewRows(requests, outcomes),
  };
  for (const p of planned) {
    rows.leaves.push([
      p.index,
      p.stream,
      p.version,
      p.event.id,
      p.event.type,
      p.event.occurredAt,
      p.event.recordedAt,
      p.event.actor.id,
      p.event.actor.role,
      p.prev === null ? null : blob(p.prev),
      p.commitment,
      blob(p.leaf),
      blob(p.leafHash),
      p.event.occurredOffset ?? null,
    ]);
    rows.payloads.push([p.index, p.payloadText, blob(p.salt)]);
    for (const n of range.append(p.leafHash)) {
      nodes.set(n.level, n.index, n.hash);
      rows.nodes.push([n.level, n.index, blob(n.hash)]);
    }
  }
  const size = range.size;
  const root = range.root();
  const checkpoint = signCheckpoint(ctx, size, root);
  // The tips of the streams written move on with the new size; the others stay true at it.
  const cache2 = { size, root, range, edge: edgeOf(size, nodes), tips: before.tips };
  return {
    write: { rows, head: { size, root: blob(root) }, checkpoint },
    batch: { outcomes, size, checkpoint, nodes, cache: cache2 },
  };
}

/** Attempts of the optimistic PostgreSQL commit before it queues for the head lock instead. */
const OPTIMISTIC_ATTEMPTS = 3;

/**
 * The head as this process last left it, with its remembered stream tips; streams it does not
 * remember are assumed new, which the compare-and-set write must then check. Null when a
 * request appends to a stream this process does not remember without expecting it to be new
 * (version 0): such a stream has leaves as a rule (a record read again after a restart appends
 * to its `access:` stream with 'any'), and assuming it new would cost a compare-and-set that
 * fails, the head read and a second compare-and-set, where reading the head first costs one.
 */
function assumedHead(
  cache: TreeCache,
  requests: readonly AppendRequest[],
  streamIds: readonly string[],
): { head: LockedHead; assumedNew: string[] } | null {
  if (requests.some((r) => r.expected !== 0 && !cache.tips.has(r.streamId))) return null;
  const streams = new Map<string, StreamHead>();
  const assumedNew: string[] = [];
  for (const id of streamIds) {
    const tip = cache.tips.get(id);
    if (tip === undefined) assumedNew.push(id);
    streams.set(id, tip ?? { version: 0, last: null });
  }
  return { head: { size: cache.size, root: cache.root, streams }, assumedNew };
}

/**
 * PostgreSQL without erasures: plan on the head this process last committed (its remembered
 * stream tips; unknown streams taken as new when their requests expect them so) or, when it has none or lost a race, on the head
 * and streams read in one snapshot without a lock; then one compare-and-set statement writes the
 * batch only if the head has not moved and the streams taken as new are still empty. One round
 * trip for a process that is the only writer, two after a lost race, against four under a lock.
 */
async function commitOptimistic(
  ctx: BatchContext,
  requests: readonly AppendRequest[],
  streamIds: readonly string[],
  cache: TreeCache | null,
): Promise<CommittedBatch | null> {
  const pool = ctx.database.pgPool;
  const db = pool === undefined ? storeDb(ctx.database) : pgPreparedSql(pool);
  let assumed = cache === null ? null : assumedHead(cache, requests, streamIds);
  for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
    const { head, assumedNew } = assumed ?? {
      head: await readHead(db, streamIds),
      assumedNew: [],
    };
    // After a lost race (another process moved the head, or a stream taken as new has leaves)
    // the batch is planned again on the head as read; `resume` keeps the cached edge only if
    // that head has not moved.
    assumed = null;
    const p = await prepare(ctx, db, head, requests, cache);
    if (p.write === null && assumedNew.length === 0) return p.batch;
    if (p.write === null) continue;
    const { rows, head: moved, checkpoint } = p.write;
    const cas = compareAndWrite(rows, moved, checkpoint, head.size, assumedNew);
    if ((await db.executeQuery(cas)).rows[0]?.moved === 1) {
      remember(p.batch.cache.tips, head.streams);
      return p.batch;
    }
  }
  return null;
}

/**
 * Commits one group of appends. A conflicting request fails alone; the others commit
 * (integrity.md, "Gap-free index"). SQLite, and PostgreSQL for erasures or when optimistic
 * attempts keep losing: one transaction under the head lock, 9 statements on SQLite (BEGIN
 * IMMEDIATE, head, streams, leaves, payloads, nodes, checkpoint, head, COMMIT; prepared once),
 * 4 round trips on PostgreSQL. Otherwise PostgreSQL commits optimistically in one round trip.
 * The batch's signed checkpoint is written in the same commit as its leaves.
 */
export async function commitBatch(
  ctx: BatchContext,
  requests: readonly AppendRequest[],
  cache: TreeCache | null,
): Promise<CommittedBatch> {
  const dialect = ctx.database.dialect;
  const streamIds = [...new Set(requests.map((r) => r.streamId))];
  let start = cache;
  if (dialect === 'postgres' && requests.every((r) => r.erase === undefined)) {
    const done = await commitOptimistic(ctx, requests, streamIds, cache);
    if (done !== null) return done;
    start = null; // other processes are writing: resume from what the lock shows
  }
  return inWriteTransaction(ctx.database, async (db) => {
    const head = await lockHead(db, dialect, streamIds, start);
    const p = await prepare(ctx, db, head, requests, start);
    if (p.write === null) return p.batch;
    await writeErasures(db, dialect, p.batch.outcomes);
    await run(db, writeStatements(dialect, p.write.rows, p.write.head, p.write.checkpoint));
    remember(p.batch.cache.tips, head.streams);
    return p.batch;
  });
}
