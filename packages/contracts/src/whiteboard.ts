import { PLACEMENT_RULES } from '@custody/domain';
import { z } from 'zod';
import {
  CommandTypeName,
  NotificationKind,
  Obligation,
  PlacementFlag,
  RecordSummary,
} from './records.ts';

/** A person in contact with the detainee right now (domain.md §3.10); flagged when the role does not allow it. */
export const OpenContactView = z.object({
  eventId: z.string(),
  personName: z.string(),
  role: z.string(),
  since: z.string(),
  flagged: z.boolean(),
});
export type OpenContactView = z.infer<typeof OpenContactView>;

/**
 * An obligation as the whiteboard carries it: everything but the bilingual explanation, which the
 * board does not show (the record page does). Without it a board of 200 detainees is a fraction
 * of the size, and it is fetched again after every entry in the unit.
 */
export const BoardObligation = Obligation.omit({ explanation: true });
export type BoardObligation = z.infer<typeof BoardObligation>;

/** A room for detainees and how many it holds now, against its capacity ("2/4"; domain.md §4). */
export const RoomOccupancy = z.object({
  id: z.string(),
  name: z.string(),
  capacity: z.int(),
  occupants: z.int(),
});
export type RoomOccupancy = z.infer<typeof RoomOccupancy>;

/**
 * A room for detainees of the record's unit as a place to put this detainee now: its occupancy and
 * the placement rules placing them there would break (domain placementBreaches, the function
 * `decide` applies to MoveDetainee), so a screen names them before the entry is sent.
 */
export const RoomPlacement = RoomOccupancy.extend({
  breaches: z.array(z.enum(PLACEMENT_RULES)),
});
export type RoomPlacement = z.infer<typeof RoomPlacement>;

/** `GET /api/v1/records/{recordId}/placements`: every active room for detainees of its unit. */
export const RecordPlacements = z.object({ rooms: z.array(RoomPlacement) });
export type RecordPlacements = z.infer<typeof RecordPlacements>;

/** One active detainee on the unit's whiteboard. */
export const WhiteboardRow = z.object({
  summary: RecordSummary.extend({
    nextDue: BoardObligation.nullable(),
    mostUrgent: BoardObligation.nullable(),
  }),
  /** Open obligations (upcoming, warning, overdue), soonest due first. */
  obligations: z.array(BoardObligation),
  /** Notifications still owed "immediately" (КПК ст. 213; CMU 1363). */
  outstandingNotifications: z.array(NotificationKind),
  nextCheckDueAt: z.string().nullable(),
  openContacts: z.array(OpenContactView),
  /** The room for detainees the person is held in, with its occupancy; null elsewhere. */
  room: RoomOccupancy.nullable(),
  /** Set when the current placement broke placement rules and was recorded flagged. */
  placementFlag: PlacementFlag.nullable(),
  /** How many requests await a supervisor's decision (domain.md §3.8; the two-step approval). */
  pendingApprovals: z.int().nonnegative(),
  /**
   * The request to lower the observation level that the level, set again before a supervisor
   * decided, superseded (the entry `byEventId` at `at`; domain.md §3.8), until the next request,
   * decision or level set: why a request is no longer pending. Risk data: null for a reader
   * without `record.read_health`.
   */
  supersededApproval: z
    .object({ requestEventId: z.string(), byEventId: z.string(), at: z.string() })
    .nullable(),
});
export type WhiteboardRow = z.infer<typeof WhiteboardRow>;

/** Every active detainee of a unit with location, time in custody and next deadlines. */
export const Whiteboard = z.object({
  unit: z.object({ id: z.string(), name: z.string(), code: z.string(), timeZone: z.string() }),
  now: z.string(),
  rows: z.array(WhiteboardRow),
  /** Every active room for detainees of the unit with its occupancy now. */
  rooms: z.array(RoomOccupancy),
  /**
   * The commands the caller's role may issue on this unit's records (the authorization matrix);
   * whether a record's state accepts one is on the record (`RecordView.commands`).
   */
  commands: z.array(CommandTypeName),
});
export type Whiteboard = z.infer<typeof Whiteboard>;

/**
 * The data of one server-sent event on the record and whiteboard streams; the SSE `id` is
 * `logIndex`, which a reconnecting client sends back as `Last-Event-ID`.
 *
 * A frame names the entry, not its consequences: it carries no deadline and no `mostUrgent`. The
 * frames are the log's own leaves, read back from the log (so a reconnecting client misses
 * nothing), while a deadline's status and the ranking change with time alone, with no entry (a
 * check falls due, a limit enters its warning), and depend on the whole record folded with the
 * unit's settings. A client therefore re-reads on a frame what it shows: the whiteboard
 * (`GET /api/v1/units/{unitId}/whiteboard`) or the record (`GET /api/v1/records/{recordId}`),
 * whose summary carries `mostUrgent` ranked by the domain (severity.ts); the web app does so.
 */
export const LiveRecordEvent = z.object({
  logIndex: z.int().nonnegative(),
  recordId: z.string(),
  unitId: z.string(),
  eventId: z.string(),
  type: z.string(),
  version: z.int().positive(),
  occurredAt: z.string(),
  recordedAt: z.string(),
});
export type LiveRecordEvent = z.infer<typeof LiveRecordEvent>;
