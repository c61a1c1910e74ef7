import type { CommandType, ValidCommandPayload } from './commands.ts';
import type { Actor } from './envelope.ts';
import { DEFAULT_FUTURE_SKEW_SECONDS, DEFAULT_LATE_ENTRY_MINUTES } from './envelope.ts';
import type { PlacementRoom } from './placement.ts';
import type { ContactRole } from './payloads/custody.payloads.ts';
import type { CustodyRecordState } from './state.ts';

/** Unit-configurable figures `decide` applies (domain.md: *defaults*, configurable). */
export interface DecideSettings {
  readonly lateEntryMinutes: number;
  /** How far ahead of the server clock an occurred-at may lie. */
  readonly futureSkewSeconds: number;
  /** A delivery slower than this needs an explanation (domain.md §3.2, КУпАП ст. 259: 1 h). */
  readonly deliveryExplanationMinutes: number;
  /** Roles whose contact with a detainee is not flagged (domain.md §3.10). */
  readonly contactRolesAllowed: readonly ContactRole[];
}

export const DEFAULT_DECIDE_SETTINGS: DecideSettings = {
  lateEntryMinutes: DEFAULT_LATE_ENTRY_MINUTES,
  futureSkewSeconds: DEFAULT_FUTURE_SKEW_SECONDS,
  deliveryExplanationMinutes: 60,
  contactRolesAllowed: [
    'lawyer',
    'legal_representative',
    'medical',
    'interpreter',
    'investigator',
    'responsible_official',
    'duty_inspector',
    'escort',
    'monitor',
    'consular_officer',
  ],
};

/**
 * Who a person named as approving an entry is at the moment of the entry, as the caller found
 * them in its accounts: an active supervisor of the record's unit, or why not (domain.md §2: the
 * unit head approves exceptions). A person the caller did not look up counts as 'unknown'.
 */
export type ApproverStanding =
  'supervisor_of_unit' | 'not_supervisor' | 'other_unit' | 'inactive' | 'unknown';

/** What `decide` needs from outside, passed as data: time, actor, ids, settings. */
export interface DecideContext {
  /** Server clock, ISO-8601 UTC; becomes every event's recordedAt. */
  readonly now: string;
  readonly actor: Actor;
  readonly newId: () => string;
  readonly settings: DecideSettings;
  /**
   * The standing, at `now`, of every person the command names as approving it (`approverIds`),
   * looked up by the caller. Absent: nobody is verified, so every approval is refused.
   */
  readonly approvers?: ReadonlyMap<string, ApproverStanding>;
  /**
   * The room for detainees a MoveDetainee places the person in (its id is the payload's `to.cellId`
   * or `to.roomId`), with its capacity and who is held there now, as the caller found it. Absent
   * when the move is not to such a room: no placement rule applies (domain.md §4).
   */
  readonly placement?: PlacementRoom;
}

/** What a rule of `decide` judges: a valid payload, its time, the record's state and the context. */
export interface RuleInput<C extends CommandType> {
  readonly payload: ValidCommandPayload<C>;
  readonly occurredAt: string;
  readonly state: CustodyRecordState;
  readonly ctx: DecideContext;
}
