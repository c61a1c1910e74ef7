import { sql, type Kysely, type Selectable } from 'kysely';
import type { JsonValue } from '@custody/ledger';
import { hex } from './bytes.ts';
import { int, type LogLeavesTable, type StoreSchema } from './schema.ts';
import type { StoredEvent, StreamEvent, StreamRange } from './types.ts';

type Leaf = Selectable<LogLeavesTable>;

/** The columns of an event without what only proofs need: `readEvents`. */
export type EventRow = Omit<Leaf, 'leaf' | 'leaf_hash' | 'prev_hash' | 'commitment'> & {
  payload: string | null;
};
/** The columns of an event with its hashes and commitment: `readStream`, `readLog`. */
export type LeafRow = Omit<Leaf, 'leaf'> & { payload: string | null };

const EVENT_COLUMNS = [
  'l.log_index',
  'l.stream_id',
  'l.stream_version',
  'l.event_id',
  'l.event_type',
  'l.occurred_at',
  'l.recorded_at',
  'l.actor_id',
  'l.actor_role',
  'l.occurred_offset',
  'p.payload',
] as const;
const PROOF_COLUMNS = ['l.prev_hash', 'l.commitment', 'l.leaf_hash'] as const;

function leavesWithPayloads(db: Kysely<StoreSchema>) {
  return db
    .selectFrom('log_leaves as l')
    .leftJoin('log_payloads as p', 'p.log_index', 'l.log_index');
}

/**
 * Leaves joined with their (possibly erased) payloads; callers add where/order/limit. The leaf
 * bytes stay in the database: an event is read without them (they are re-made from its fields
 * and only verification reads them, with its own query), which spares each read a copy of about
 * 400 bytes per event.
 */
export function selectEvents(db: Kysely<StoreSchema>) {
  return leavesWithPayloads(db).select([...EVENT_COLUMNS, ...PROOF_COLUMNS]);
}

/** The same without the hashes and the commitment (`toStreamEvent`). */
export function selectStreamEvents(db: Kysely<StoreSchema>) {
  return leavesWithPayloads(db).select(EVENT_COLUMNS);
}

/**
 * Maps a row to the store's public event shape, field by field: the one place that does, for
 * both reads. `proofs` is what only proofs need (none for `readEvents`); it goes between the
 * stream position and the payload, so a stored event's fields keep their order.
 */
function eventOf<P extends object>(r: EventRow, proofs: P): StreamEvent & P {
  return {
    id: r.event_id,
    type: r.event_type,
    occurredAt: r.occurred_at,
    ...(r.occurred_offset === null ? {} : { occurredOffset: r.occurred_offset }),
    recordedAt: r.recorded_at,
    actor: { id: r.actor_id, role: r.actor_role },
    logIndex: int(r.log_index),
    streamId: r.stream_id,
    streamVersion: r.stream_version,
    ...proofs,
    payload: r.payload === null ? null : (JSON.parse(r.payload) as JsonValue),
  };
}

const NO_PROOFS = {};

/** An event for a caller that folds or lists entries (`readEvents`). */
export function toStreamEvent(r: EventRow): StreamEvent {
  return eventOf(r, NO_PROOFS);
}

/** An event with its leaf hash, the stream's previous one and its payload commitment. */
export function toStoredEvent(r: LeafRow): StoredEvent {
  return eventOf(r, {
    leafHash: hex(r.leaf_hash),
    prevStreamLeafHash: r.prev_hash === null ? null : hex(r.prev_hash),
    payloadCommitment: r.commitment,
  });
}

/**
 * The ids of the streams whose first event is of `type`, within `range` (`streamsOpenedBy`): a
 * range of the index of first entries (`log_leaves_openings`, migration 0103), whose condition is
 * written as a literal so that both planners see that the index holds every row asked for.
 */
export function selectStreamsOpenedBy(db: Kysely<StoreSchema>, type: string, range: StreamRange) {
  let q = db
    .selectFrom('log_leaves')
    .select('stream_id')
    .where('event_type', '=', type)
    .where('stream_version', '=', sql.lit(1))
    .where('stream_id', '>', range.after);
  if (range.through !== undefined) q = q.where('stream_id', '<=', range.through);
  q = q.orderBy('stream_id');
  return range.limit === undefined ? q : q.limit(range.limit);
}

/** The events of several streams from a log index on (`readEventsOf`); `streamIds` not empty. */
export function selectEventsOf(
  db: Kysely<StoreSchema>,
  streamIds: readonly string[],
  fromIndex: number,
) {
  return selectStreamEvents(db)
    .where('l.stream_id', 'in', streamIds)
    .where('l.log_index', '>=', fromIndex)
    .orderBy('l.stream_id')
    .orderBy('l.stream_version');
}
