import type { CustodyEvent } from './envelope.ts';
import type { DetainedPerson, LegalProfile, Sex } from './payloads/arrest.payloads.ts';
import type { ContactRole } from './payloads/custody.payloads.ts';
import type { ReleaseGround } from './payloads/end.payloads.ts';
import type { ApprovalSubject, ObservationLevel } from './payloads/health.payloads.ts';
import type { Location } from './payloads/primitives.ts';
import type { PlacementRule } from './placement.ts';
import type { NotificationKind } from './payloads/rights.payloads.ts';

/** A closed interval of time between two instants. */
export interface Interval {
  readonly from: string;
  readonly to: string;
}

/** Interrogation bookkeeping for КПК ст. 224 (2 h without a break, 8 h a day). */
export interface InterrogationState {
  readonly status: 'none' | 'running' | 'paused';
  /** Event id of the InterrogationStarted of the current interrogation. */
  readonly startedEventId?: string;
  readonly interrogatorId?: string;
  /** Start of the segment now running (set while `running`). */
  readonly runningSince?: string;
  /** Start of the current break (set while `paused`). */
  readonly pausedSince?: string;
  /** Every finished running segment of every interrogation, oldest first. */
  readonly segments: readonly Interval[];
}

export interface OpenContact {
  readonly eventId: string;
  readonly personName: string;
  readonly personId?: string;
  readonly role: ContactRole;
  readonly since: string;
  readonly flagged: boolean;
}

/** A request for a supervisor's approval not yet decided (domain.md §2, §3.8; two-step flow). */
export interface PendingApproval {
  readonly eventId: string;
  readonly subject: ApprovalSubject;
  readonly level: ObservationLevel;
  readonly rationale: string;
  readonly requestedById: string;
  readonly requestedAt: string;
}

/** A request to lower the observation level that the level set again superseded (domain.md §3.8). */
export interface SupersededApproval {
  /** The ApprovalRequested entry that was pending. */
  readonly requestEventId: string;
  /** The ObservationLevelSet entry that superseded it, and when it happened. */
  readonly byEventId: string;
  readonly at: string;
}

export interface OpenInvestigativeAction {
  readonly eventId: string;
  readonly investigatorId: string;
  readonly since: string;
}

