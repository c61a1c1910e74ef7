import type { ReportFinding } from '@custody/contracts';
import {
  foldEvents,
  isLate,
  lateByMs,
  obligations,
  settingsAt,
  type ClockSettingsInput,
  type CustodyEvent,
  type CustodyRecordState,
  type Obligation,
} from '@custody/domain';

/** The figures of domain.md §7 a single record can contribute to. */
export const FIGURE_KEYS = [
  'lateRegistrations',
  'detentionToRegistration',
  'suspicionNotice24h.metLate',
  'suspicionNotice24h.overdue',
  'court60h.metLate',
  'court60h.overdue',
  'limit72h.metLate',
  'limit72h.overdue',
  'otherLimits.metLate',
  'otherLimits.overdue',
  'overDetentions',
  'rightsExplainedLate',
  'cellChecks.late',
  'cellChecks.missed',
  'deliveryDelays',
  'juvenilesWithoutDefender',
  'lateEntries',
  'forceWithoutEntry',
  'injuriesOnArrival',
  'martialLaw',
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

/** The limits a report measures against (domain.md §3-§4 *defaults*, configurable). */
export interface ReportLimits {
  /** The record's unit's clock settings (policy/unit-policy.ts `unitClockSettings`). */
  readonly clock: ClockSettingsInput;
  readonly lateEntryMinutes: number;
  /** Registration "at once" after delivery (КПК ст. 210) made concrete. */
  readonly lateRegistrationMinutes: number;
  /** A delivery slower than this (КУпАП ст. 259: 1 h). */
  readonly deliveryDelayMinutes: number;
}

/** How long after actual detention one owed notification was made; null when never. */
export interface NotificationDelay {
  readonly kind: string;
  readonly minutes: number | null;
  readonly late: boolean;
  readonly eventId?: string;
}

/** What one record contributes to a compliance report. */
export interface RecordFindings {
  readonly recordId: string;
  readonly t0: string;
  readonly findings: readonly { readonly key: FigureKey; readonly finding: ReportFinding }[];
  readonly notifications: readonly NotificationDelay[];
}

const MINUTE = 60_000;
const minutesBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / MINUTE);

type Push = (key: FigureKey, finding: Omit<ReportFinding, 'recordId'>) => void;

const STATUTORY: Readonly<Record<string, 'suspicionNotice24h' | 'court60h' | 'limit72h'>> = {
  suspicion_notice_24h: 'suspicionNotice24h',
  court_60h: 'court60h',
  detention_limit_72h: 'limit72h',
};

/** 24/60/72 h and other statutory limits met late or overdue (КПК ст. 211, 278; Конституція ст. 29). */
function deadlineFindings(list: readonly Obligation[], push: Push): void {
  for (const o of list) {
    const statutory = STATUTORY[o.id];
    const limit = o.kind === 'detention_limit' || o.kind === 'administrative_delivery_stay';
    const group = statutory ?? (limit ? 'otherLimits' : undefined);
    if (group === undefined || o.dueAt === null) continue;
    const metLateAt = o.status === 'met' && o.metLate === true ? o.metAt : undefined;
    const overrun = metLateAt === undefined ? undefined : minutesBetween(o.dueAt, metLateAt);
    const outcome = outcomeOf(o);
    if (overrun !== undefined) {
      push(`${group}.metLate`, {
        minutes: overrun,
        detail: o.kind,
        ...idOf(o.metByEventId),
        ...outcome,
      });
    } else if (o.status === 'overdue') {
      push(`${group}.overdue`, { detail: o.kind, ...outcome });
    }
    if (o.absolute === true && (overrun !== undefined || o.status === 'overdue')) {
      push('overDetentions', {
        detail: o.kind,
        ...(overrun === undefined ? {} : { minutes: overrun }),
        ...outcome,
      });
    }
  }
}

/**
 * Rights and grounds explained late (Конституція ст. 29; КПК ст. 208 ч. 4; КУпАП ст. 261), read
 * from the clock's rights_explained obligation: once custody ended, its final outcome `breached`
 * (with the minutes it exceeded); while custody goes on, explained late or still overdue.
 */
