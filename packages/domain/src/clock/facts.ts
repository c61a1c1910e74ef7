import type { CustodyEvent, EventOf } from '../envelope.ts';
import type { EventType } from '../events.ts';
import type { ObservationLevel } from '../payloads/health.payloads.ts';
import type { NotificationKind } from '../payloads/rights.payloads.ts';
import type { ProfileId } from './types.ts';
import { toMs } from './time.ts';

/** An event that happened, by its effective occurred-at (ms since the epoch). */
export interface At {
  at: number;
  eventId: string;
}

/** One run of an interrogation between a start or resume and a pause or end. */
export interface Segment {
  start: At;
  end?: At;
  defenderPresent: boolean;
}

/** One interrogation, from InterrogationStarted to InterrogationEnded. */
export interface Interrogation {
  startEventId: string;
  segments: Segment[];
}

/** A change of the facts that set the cell-check interval (Code C 9.3, Annex H). */
export interface RiskChange {
  at: number;
  intoxicated?: boolean;
  atRisk?: boolean;
  level?: ObservationLevel;
}

/** A PACE s.42-44 authorisation: the new limit in hours from the relevant time. */
export interface PaceAuthorisation extends At {
  kind: 'superintendent_extension' | 'warrant_of_further_detention' | 'warrant_extension';
  limitHours: number;
}

/** A change of legal basis (КПК ст. 209, 211: time already held counts). */
export interface Reclassification extends At {
  profile: ProfileId;
  clockStartsAt?: number;
}

/**
 * What the clock needs to know about a record, folded from its events in occurred-at order.
 * Only the first event of a kind discharges a deadline, so later repeats are kept out.
 */
export interface RecordFacts {
  detention?: At & { profile: ProfileId; juvenile: boolean; foreigner: boolean };
  delivery?: At & { explained: boolean };
  reclassifications: Reclassification[];
  martialLaw?: At;
  suspicionNotice?: At;
  courtDecision?: At;
  protocol?: At;
  closed?: At & { how: 'release' | 'transfer' };
  notifications: Partial<Record<NotificationKind, At>>;
  /** The first RightsExplained (КПК ст. 208 ч. 4; КУпАП ст. 261). */
  rightsExplained?: At;
  consularRequest?: At;
  consularDeclined?: At;
  interrogations: Interrogation[];
  cellChecks: (At & { roused: boolean })[];
  riskChanges: RiskChange[];
  meals: At[];
  rests: (At & { from: number; to: number; interrupted: boolean })[];
  paceAuthorisations: PaceAuthorisation[];
  paceReviews: At[];
}

function emptyFacts(): RecordFacts {
  return {
    reclassifications: [],
    notifications: {},
    interrogations: [],
    cellChecks: [],
    riskChanges: [],
    meals: [],
    rests: [],
    paceAuthorisations: [],
    paceReviews: [],
  };
}

interface Timed {
  at: number;
  event: CustodyEvent;
}

/**
 * Events ordered by their effective occurred-at: an EntryCorrected with `correctedOccurredAt`
 * moves the event it corrects (domain.md §3: corrections are new events, nothing is edited).
 */
export function orderByOccurrence(events: readonly CustodyEvent[]): Timed[] {
  let corrected: Map<string, number> | undefined;
  for (const e of events) {
    if (e.type === 'EntryCorrected' && e.payload.correctedOccurredAt !== undefined) {
      corrected ??= new Map();
      corrected.set(e.payload.targetEventId, toMs(e.payload.correctedOccurredAt));
    }
  }
  const timed: Timed[] = events.map((event) => ({
    at: corrected?.get(event.id) ?? toMs(event.occurredAt),
    event,
  }));
  let sorted = true;
  for (let i = 1; i < timed.length && sorted; i++) {
    sorted = (timed[i - 1]?.at ?? 0) <= (timed[i]?.at ?? 0);
  }
  return sorted ? timed : timed.slice().sort((a, b) => a.at - b.at);
}

/** Folds a record's events into the facts the clock rules read. */
export function foldFacts(events: readonly CustodyEvent[]): RecordFacts {
  const facts = emptyFacts();
  for (const { at, event } of orderByOccurrence(events)) apply(facts, at, event);
  return facts;
}