/** Facts of a record that stay meaningful whatever its status. */
export interface RecordCore {
  readonly recordId: string;
  readonly person: DetainedPerson;
  /** Current legal profile (after any reclassification). */
  readonly profile: LegalProfile;
  readonly initialProfile: LegalProfile;
  readonly legalBasis: string;
  /** Actual detention instant (КПК ст. 209). */
  readonly t0: string;
  /** Start of the current legal clock: `t0` unless a reclassification stated another. */
  readonly clockStartsAt: string;
  readonly detainingOfficerIds: readonly string[];
  readonly juvenile: boolean;
  readonly sex?: Sex;
  readonly foreigner: boolean;
  readonly language: string;
  readonly deliveredAt?: string;
  /** The unit the record was delivered to (КПК ст. 210). */
  readonly unitId?: string;
  /** The unit whose officer opened the record, when the opening entry names it. */
  readonly openingUnitId?: string;
  readonly registeredAt?: string;
  readonly custodyNumber?: string;
  readonly responsibleOfficialId?: string;
  readonly rightsExplainedAt?: string;
  /** First instant at which each kind of notification was made. */
  readonly notifications: Readonly<Partial<Record<NotificationKind, string>>>;
  readonly consular: 'not_asked' | 'requested' | 'declined';
  readonly consularRequestedAt?: string;
  readonly observationLevel?: ObservationLevel;
  /**
   * Requests for a supervisor's approval still pending, oldest first. A request lapses when the
   * observation level is set again before it is decided.
   */
  readonly pendingApprovals: readonly PendingApproval[];
  /**
   * The request the latest ObservationLevelSet superseded, until the next request, decision or
   * level set: why a request to lower the level is no longer pending.
   */
  readonly supersededApproval?: SupersededApproval;
  readonly intoxicated: boolean;
  readonly atRisk: boolean;
  readonly location?: Location;
  /** The placement rules the current placement broke, with its stated reason (domain.md §4). */
  readonly placementFlag?: { readonly breaches: readonly PlacementRule[]; readonly reason: string };
  readonly openContacts: readonly OpenContact[];
  readonly flaggedContactCount: number;
  readonly interrogation: InterrogationState;
  readonly openInvestigativeActions: readonly OpenInvestigativeAction[];
  readonly lastCellCheckAt?: string;
  readonly lastMealAt?: string;
  readonly lastMainMealAt?: string;
  readonly restPeriods: readonly Interval[];
  readonly martialLaw?: { readonly since: string; readonly supervisorId: string };
  readonly protocolDrawnUpAt?: string;
  readonly suspicionServedAt?: string;
  readonly courtHearingScheduledFor?: string;
  readonly courtDecision?: { readonly outcome: string; readonly at: string };
  readonly paceAuthorisations: readonly {
    readonly kind: string;
    readonly at: string;
    readonly detentionLimitHours: number;
  }[];
  readonly paceReviews: readonly { readonly at: string; readonly outcome: string }[];
  /**
   * Investigators, inquirers and operational officers of this record: actors and named persons of
   * procedural events, and the detaining officers (Law 3623-IX, КПК ст. 212 separation of duties).
   */
  readonly involvedInvestigatorIds: readonly string[];
  /** Health and risk data may be shown to these audiences (E&W Code C Note 9E; personal data law art. 7). */
  readonly healthDataConsent: { readonly lawyer: boolean; readonly monitor: boolean };
  readonly propertyHeld: boolean;
  readonly openRequestIds: readonly string[];
  readonly openComplaintIds: readonly string[];
  readonly eventCount: number;
  readonly lastOccurredAt: string;
  /** Every event of the record in stream order, with corrections applied to their targets. */
  readonly events: readonly CustodyEvent[];
  readonly correctedEventIds: readonly string[];
  readonly erasedEventIds: readonly string[];
}

/** Status of the record, with what each status alone carries. */
export type RecordStatus =
  | { readonly status: 'detained' }
  | {
      readonly status: 'in_custody';
      readonly deliveredAt: string;
      readonly unitId: string;
      readonly registrationPending: boolean;
    }
  | {
      readonly status: 'released';
      readonly endedAt: string;
      readonly endGround: ReleaseGround;
    }
  | {
      readonly status: 'transferred';
      readonly endedAt: string;
      readonly destinationKind: string;
      readonly destinationName: string;
    };

/** The state of one custody record, discriminated by `status`. */
export type CustodyRecordState = RecordCore & RecordStatus;

/** Whether the record has ended (release or transfer, domain.md §3.13). */
export function isClosed(state: CustodyRecordState): boolean {
  return state.status === 'released' || state.status === 'transferred';
}

/** Minutes of interrogation within [from, to), counting a running segment up to `to`. */
export function interrogationMinutesWithin(
  interrogation: InterrogationState,
  from: string,
  to: string,
): number {
  const lo = Date.parse(from);
  const hi = Date.parse(to);
  const segments: Interval[] = [...interrogation.segments];
  if (interrogation.status === 'running' && interrogation.runningSince !== undefined) {
    segments.push({ from: interrogation.runningSince, to });
  }
  let ms = 0;
  for (const s of segments) {
    const a = Math.max(lo, Date.parse(s.from));
    const b = Math.min(hi, Date.parse(s.to));
    if (b > a) ms += b - a;
  }
  return ms / 60_000;
}

/** An event of the record by id (corrections, erasures and answers name earlier entries). */
export function eventById(state: RecordCore, id: string): CustodyEvent | undefined {
  return state.events.find((e) => e.id === id);
}
