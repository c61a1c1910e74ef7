import type { CustodyEvent, EventOf } from './envelope.ts';
import { applyEvent } from './evolve.handlers.ts';
import { eventById } from './state.ts';
import type { CustodyRecordState } from './state.ts';

function open(e: EventOf<'DetentionRecorded'>): CustodyRecordState {
  const p = e.payload;
  const officerIds = p.detainingOfficers.flatMap((o) => (o.id === undefined ? [] : [o.id]));
  return {
    status: 'detained',
    recordId: p.recordId,
    person: p.person,
    profile: p.profile,
    initialProfile: p.profile,
    legalBasis: p.legalBasis,
    t0: e.occurredAt,
    clockStartsAt: e.occurredAt,
    detainingOfficerIds: officerIds,
    juvenile: p.juvenile || isMinorAt(p.person, e.occurredAt),
    ...(p.sex === undefined ? {} : { sex: p.sex }),
    foreigner: p.foreigner,
    language: p.language,
    ...(p.unitId === undefined ? {} : { openingUnitId: p.unitId }),
    notifications: {},
    consular: 'not_asked',
    intoxicated: false,
    atRisk: false,
    openContacts: [],
    flaggedContactCount: 0,
    interrogation: { status: 'none', segments: [] },
    openInvestigativeActions: [],
    restPeriods: [],
    paceAuthorisations: [],
    paceReviews: [],
    involvedInvestigatorIds: [...new Set([e.actor.id, ...officerIds])],
    healthDataConsent: { lawyer: false, monitor: false },
    propertyHeld: false,
    openRequestIds: [],
    openComplaintIds: [],
    pendingApprovals: [],
    eventCount: 0,
    lastOccurredAt: e.occurredAt,
    events: [],
    correctedEventIds: [],
    erasedEventIds: [],
  };
}

/** Under 18 at `at`, from a date of birth (КПК ст. 484: criminal proceedings against juveniles). */
function isMinorAt(person: EventOf<'DetentionRecorded'>['payload']['person'], at: string): boolean {
  if (person.kind !== 'identified' || person.dateOfBirth === undefined) return false;
  const [y, m, d] = person.dateOfBirth.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return false;
  const adulthood = Date.UTC(y + 18, m - 1, d);
  return Date.parse(at) < adulthood;
}

function record(s: CustodyRecordState, e: CustodyEvent): CustodyRecordState {
  return {
    ...s,
    eventCount: s.eventCount + 1,
    lastOccurredAt:
      Date.parse(e.occurredAt) > Date.parse(s.lastOccurredAt) ? e.occurredAt : s.lastOccurredAt,
    events: [...s.events, e],
  };
}

function step(state: CustodyRecordState | undefined, e: CustodyEvent): CustodyRecordState {
  if (state === undefined) {
    if (e.type !== 'DetentionRecorded') {
      throw new Error(`a record opens with DetentionRecorded, not ${e.type} (${e.id})`);
    }
    return record(open(e), e);
  }
  return record(applyEvent(state, e), e);
}

/** The target of a correction with the corrected values merged in. */
export function correctedEvent(
  target: CustodyEvent,
  correction: EventOf<'EntryCorrected'>,
): CustodyEvent {
  return {
    ...target,
    occurredAt: correction.payload.correctedOccurredAt ?? target.occurredAt,
    payload: { ...target.payload, ...correction.payload.correctedFields },
  } as CustodyEvent;
}

/**
 * Folds one event into the state of its record. A correction replaces its target by the corrected
 * version and re-derives the state from the corrected history: the original stays in the log, the
 * state shows what is now held true (domain.md §3).
 */
export function evolve(
  state: CustodyRecordState | undefined,
  event: CustodyEvent,
): CustodyRecordState {
  if (state === undefined || event.type !== 'EntryCorrected') return step(state, event);
  const target = eventById(state, event.payload.targetEventId);
  if (target === undefined) return step(state, event);
  const history = state.events.map((e) => (e === target ? correctedEvent(target, event) : e));
  const rebuilt = history.reduce<CustodyRecordState | undefined>(step, undefined);
  return step(
    rebuilt === undefined ? undefined : { ...rebuilt, correctedEventIds: state.correctedEventIds },
    event,
  );
}

/** The state of a record from its events in stream order; `undefined` for no events. */
export function foldEvents(events: Iterable<CustodyEvent>): CustodyRecordState | undefined {
  let state: CustodyRecordState | undefined;
  for (const e of events) state = evolve(state, e);
  return state;
}