type Handlers = {
  [T in EventType]?: (f: RecordFacts, here: At, e: EventOf<T>) => void;
};

/** What each event type contributes; types absent here do not move the clock. */
const handlers: Handlers = {
  DetentionRecorded(f, here, e) {
    const { profile, juvenile, foreigner } = e.payload;
    f.detention ??= { ...here, profile, juvenile, foreigner };
  },
  DetaineeDelivered(f, here, e) {
    f.delivery ??= { ...here, explained: e.payload.delayExplanation !== undefined };
  },
  DetentionReclassified(f, here, e) {
    const { newProfile, clockStartsAt } = e.payload;
    f.reclassifications.push({
      ...here,
      profile: newProfile,
      ...(clockStartsAt === undefined ? {} : { clockStartsAt: toMs(clockStartsAt) }),
    });
  },
  MartialLawConditionsRecorded(f, here, e) {
    if (e.actor.role === 'supervisor') f.martialLaw ??= here;
  },
  SuspicionNoticeServed(f, here) {
    f.suspicionNotice ??= here;
  },
  CourtDecisionRecorded(f, here) {
    f.courtDecision ??= here;
  },
  DetentionProtocolDrawnUp(f, here) {
    f.protocol ??= here;
  },
  DetaineeReleased(f, here) {
    f.closed ??= { ...here, how: 'release' };
  },
  DetaineeTransferred(f, here) {
    f.closed ??= { ...here, how: 'transfer' };
  },
  RightsExplained(f, here) {
    f.rightsExplained ??= here;
  },
  NotificationMade(f, here, e) {
    f.notifications[e.payload.kind] ??= here;
  },
  ConsularNotificationRequested(f, here) {
    f.consularRequest ??= here;
  },
  ConsularNotificationDeclined(f, here) {
    f.consularDeclined ??= here;
  },
  InterrogationStarted(f, here, e) {
    f.interrogations.push({
      startEventId: e.id,
      segments: [{ start: here, defenderPresent: e.payload.defenderPresent }],
    });
  },
  InterrogationResumed(f, here, e) {
    const current = f.interrogations.at(-1);
    if (current !== undefined && current.segments.at(-1)?.end !== undefined) {
      current.segments.push({ start: here, defenderPresent: e.payload.defenderPresent });
    }
  },
  InterrogationPaused: endSegment,
  InterrogationEnded: endSegment,
  CellCheckRecorded(f, here, e) {
    f.cellChecks.push({ at: here.at, eventId: here.eventId, roused: e.payload.roused });
  },
  IntoxicationRecorded(f, { at }, e) {
    f.riskChanges.push({ at, intoxicated: e.payload.intoxicated });
  },
  RiskAssessed(f, { at }, e) {
    f.riskChanges.push({ at, atRisk: e.payload.atRisk });
  },
  ObservationLevelSet(f, { at }, e) {
    f.riskChanges.push({ at, level: e.payload.level });
  },
  // Two-step approval: an approved lowering takes effect from the supervisor's entry (§3.8).
  ApprovalDecided(f, { at }, e) {
    // Every request is a lowering of the observation level (APPROVAL_SUBJECTS).
    if (e.payload.decision === 'approved') {
      f.riskChanges.push({ at, level: e.payload.level });
    }
  },
  MealOffered(f, here) {
    f.meals.push(here);
  },
  RestPeriodRecorded(f, here, e) {
    const { from, to, interrupted } = e.payload;
    f.rests.push({ ...here, from: toMs(from), to: toMs(to), interrupted });
  },
  PaceAuthorisationRecorded(f, here, e) {
    const { kind, detentionLimitHours } = e.payload;
    f.paceAuthorisations.push({ ...here, kind, limitHours: detentionLimitHours });
  },
  PaceReviewRecorded(f, here) {
    f.paceReviews.push(here);
  },
};

function endSegment(f: RecordFacts, here: At): void {
  const segment = f.interrogations.at(-1)?.segments.at(-1);
  if (segment !== undefined) segment.end ??= here;
}

type AnyHandler = (f: RecordFacts, here: At, e: CustodyEvent) => void;

function apply(f: RecordFacts, at: number, e: CustodyEvent): void {
  const handler = handlers[e.type] as AnyHandler | undefined;
  handler?.(f, { at, eventId: e.id }, e);
}
