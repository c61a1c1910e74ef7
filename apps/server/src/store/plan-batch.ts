import { CompiledQuery } from 'kysely';
import { leafHashOnce, type JsonValue } from '@custody/ledger';
import { hex } from './bytes.ts';
import type { StreamHead } from './head-lock.ts';
import { leafBytes, sealPayload, type SealedPayload } from './leaf.ts';
import { int } from './schema.ts';
import type { Sql } from './transaction.ts';
import type { DialectName } from '../db/database.ts';
import {
  VersionConflictError,
  type ExpectedVersion,
  type NewEvent,
  type ReadModelRow,
} from './types.ts';

/** One caller's append, waiting in the group-commit queue. */
export interface AppendRequest {
  streamId: string;
  expected: ExpectedVersion;
  events: readonly NewEvent[];
  /**
   * The payloads canonicalised, salted and committed before queuing, one per event, so that the
   * write lock is held only for what depends on the log index. Absent for an erasure, whose
   * tombstone payload names its target and is sealed under the lock.
   */
  sealed?: readonly SealedPayload[];
  /** Set for a lawful erasure: `events` is the single tombstone. */
  erase?: { target: number };
  /** Read-model rows written with the events (`AppendOptions.readModels`). */
  readModels?: readonly ReadModelRow[];
}

/** A leaf ready to be written, with everything the rows and the public event need. */
export interface PlannedEvent {
  event: NewEvent;
  index: number;
  stream: string;
  version: number;
  prev: Uint8Array | null;
  payloadText: string;
  salt: Uint8Array;
  commitment: string;
  leaf: Uint8Array;
  leafHash: Uint8Array;
}

export interface PlannedRequest {
  events: PlannedEvent[];
  erasedIndex?: number;
}

export type PlanOutcome = { ok: true; plan: PlannedRequest } | { ok: false; error: Error };

/** A lawful erasure that cannot be done (no such event in that stream, or already erased). */
export class ErasureError extends Error {
  override readonly name = 'ErasureError';
}

/**
 * Plans a batch inside the write transaction: checks each request's expected version against
 * its stream (a conflict fails that request alone), assigns gap-free log indexes from `size`,
 * and builds the leaf bytes. Nothing is written here.
 */
export async function planBatch(
  db: Sql,
  dialect: DialectName,
  size: number,
  requests: readonly AppendRequest[],
  heads: Map<string, StreamHead>,
): Promise<PlanOutcome[]> {
  const erased = new Set<number>();
  let next = size;
  const outcomes: PlanOutcome[] = [];
  for (const req of requests) {
    const head = heads.get(req.streamId) ?? { version: 0, last: null };
    try {
      if (req.expected !== 'any' && req.expected !== head.version) {
        throw new VersionConflictError(req.streamId, req.expected, head.version);
      }
      const extra = req.erase ? await checkErasure(db, dialect, req, size, erased) : undefined;
      const events: PlannedEvent[] = [];
      let { version, last } = head;
      for (const [i, event] of req.events.entries()) {
        const payload = extra ? tombstonePayload(event.payload, extra) : event.payload;
        const sealed = (extra ? undefined : req.sealed?.[i]) ?? sealPayload(payload);
        const planned = planEvent(
          extra ? { ...event, payload } : event,
          sealed,
          next + events.length,
          req.streamId,
          ++version,
          last,
        );
        last = planned.leafHash;
        events.push(planned);
      }
      next += events.length;
      heads.set(req.streamId, { version, last });
      if (req.erase) erased.add(req.erase.target);
      const plan: PlannedRequest = { events };
      if (req.erase) plan.erasedIndex = req.erase.target;
      outcomes.push({ ok: true, plan });
    } catch (error) {
      outcomes.push({
        ok: false,
        error: error instanceof Error ? error : new Error(String(error)),
      });
    }
  }
  return outcomes;
}

function planEvent(
  event: NewEvent,
  sealed: SealedPayload,
  index: number,
  stream: string,
  version: number,
  prev: Uint8Array | null,
): PlannedEvent {
  const leaf = leafBytes({
    index,
    stream,
    version,
    prev: prev === null ? null : hex(prev),
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    occurredOffset: event.occurredOffset ?? null,
    recordedAt: event.recordedAt,
    actor: event.actor,
    commitment: sealed.commitment,
  });
  return {
    event,
    index,
    stream,
    version,
    prev,
    payloadText: sealed.text,
    salt: sealed.salt,
    commitment: sealed.commitment,
    leaf,
    leafHash: leafHashOnce(leaf),
  };
}

interface ErasedRef {
  logIndex: number;
  leafHash: string;
}

/** The tombstone names what it erases, so the log itself binds the erasure (integrity.md). */
function tombstonePayload(payload: JsonValue, ref: ErasedRef): JsonValue {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new ErasureError('a tombstone payload must be a JSON object');
  }
  return { ...payload, erased: { logIndex: ref.logIndex, leafHash: ref.leafHash } };
}

async function checkErasure(
  db: Sql,
  dialect: DialectName,
  req: AppendRequest,
  size: number,
  erasedInBatch: ReadonlySet<number>,
): Promise<ErasedRef> {
  const target = req.erase?.target ?? -1;
  if (req.events.length !== 1) throw new ErasureError('an erasure appends exactly one tombstone');
  if (!Number.isSafeInteger(target) || target < 0 || target >= size) {
    throw new ErasureError(`no event at log index ${target}`);
  }
  const placeholder = dialect === 'sqlite' ? '?' : '$1';
  const { rows } = await db.executeQuery<{
    stream_id: string;
    leaf_hash: Uint8Array;
    payload_index: unknown;
  }>(
    CompiledQuery.raw(
      `SELECT l.stream_id, l.leaf_hash, p.log_index AS payload_index FROM log_leaves l
        LEFT JOIN log_payloads p ON p.log_index = l.log_index WHERE l.log_index = ${placeholder}`,
      [target],
    ),
  );
  const row = rows[0];
  if (row?.stream_id !== req.streamId) {
    throw new ErasureError(`log index ${target} is not in stream ${req.streamId}`);
  }
  if (row.payload_index === null || erasedInBatch.has(target)) {
    throw new ErasureError(`the payload of log index ${target} is already erased`);
  }
  return { logIndex: int(target), leafHash: hex(row.leaf_hash) };
}
