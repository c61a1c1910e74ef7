import {
  consistencyProof,
  inclusionProof,
  nodesForConsistency,
  nodesForInclusion,
  toBase64,
  toHex,
} from '@custody/ledger';
import { GroupCommitter } from './group-commit.ts';
import { fetchNodes, type NodeMap } from './node-reader.ts';
import type { AppendRequest, PlannedEvent, PlannedRequest } from './plan-batch.ts';
import { selectEvents, toStoredEvent } from './rows.ts';
import { int } from './schema.ts';
import { storeDb } from './transaction.ts';
import type {
  AppendResult,
  CheckpointInfo,
  EventStore,
  EventStoreDeps,
  ExpectedVersion,
  NewEvent,
  Receipt,
  StoredEvent,
} from './types.ts';
import { commitBatch, type CommittedBatch, type TreeCache } from './write-batch.ts';

function plannedToStored(p: PlannedEvent): StoredEvent {
  return {
    id: p.event.id,
    type: p.event.type,
    occurredAt: p.event.occurredAt,
    recordedAt: p.event.recordedAt,
    actor: { id: p.event.actor.id, role: p.event.actor.role },
    logIndex: p.index,
    streamId: p.stream,
    streamVersion: p.version,
    leafHash: toHex(p.leafHash),
    prevStreamLeafHash: p.prev === null ? null : toHex(p.prev),
    payloadCommitment: p.commitment,
    payload: JSON.parse(p.payloadText) as StoredEvent['payload'],
  };
}

function checkSize(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number`);
}

/**
 * Opens the event store over a migrated database (`storeMigrations`): one global RFC 9162
 * Merkle log, streams with optimistic concurrency, a signed checkpoint per commit and a receipt
 * per appended event (integrity.md). Appends go through group commit.
 */
export function createEventStore(deps: EventStoreDeps): Promise<EventStore> {
  const db = storeDb(deps.database);
  let cache: TreeCache | null = null;
  let closed = false;
  const proofNodes = new WeakMap<CommittedBatch, Promise<NodeMap>>();

  const committer = new GroupCommitter(async (requests) => {
    try {
      const batch = await commitBatch(deps, requests, cache);
      cache = batch.cache;
      return batch;
    } catch (error) {
      cache = null;
      throw error;
    }
  }, deps.groupCommitWindowMs ?? 0);

  function nodesFor(batch: CommittedBatch): Promise<NodeMap> {
    let p = proofNodes.get(batch);
    if (p === undefined) {
      const ids = batch.outcomes
        .flatMap((o) => (o.ok ? o.plan.events : []))
        .flatMap((e) => nodesForInclusion(e.index, batch.size));
      p = fetchNodes(db, ids, batch.nodes);
      proofNodes.set(batch, p);
    }
    return p;
  }

  async function submit(
    request: AppendRequest,
  ): Promise<{ plan: PlannedRequest; events: StoredEvent[]; receipts: Receipt[] }> {
    if (closed) throw new Error('the event store is closed');
    const { plan, batch } = await committer.submit(request);
    const events = plan.events.map(plannedToStored);
    if (batch.note === null) return { plan, events, receipts: [] };
    const note = batch.note;
    const nodes = await nodesFor(batch);
    const receipts = plan.events.map((e) => ({
      logIndex: e.index,
      leafHash: toHex(e.leafHash),
      checkpoint: note,
      inclusionProof: inclusionProof(e.index, batch.size, nodes.read).map(toBase64),
      treeSize: batch.size,
    }));
    return { plan, events, receipts };
  }

  async function latestCheckpoint(): Promise<CheckpointInfo | null> {
    const row = await db
      .selectFrom('checkpoints')
      .select(['size', 'root', 'note'])
      .orderBy('size', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { size: int(row.size), root: toHex(row.root), note: row.note } : null;
  }

  async function proveInclusion(logIndex: number, treeSize: number): Promise<string[]> {
    checkSize(logIndex, 'logIndex');
    checkSize(treeSize, 'treeSize');
    const latest = await latestCheckpoint();
    if (logIndex >= treeSize || treeSize > (latest?.size ?? 0)) {
      throw new RangeError(`no inclusion proof for index ${logIndex} in a tree of ${treeSize}`);
    }
    const nodes = await fetchNodes(db, nodesForInclusion(logIndex, treeSize));
    return inclusionProof(logIndex, treeSize, nodes.read).map(toBase64);
  }

  const store: EventStore = {
    async append(streamId: string, expected: ExpectedVersion, events: readonly NewEvent[]) {
      const { events: stored, receipts }: AppendResult = await submit({
        streamId,
        expected,
        events,
      });
      return { events: stored, receipts };
    },
    async erasePayload(streamId, target, tombstone) {
      const r = await submit({ streamId, expected: 'any', events: [tombstone], erase: { target } });
      const event = r.events[0];
      const receipt = r.receipts[0];
      if (event === undefined || receipt === undefined) throw new Error('erasure stored nothing');
      return { tombstone: event, receipt };
    },
    async readStream(streamId, fromVersion = 1) {
      const rows = await selectEvents(db)
        .where('l.stream_id', '=', streamId)
        .where('l.stream_version', '>=', fromVersion)
        .orderBy('l.stream_version')
        .execute();
      return rows.map(toStoredEvent);
    },
    async readLog(fromIndex, limit) {
      checkSize(fromIndex, 'fromIndex');
      checkSize(limit, 'limit');
      const rows = await selectEvents(db)
        .where('l.log_index', '>=', fromIndex)
        .orderBy('l.log_index')
        .limit(limit)
        .execute();
      return rows.map(toStoredEvent);
    },
    async streamVersion(streamId) {
      const row = await db
        .selectFrom('log_leaves')
        .select((eb) => eb.fn.max('stream_version').as('v'))
        .where('stream_id', '=', streamId)
        .executeTakeFirst();
      return row?.v ?? 0;
    },
    latestCheckpoint,
    async receipt(logIndex) {
      const latest = await latestCheckpoint();
      if (latest === null || logIndex >= latest.size) {
        throw new RangeError(`log index ${logIndex} is not covered by a checkpoint`);
      }
      return {
        logIndex,
        leafHash: await leafHashAt(logIndex),
        checkpoint: latest.note,
        inclusionProof: await proveInclusion(logIndex, latest.size),
        treeSize: latest.size,
      };
    },
    inclusionProof: proveInclusion,
    async consistencyProof(oldSize, newSize) {
      checkSize(oldSize, 'oldSize');
      checkSize(newSize, 'newSize');
      const latest = await latestCheckpoint();
      if (oldSize > newSize || newSize > (latest?.size ?? 0)) {
        throw new RangeError(`no consistency proof from ${oldSize} to ${newSize}`);
      }
      const nodes = await fetchNodes(db, nodesForConsistency(oldSize, newSize));
      return consistencyProof(oldSize, newSize, nodes.read).map(toBase64);
    },
    async close() {
      closed = true;
      await committer.idle();
    },
  };

  async function leafHashAt(logIndex: number): Promise<string> {
    const row = await db
      .selectFrom('log_leaves')
      .select('leaf_hash')
      .where('log_index', '=', logIndex)
      .executeTakeFirst();
    if (!row) throw new RangeError(`no event at log index ${logIndex}`);
    return toHex(row.leaf_hash);
  }

  return Promise.resolve(store);
}
