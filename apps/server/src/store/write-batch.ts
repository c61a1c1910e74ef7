import type { Kysely } from 'kysely';
import {
  CompactRange,
  equalBytes,
  formatCheckpoint,
  nodesForRoot,
  signNote,
  type NoteSigner,
} from '@custody/ledger';
import type { Database } from '../db/database.ts';
import { fetchNodes, NodeMap } from './node-reader.ts';
import {
  planBatch,
  type AppendRequest,
  type PlanOutcome,
  type PlannedEvent,
} from './plan-batch.ts';
import { blob, int, type StoreSchema } from './schema.ts';
import { inWriteTransaction } from './transaction.ts';

/** The right edge of the stored tree, kept between batches of this process. */
export interface TreeCache {
  size: number;
  root: Uint8Array;
  range: CompactRange;
}

export interface CommittedBatch {
  outcomes: PlanOutcome[];
  size: number;
  note: string | null;
  /** Nodes written by this batch, reused for its receipts. */
  nodes: NodeMap;
  cache: TreeCache;
}

export interface BatchContext {
  database: Database;
  signer: NoteSigner;
  origin: string;
}

const CHUNK = 500;

async function lockHead(db: Kysely<StoreSchema>, ctx: BatchContext) {
  const q = db.selectFrom('log_head').select(['size', 'root']).where('id', '=', 1);
  const head = await (ctx.database.dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
  if (!head) throw new Error('log_head is missing: run the store migrations first');
  return { size: int(head.size), root: head.root };
}

/** Resumes the right edge from the stored nodes when another process (or a rollback) moved the head. */
async function resumeRange(
  db: Kysely<StoreSchema>,
  head: { size: number; root: Uint8Array },
  cache: TreeCache | null,
): Promise<CompactRange> {
  if (cache?.size === head.size && equalBytes(cache.root, head.root)) return cache.range;
  const nodes = await fetchNodes(db, nodesForRoot(head.size));
  const range = CompactRange.fromNodes(head.size, nodes.read);
  if (!equalBytes(range.root(), head.root)) {
    throw new Error('the stored tree does not match log_head: run `custody verify`');
  }
  return range;
}

async function insertChunked(
  db: Kysely<StoreSchema>,
  table: keyof StoreSchema,
  rows: readonly object[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
}

function leafRow(p: PlannedEvent) {
  return {
    log_index: p.index,
    stream_id: p.stream,
    stream_version: p.version,
    event_id: p.event.id,
    event_type: p.event.type,
    occurred_at: p.event.occurredAt,
    recorded_at: p.event.recordedAt,
    actor_id: p.event.actor.id,
    actor_role: p.event.actor.role,
    prev_hash: p.prev === null ? null : blob(p.prev),
    commitment: p.commitment,
    leaf: blob(p.leaf),
    leaf_hash: blob(p.leafHash),
  };
}

/**
 * Commits one group of appends in one transaction under the head lock: gap-free indexes, every
 * completed subtree node, one signed checkpoint over the root of the stored tree, then the
 * head. A conflicting request fails alone; the others commit (integrity.md, "Gap-free index").
 */
export async function commitBatch(
  ctx: BatchContext,
  requests: readonly AppendRequest[],
  cache: TreeCache | null,
): Promise<CommittedBatch> {
  return inWriteTransaction(ctx.database, async (db) => {
    const head = await lockHead(db, ctx);
    const range = await resumeRange(db, head, cache);
    const outcomes = await planBatch(db, head.size, requests);
    const planned = outcomes.flatMap((o) => (o.ok ? o.plan.events : []));
    const nodes = new NodeMap();
    if (planned.length === 0) {
      return { outcomes, size: head.size, note: null, nodes, cache: { ...head, range } };
    }
    const nodeRows: { level: number; idx: number; hash: Uint8Array }[] = [];
    for (const p of planned) {
      for (const n of range.append(p.leafHash)) {
        nodes.set(n.level, n.index, n.hash);
        nodeRows.push({ level: n.level, idx: n.index, hash: blob(n.hash) });
      }
    }
    for (const o of outcomes) {
      if (!o.ok || o.plan.erasedIndex === undefined) continue;
      const tombstone = o.plan.events[0]?.index ?? -1;
      await db
        .insertInto('log_erasures')
        .values({ log_index: o.plan.erasedIndex, tombstone_index: tombstone })
        .execute();
      await db.deleteFrom('log_payloads').where('log_index', '=', o.plan.erasedIndex).execute();
    }
    await insertChunked(db, 'log_leaves', planned.map(leafRow));
    const payloads = planned.map((p) => ({
      log_index: p.index,
      payload: p.payloadText,
      salt: blob(p.salt),
    }));
    await insertChunked(db, 'log_payloads', payloads);
    await insertChunked(db, 'log_nodes', nodeRows);
    const size = range.size;
    const root = range.root();
    const note = signNote(formatCheckpoint({ origin: ctx.origin, size, root, extensions: [] }), [
      ctx.signer,
    ]);
    await db
      .insertInto('checkpoints')
      .values({ size, root: blob(root), note })
      .execute();
    await db
      .updateTable('log_head')
      .set({ size, root: blob(root) })
      .where('id', '=', 1)
      .execute();
    return { outcomes, size, note, nodes, cache: { size, root, range } };
  });
}