function rightsFindings(list: readonly Obligation[], push: Push): void {
  for (const o of list) {
    if (o.kind !== 'rights_explained') continue;
    if (o.outcome !== undefined) {
      if (o.outcome.kind !== 'breached') continue;
      push('rightsExplainedLate', {
        detail: o.kind,
        ...(o.outcome.exceededMinutes === undefined ? {} : { minutes: o.outcome.exceededMinutes }),
        ...idOf(o.metByEventId),
        ...outcomeOf(o),
      });
    } else if (o.status === 'met' && o.metLate === true && o.metAt !== undefined && o.dueAt) {
      push('rightsExplainedLate', {
        detail: o.kind,
        minutes: minutesBetween(o.dueAt, o.metAt),
        ...idOf(o.metByEventId),
      });
    } else if (o.status === 'overdue') {
      push('rightsExplainedLate', { detail: o.kind });
    }
  }
}

/** The final outcome's words ("порушено: звільнено через 74 год 10 хв, ...") once custody ended. */
function outcomeOf(o: Obligation): { outcome?: { uk: string; en: string } } {
  return o.outcome === undefined
    ? {}
    : { outcome: { uk: o.outcome.text.uk, en: o.outcome.text.en } };
}

function idOf(eventId: string | undefined): { eventId?: string } {
  return eventId === undefined ? {} : { eventId };
}

/** Welfare: cell checks after their due time, or not made at all (Code C 9.3, Annex H). */
function welfareFindings(list: readonly Obligation[], push: Push): void {
  for (const o of list) {
    if (o.kind === 'cell_check' && o.dueAt !== null) {
      if (o.status === 'met' && o.metLate === true && o.metAt !== undefined) {
        push('cellChecks.late', {
          minutes: minutesBetween(o.dueAt, o.metAt),
          detail: o.dueAt,
          ...idOf(o.metByEventId),
        });
      } else if (o.status === 'overdue') {
        push('cellChecks.missed', { detail: o.dueAt, ...outcomeOf(o) });
      }
    }
    if (o.kind === 'juvenile_defender' && o.status === 'overdue') {
      push('juvenilesWithoutDefender', {
        eventId: o.id.replace(/^juvenile_defender:/, ''),
        detail: 'InterrogationStarted',
      });
    }
  }
}

/**
 * Owed notifications (КПК ст. 213; CMU 1363) and the delay after their anchor; `s` is the policy
 * in force at actual detention, which the clock gave their delays.
 */
function notificationDelays(
  list: readonly Obligation[],
  s: { readonly notificationOverdueMinutes: number },
): NotificationDelay[] {
  return list.flatMap((o): NotificationDelay[] => {
    if (o.kind !== 'notification' || o.status === 'not_applicable' || o.dueAt === null) return [];
    const kind = o.id.replace(/^notification:/, '');
    const anchor = new Date(Date.parse(o.dueAt) - s.notificationOverdueMinutes * MINUTE);
    if (o.status !== 'met' || o.metAt === undefined) {
      return [{ kind, minutes: null, late: o.status === 'overdue' }];
    }
    return [
      {
        kind,
        minutes: minutesBetween(anchor.toISOString(), o.metAt),
        late: o.metLate === true,
        ...idOf(o.metByEventId),
      },
    ];
  });
}

