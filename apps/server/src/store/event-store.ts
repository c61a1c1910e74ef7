import { consistencyProof, nodesForConsistency } from '@custody/ledger';
import { base64, hex } from './bytes.ts';
import { GroupCommitter } from './group-commit.ts';
import { sealPayload } from './leaf.ts';
import { fetchNodes } from './node-reader.ts';
import type { AppendRequest, PlannedEvent, PlannedRequest } from './plan-batch.ts';
import { ProofReader } from './proof-reader.ts';
import {
  selectEvents,
  selectEventsOf,
  selectStreamEvents,
  selectStreamsOpenedBy,
  toStoredEvent,
  toStreamEvent,
} from './rows.ts';
import { CompiledQuery } from 'kysely';
import { inWriteTransaction, runPrepared, storeDb } from './transaction.ts';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventStoreDeps,
  ExpectedVersion,
  NewEvent,
  Receipt,
  StoredEvent,
  StreamRange,
} from './types.ts';
import { commitBatch, signCheckpoint, type CommittedBatch, type TreeCache } from './write-batch.ts';
import { checkpointStatement } from './write-statements.ts';
import { int } from './schema.ts';

function plannedToStored(p: PlannedEvent): StoredEvent {
  return {
    id: p.event.id,
    type: p.event.type,
    occurredAt: p.event.occurredAt,
    ...(p.event.occurredOffset === undefined ? {} : { occurredOffset: p.event.occurredOffset }),
    recordedAt: p.event.recordedAt,
    actor: { id: p.event.actor.id, role: p.event.actor.role },
    logIndex: p.index,
    streamId: p.stream,
    streamVersion: p.version,
    leafHash: hex(p.leafHash),
    prevStreamLeafHash: p.prev === null ? null : hex(p.prev),
    payloadCommitment: p.commitment,
    payload: JSON.parse(p.payloadText) as StoredEvent['payload'],
  };
}

/**
 * Base64 of tree nodes, by node: the receipts of one batch share most of their path (the edge
 * of the tree before it), and the edge carries over to the next batches, so each node is
 * encoded once, not once per receipt.
 */
const encodedNodes = new WeakMap<Uint8Array, string>();
function encodedNode(hash: Uint8Array): string {
  let text = encodedNodes.get(hash);
  if (text === undefined) {
    text = base64(hash);
    encodedNodes.set(hash, text);
  }
  return text;
}

const LOCK_HEAD_PG = CompiledQuery.raw(
  'SELECT size FROM log_head WHERE id = 1 FOR UPDATE',
) as CompiledQuery<{ size: number | string }>;
/** SQLite: the write transaction holds the database's write lock already. */
const HEAD_SQLITE = CompiledQuery.raw('SELECT size FROM log_head WHERE id = 1') as CompiledQuery<{
  size: number | string;
}>;

/** A stream read compiled once, bound to one stream and first version. */
function bind<R>(query: CompiledQuery<R>, streamId: string, fromVersion: number): CompiledQuery<R> {
  return { ...query, parameters: [streamId, fromVersion] };
}

