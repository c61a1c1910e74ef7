import { CompiledQuery, type Kysely } from 'kysely';
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
import { lockHead } from './head-lock.ts';
import { fetchNodes, NodeMap } from './node-reader.ts';
import { planBatch, type AppendRequest, type PlanOutcome } from './plan-batch.ts';
import { blob, type StoreSchema } from './schema.ts';
import { inWriteTransaction } from './transaction.ts';
import { writeStatements, type BatchRows } from './write-statements.ts';

/** The right edge of the stored tree, kept between batches of this process. */
export interface TreeCache {
  size: number;
  root: Uint8Array;
  range: CompactRange;
  /** The nodesForRoot(size) nodes with their hashes: the left half of every new receipt. */
  edge: readonly StoredNode[];
}

export interface CommittedBatch {
  outcomes: PlanOutcome[];
  size: number;
  note: string | null;
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
  db: Kysely<StoreSchema>,
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
  return { size: head.size, root: head.root, range, edge: edgeOf(head.size, nodes) };
}

async function run(db: Kysely<StoreSchema>, queries: readonly CompiledQuery[]): Promise<void> {
  for (const q of queries) await db.executeQuery(q);
}

async function writeErasures(
  db: Kysely<StoreSchema>,
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
 * Commits one group of appends in one transaction under the head lock: gap-free indexes, every
 * completed subtree node, one signed checkpoint over the root of the stored tree, then the
 * head. A conflicting request fails alone; the others commit (integrity.md, "Gap-free index").
 * Statements: SQLite 8 (BEGIN, head, streams, leaves, payloads, nodes, checkpoint, head, plus
 * COMMIT); PostgreSQL 4 round trips (BEGIN, lock with streams, one write, COMMIT).
 */
export async function commitBatch(
  ctx: BatchContext,
  requests: readonly AppendRequest[],
  cache: TreeCache | null,
): Promise<CommittedBatch> {
  const dialect = ctx.database.dialect;
  const streamIds = [...new Set(requests.map((r) => r.streamId))];
  return inWriteTransaction(ctx.database, async (db) => {
    const head = await lockHead(db, dialect, streamIds);
    const before = await resume(db, dialect, head, cache);
    const outcomes = await planBatch(db, head.size, requests, head.streams);
    const planned = outcomes.flatMap((o) => (o.ok ? o.plan.events : []));
    const nodes = new NodeMap();
    for (const n of before.edge) nodes.set(n.level, n.index, n.hash);
    if (planned.length === 0)
      return { outcomes, size: head.size, note: null, nodes, cache: before };
    const { range } = before;
    const rows: BatchRows = { leaves: [], payloads: [], nodes: [] };
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
      ]);
      rows.payloads.push([p.index, p.payloadText, blob(p.salt)]);
      for (const n of range.append(p.leafHash)) {
        nodes.set(n.level, n.index, n.hash);
        rows.nodes.push([n.level, n.index, blob(n.hash)]);
      }
    }
    await writeErasures(db, dialect, outcomes);
    const size = range.size;
    const root = range.root();
    const note = signNote(formatCheckpoint({ origin: ctx.origin, size, root, extensions: [] }), [
      ctx.signer,
    ]);
    await run(db, writeStatements(dialect, rows, { size, root: blob(root), note }));
    const edge = edgeOf(size, nodes);
    return { outcomes, size, note, nodes, cache: { size, root, range, edge } };
  });
}