/** Arrival: registration lag, delivery delay, injuries on arrival (КПК ст. 210; КУпАП ст. 259). */
function arrivalFindings(state: CustodyRecordState, limits: ReportLimits, now: string, push: Push) {
  if (state.registeredAt !== undefined) {
    push('detentionToRegistration', { minutes: minutesBetween(state.t0, state.registeredAt) });
  }
  if (state.deliveredAt !== undefined) {
    const delivery = minutesBetween(state.t0, state.deliveredAt);
    if (delivery > limits.deliveryDelayMinutes) push('deliveryDelays', { minutes: delivery });
    const registeredBy = state.registeredAt ?? now;
    const lag = minutesBetween(state.deliveredAt, registeredBy);
    if (lag > limits.lateRegistrationMinutes) {
      push('lateRegistrations', {
        minutes: lag,
        ...(state.registeredAt === undefined ? { detail: 'not_registered' } : {}),
      });
    }
    const arrival = Date.parse(state.deliveredAt);
    const day = 24 * 60 * MINUTE;
    for (const e of state.events) {
      const at = Date.parse(e.occurredAt);
      if (
        e.type === 'InjuriesRecorded' &&
        e.payload.injuries.length > 0 &&
        at >= arrival &&
        at - arrival <= day
      ) {
        push('injuriesOnArrival', { eventId: e.id, detail: e.type });
        break;
      }
    }
  }
}

/**
 * Use of force needs an entry from each officer involved (domain.md §3.12, §7): an officer
 * reported to have used force at the officer interview without a ForceUsed entry of their own.
 */
function forceFindings(state: CustodyRecordState, push: Push): void {
  const withEntry = new Set(
    state.events.flatMap((e) => (e.type === 'ForceUsed' ? [e.payload.officerId] : [])),
  );
  for (const e of state.events) {
    if (e.type === 'OfficerInterviewed' && e.payload.forceReported) {
      if (!withEntry.has(e.payload.officerId)) {
        push('forceWithoutEntry', {
          eventId: e.id,
          officerId: e.payload.officerId,
          detail: e.type,
        });
      }
    }
  }
}

/**
 * Folds one custody record with the domain and the legal clock at `now` and lists what it
 * contributes to the compliance report (domain.md §7). `events` are the record's stored events
 * with a payload, in stream order; corrections are applied by the fold.
 */
export function recordFindings(
  recordId: string,
  events: readonly CustodyEvent[],
  limits: ReportLimits,
  now: string,
  /**
   * Entries made on a tablet (issue 19) by event id, with their late mark as the sync judged it:
   * on the device time corrected by the measured offset, not on when the signal let it arrive.
   */
  deviceLate: ReadonlyMap<
    string,
    { readonly late: boolean; readonly correctedTime: string }
  > = new Map(),
): RecordFindings | null {
  let state: CustodyRecordState | undefined;
  try {
    state = foldEvents(events);
  } catch {
    return null;
  }
  if (state === undefined) return null;
  return findingsOfState(recordId, state, events, limits, now, deviceLate);
}

/**
 * {@link recordFindings} of a record already folded: `state` is `events` folded (a cached fold at
 * the record's stream version, records/record-cache.ts), read with the legal clock at `now`.
 */
export function findingsOfState(
  recordId: string,
  state: CustodyRecordState,
  events: readonly CustodyEvent[],
  limits: ReportLimits,
  now: string,
  deviceLate: ReadonlyMap<string, { readonly late: boolean; readonly correctedTime: string }>,
): RecordFindings {
  const findings: { key: FigureKey; finding: ReportFinding }[] = [];
  const push: Push = (key, finding) => findings.push({ key, finding: { recordId, ...finding } });
  const list = obligations({ events: state.events, settings: limits.clock, now });
  arrivalFindings(state, limits, now, push);
  deadlineFindings(list, push);
  rightsFindings(list, push);
  welfareFindings(list, push);
  forceFindings(state, push);
  for (const e of events) {
    const onDevice = deviceLate.get(e.id);
    if (onDevice?.late ?? isLate(e, limits.lateEntryMinutes)) {
      // A tablet's entry is late by when it was saved there, not by when the signal let it in.
      const by =
        onDevice === undefined
          ? lateByMs(e)
          : Date.parse(onDevice.correctedTime) - Date.parse(e.occurredAt);
      push('lateEntries', { eventId: e.id, minutes: Math.round(by / MINUTE), detail: e.type });
    }
  }
  if (state.martialLaw !== undefined) push('martialLaw', { detail: state.martialLaw.since });
  return {
    recordId,
    t0: state.t0,
    findings,
    notifications: notificationDelays(list, settingsAt(limits.clock, Date.parse(state.t0))),
  };
}