function checkSize(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number`);
}

function checkRange(range: StreamRange): void {
  if (range.limit !== undefined) checkSize(range.limit, 'limit');
}

/**
 * Opens the event store over a migrated database (`storeMigrations`): one global RFC 9162
 * Merkle log, streams with optimistic concurrency, a signed checkpoint per commit and a receipt
 * per appended event (integrity.md). Appends go through group commit.
 */
export function createEventStore(deps: EventStoreDeps): Promise<EventStore> {
  const db = storeDb(deps.database);
  const dialect = deps.database.dialect;
  const proofs = new ProofReader(db, dialect);
  // A stream read, built and compiled once; each read binds its stream and version and runs
  // as a statement prepared once (`runPrepared`).
  const streamQueries = {
    full: selectEvents(db)
      .where('l.stream_id', '=', '')
      .where('l.stream_version', '>=', 1)
      .orderBy('l.stream_version')
      .compile(),
    events: selectStreamEvents(db)
      .where('l.stream_id', '=', '')
      .where('l.stream_version', '>=', 1)
      .orderBy('l.stream_version')
      .compile(),
  };
  let cache: TreeCache | null = null;
  let closed = false;

  const committer = new GroupCommitter(async (requests) => {
    try {
      const batch = await commitBatch(deps, requests, cache);
      cache = batch.cache;
      if (batch.checkpoint !== null) {
        proofs.committed(batch.size, batch.cache.root, batch.checkpoint.note);
      }
      return batch;
    } catch (error) {
      cache = null;
      throw error;
    }
  }, deps.groupCommitWindowMs ?? 0);

  async function receiptsOf(plan: PlannedRequest, batch: CommittedBatch): Promise<Receipt[]> {
    const note = batch.checkpoint?.note;
    if (note === undefined) return [];
    const out: Receipt[] = [];
    for (const e of plan.events) {
      const proof = await proofs.fromBatch(e.index, batch.size, batch.nodes);
      out.push({
        logIndex: e.index,
        leafHash: hex(e.leafHash),
        checkpoint: note,
        inclusionProof: proof.map(encodedNode),
        treeSize: batch.size,
      });
    }
    return out;
  }

  async function submit(
    request: AppendRequest,
  ): Promise<{ plan: PlannedRequest; events: StoredEvent[]; receipts: Receipt[] }> {
    if (closed) throw new Error('the event store is closed');
    const { plan, batch } = await committer.submit(request);
    return {
      plan,
      events: plan.events.map(plannedToStored),
      receipts: await receiptsOf(plan, batch),
    };
  }

  async function proveInclusion(logIndex: number, treeSize: number): Promise<string[]> {
    checkSize(logIndex, 'logIndex');
    checkSize(treeSize, 'treeSize');
    if (logIndex >= treeSize || !(await proofs.covered(treeSize))) {
      throw new RangeError(`no inclusion proof for index ${logIndex} in a tree of ${treeSize}`);
    }
    return (await proofs.inclusion(logIndex, treeSize)).map(base64);
  }

  const store: EventStore = {
    async append(
      streamId: string,
      expected: ExpectedVersion,
      events: readonly NewEvent[],
      options?: AppendOptions,
    ) {
      const sealed = events.map((e) => sealPayload(e.payload));
      const { events: stored, receipts }: AppendResult = await submit({
        streamId,
        expected,
        events,
        sealed,
        ...(options?.readModels === undefined ? {} : { readModels: options.readModels }),
      });
      return { events: stored, receipts };
    },
    async erasePayload(streamId, target, tombstone, options) {
      const r = await submit({
        streamId,
        expected: options?.expected ?? 'any',
        events: [tombstone],
        erase: { target },
        ...(options?.readModels === undefined ? {} : { readModels: options.readModels }),
      });
      const event = r.events[0];
      const receipt = r.receipts[0];
      if (event === undefined || receipt === undefined) throw new Error('erasure stored nothing');
      return { tombstone: event, receipt };
    },
    async readStream(streamId, fromVersion = 1) {
      const { rows } = await runPrepared(
        deps.database,
        bind(streamQueries.full, streamId, fromVersion),
      );
      return rows.map(toStoredEvent);
    },
    async readEvents(streamId, fromVersion = 1) {
      const { rows } = await runPrepared(
        deps.database,
        bind(streamQueries.events, streamId, fromVersion),
      );
      return rows.map(toStreamEvent);
    },
    async streamsOpenedBy(type, range) {
      checkRange(range);
      const rows = await selectStreamsOpenedBy(db, type, range).execute();
      return rows.map((r) => r.stream_id);
    },
    async readEventsOf(streamIds, fromIndex = 0) {
      checkSize(fromIndex, 'fromIndex');
      if (streamIds.length === 0) return [];
      const rows = await selectEventsOf(db, streamIds, fromIndex).execute();
      return rows.map(toStreamEvent);
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
    latestCheckpoint: () => proofs.latest(),
    async receipt(logIndex) {
      const latest = await proofs.latest();
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
      if (oldSize > newSize || !(await proofs.covered(newSize))) {
        throw new RangeError(`no consistency proof from ${oldSize} to ${newSize}`);
      }
      const nodes = await fetchNodes(db, dialect, nodesForConsistency(oldSize, newSize));
      return consistencyProof(oldSize, newSize, nodes.read).map(base64);
    },
    withLogLocked(fn) {
      return inWriteTransaction(deps.database, async (sql) => {
        const head = await sql.executeQuery(dialect === 'postgres' ? LOCK_HEAD_PG : HEAD_SQLITE);
        const size = head.rows[0]?.size;
        if (size === undefined) throw new Error('log_head is missing: run the store migrations');
        return fn({
          executeQuery: (query) => sql.executeQuery(query),
          size: () => Promise.resolve(int(size)),
          async streamsOpenedBy(type, range) {
            checkRange(range);
            const query = selectStreamsOpenedBy(db, type, range).compile();
            return (await sql.executeQuery(query)).rows.map((r) => r.stream_id);
          },
          async readEventsOf(streamIds, fromIndex = 0) {
            checkSize(fromIndex, 'fromIndex');
            if (streamIds.length === 0) return [];
            const query = selectEventsOf(db, streamIds, fromIndex).compile();
            return (await sql.executeQuery(query)).rows.map(toStreamEvent);
          },
          async readLog(fromIndex, limit) {
            checkSize(fromIndex, 'fromIndex');
            checkSize(limit, 'limit');
            const query = selectEvents(db)
              .where('l.log_index', '>=', fromIndex)
              .orderBy('l.log_index')
              .limit(limit)
              .compile();
            return (await sql.executeQuery(query)).rows.map(toStoredEvent);
          },
        });
      });
    },
    signMissingCheckpoint: () => signMissingCheckpoint(deps, proofs),
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
    return hex(row.leaf_hash);
  }

  return Promise.resolve(store);
}

/**
 * A head without its checkpoint row: left by a version of the store that wrote each batch's
 * checkpoint row in the next commit, when its process died in between (a batch's row is now
 * written with it). Signed again here, it is the same note byte for byte (deterministic Ed25519,
 * no time in a C2SP checkpoint), so every receipt already given stays what the log publishes.
 * An insert that finds the row (another process wrote it meanwhile) changes nothing.
 */
async function signMissingCheckpoint(deps: EventStoreDeps, proofs: ProofReader): Promise<boolean> {
  const head = await storeDb(deps.database)
    .selectFrom('log_head')
    .select(['size', 'root'])
    .where('id', '=', 1)
    .executeTakeFirst();
  const size = head === undefined ? 0 : int(head.size);
  if (head === undefined || size === 0 || (await proofs.covered(size))) return false;
  const cp = signCheckpoint(deps, size, head.root);
  await storeDb(deps.database).executeQuery(checkpointStatement(deps.database.dialect, cp));
  proofs.committed(cp.size, head.root, cp.note);
  return true;
}
