import type { CustodyEvent, EventOf } from './envelope.ts';
import type { EventType } from './events.ts';
import type { CustodyRecordState, Interval } from './state.ts';

type Handler<T extends EventType> = (s: CustodyRecordState, e: EventOf<T>) => CustodyRecordState;
type Handlers = { [T in Exclude<EventType, 'DetentionRecorded'>]: Handler<T> };

const same = (s: CustodyRecordState): CustodyRecordState => s;
const addIds = (ids: readonly string[], ...more: (string | undefined)[]): readonly string[] => {
  const out = [...ids];
  for (const id of more) if (id !== undefined && !out.includes(id)) out.push(id);
  return out;
};
const investigatorsPlus = (s: CustodyRecordState, ...ids: (string | undefined)[]) => ({
  ...s,
  involvedInvestigatorIds: addIds(s.involvedInvestigatorIds, ...ids),
});

function closeSegment(s: CustodyRecordState, at: string): readonly Interval[] {
  const since = s.interrogation.runningSince;
  return since === undefined
    ? s.interrogation.segments
    : [...s.interrogation.segments, { from: since, to: at }];
}

const welfare: Pick<
  Handlers,
  | 'CellCheckRecorded'
  | 'MealOffered'
  | 'DrinkOffered'
  | 'RestPeriodRecorded'
  | 'DetaineeRequestMade'
  | 'DetaineeRequestAnswered'
  | 'ComplaintMade'
  | 'ComplaintAnswered'
  | 'IncidentRecorded'
  | 'ForceUsed'
  | 'MartialLawConditionsRecorded'
> = {
  CellCheckRecorded: (s, e) => ({ ...s, lastCellCheckAt: e.occurredAt }),
  MealOffered: (s, e) => ({
    ...s,
    lastMealAt: e.occurredAt,
    lastMainMealAt: e.payload.kind === 'main' ? e.occurredAt : s.lastMainMealAt,
  }),
  DrinkOffered: same,
  RestPeriodRecorded: (s, e) => ({
    ...s,
    restPeriods: [...s.restPeriods, { from: e.payload.from, to: e.payload.to }],
  }),
  DetaineeRequestMade: (s, e) => ({ ...s, openRequestIds: [...s.openRequestIds, e.id] }),
  DetaineeRequestAnswered: (s, e) => ({
    ...s,
    openRequestIds: s.openRequestIds.filter((id) => id !== e.payload.requestEventId),
  }),
  ComplaintMade: (s, e) => ({ ...s, openComplaintIds: [...s.openComplaintIds, e.id] }),
  ComplaintAnswered: (s, e) => ({
    ...s,
    openComplaintIds: s.openComplaintIds.filter((id) => id !== e.payload.complaintEventId),
  }),
  IncidentRecorded: same,
  ForceUsed: same,
  MartialLawConditionsRecorded: (s, e) => ({
    ...s,
    martialLaw: { since: e.occurredAt, supervisorId: e.payload.supervisorId },
  }),
};

const procedural: Pick<
  Handlers,
  | 'DetentionProtocolDrawnUp'
  | 'SuspicionNoticeServed'
  | 'InvestigativeActionStarted'
  | 'InvestigativeActionEnded'
  | 'InterrogationStarted'
  | 'InterrogationPaused'
  | 'InterrogationResumed'
  | 'InterrogationEnded'
  | 'CourtHearingScheduled'
  | 'CourtDecisionRecorded'
  | 'DetentionReclassified'
  | 'PaceAuthorisationRecorded'
  | 'PaceReviewRecorded'
> = {
  DetentionProtocolDrawnUp: (s, e) => ({
    ...investigatorsPlus(s, e.actor.id),
    protocolDrawnUpAt: s.protocolDrawnUpAt ?? e.occurredAt,
  }),
  SuspicionNoticeServed: (s, e) => ({
    ...investigatorsPlus(s, e.actor.id, e.payload.servedBy.id),
    suspicionServedAt: s.suspicionServedAt ?? e.occurredAt,
  }),
  InvestigativeActionStarted: (s, e) => ({
    ...investigatorsPlus(s, e.actor.id, e.payload.investigatorId),
    openInvestigativeActions: [
      ...s.openInvestigativeActions,
      { eventId: e.id, investigatorId: e.payload.investigatorId, since: e.occurredAt },
    ],
  }),
  InvestigativeActionEnded: (s, e) => ({
    ...s,
    openInvestigativeActions: s.openInvestigativeActions.filter(
      (a) => a.eventId !== e.payload.actionEventId,
    ),
  }),
  InterrogationStarted: (s, e) => ({
    ...investigatorsPlus(s, e.actor.id, e.payload.interrogatorId),
    interrogation: {
      status: 'running',
      startedEventId: e.id,
      interrogatorId: e.payload.interrogatorId,
      runningSince: e.occurredAt,
      segments: s.interrogation.segments,
    },
  }),
  InterrogationPaused: (s, e) => ({
    ...s,
    interrogation: {
      ...s.interrogation,
      status: 'paused',
      runningSince: undefined,
      pausedSince: e.occurredAt,
      segments: closeSegment(s, e.occurredAt),
    },
  }),
  InterrogationResumed: (s, e) => ({
    ...s,
    interrogation: {
      ...s.interrogation,
      status: 'running',
      runningSince: e.occurredAt,
      pausedSince: undefined,
    },
  }),
  InterrogationEnded: (s, e) => ({
    ...s,
    interrogation: { status: 'none', segments: closeSegment(s, e.occurredAt) },
  }),
  CourtHearingScheduled: (s, e) => ({
    ...investigatorsPlus(s, e.actor.id),
    courtHearingScheduledFor: e.payload.scheduledFor,
  }),
  CourtDecisionRecorded: (s, e) => ({
    ...s,
    courtDecision: { outcome: e.payload.outcome, at: e.occurredAt },
  }),
  DetentionReclassified: (s, e) => ({
    ...investigatorsPlus(s, e.actor.id),
    profile: e.payload.newProfile,
    legalBasis: e.payload.legalBasis,
    clockStartsAt: e.payload.clockStartsAt ?? s.clockStartsAt,
  }),
  PaceAuthorisationRecorded: (s, e) => ({
    ...s,
    paceAuthorisations: [
      ...s.paceAuthorisations,
      {
        kind: e.payload.kind,
        at: e.occurredAt,
        detentionLimitHours: e.payload.detentionLimitHours,
      },
    ],
  }),
  PaceReviewRecorded: (s, e) => ({
    ...s,
    paceReviews: [...s.paceReviews, { at: e.occurredAt, outcome: e.payload.outcome }],
  }),
};

const care: Pick<
  Handlers,
  | 'InjuriesRecorded'
  | 'HealthComplaintRecorded'
  | 'IntoxicationRecorded'
  | 'MedicationRecorded'
  | 'MedicalAidRequested'
  | 'MedicalAidProvided'
  | 'MedicalExaminationReferred'
  | 'HealthDataConsentRecorded'
  | 'RiskAssessed'
  | 'ObservationLevelSet'
  | 'ApprovalRequested'
  | 'ApprovalDecided'
  | 'PropertyRecorded'
  | 'PropertyReturned'
  | 'PropertyRetained'
  | 'DetaineeMoved'
  | 'ContactStarted'
  | 'ContactEnded'
> = {
  InjuriesRecorded: same,
  HealthComplaintRecorded: same,
  IntoxicationRecorded: (s, e) => ({ ...s, intoxicated: e.payload.intoxicated }),
  MedicationRecorded: same,
  MedicalAidRequested: same,
  MedicalAidProvided: same,
  MedicalExaminationReferred: same,
  HealthDataConsentRecorded: (s, e) => {
    const value = e.payload.consent === 'given';
    const consent = { ...s.healthDataConsent };
    for (const audience of e.payload.disclosedTo) consent[audience] = value;
    return { ...s, healthDataConsent: consent };
  },
  RiskAssessed: (s, e) => ({ ...s, atRisk: e.payload.atRisk }),
  // Setting the level again supersedes a pending request to lower it: it asked about a level that
  // is no longer the current one. The entry names it (`supersedesRequestEventId`, recorded by
  // decide); an entry logged before that field lapsed it all the same.
  ObservationLevelSet: (s, e) => {
    const { supersededApproval: _previous, ...rest } = s;
    const requestEventId = e.payload.supersedesRequestEventId ?? s.pendingApprovals[0]?.eventId;
    return {
      ...rest,
      observationLevel: e.payload.level,
      pendingApprovals: [],
      ...(requestEventId === undefined
        ? {}
        : { supersededApproval: { requestEventId, byEventId: e.id, at: e.occurredAt } }),
    };
  },
  ApprovalRequested: ({ supersededApproval: _previous, ...s }, e) => ({
    ...s,
    pendingApprovals: [
      ...s.pendingApprovals,
      {
        eventId: e.id,
        subject: e.payload.subject,
        level: e.payload.level,
        rationale: e.payload.rationale,
        requestedById: e.actor.id,
        requestedAt: e.occurredAt,
      },
    ],
  }),
  // The lowering takes effect from the supervisor's own entry (domain.md §3.8); every request is a
  // lowering of the observation level (APPROVAL_SUBJECTS).
  ApprovalDecided: ({ supersededApproval: _previous, ...s }, e) => ({
    ...s,
    pendingApprovals: s.pendingApprovals.filter((a) => a.eventId !== e.payload.requestEventId),
    ...(e.payload.decision === 'approved' ? { observationLevel: e.payload.level } : {}),
  }),
  PropertyRecorded: (s, e) => ({
    ...s,
    propertyHeld: s.propertyHeld || e.payload.items.length > 0,
  }),
  PropertyReturned: (s) => ({ ...s, propertyHeld: false }),
  PropertyRetained: same,
  DetaineeMoved: (s, e) => {
    const { placementBreaches: breaches, placementReason: reason } = e.payload;
    const { placementFlag: _previous, ...rest } = s;
    return {
      ...rest,
      location: e.payload.to,
      ...(breaches === undefined ? {} : { placementFlag: { breaches, reason: reason ?? '' } }),
    };
  },
  ContactStarted: (s, e) => ({
    ...s,
    flaggedContactCount: s.flaggedContactCount + (e.payload.flagged ? 1 : 0),
    openContacts: [
      ...s.openContacts,
      {
        eventId: e.id,
        personName: e.payload.person.name,
        personId: e.payload.person.id,
        role: e.payload.role,
        since: e.occurredAt,
        flagged: e.payload.flagged,
      },
    ],
  }),
  ContactEnded: (s, e) => ({
    ...s,
    openContacts: s.openContacts.filter((c) => c.eventId !== e.payload.contactEventId),
  }),
};

const arrival: Pick<
  Handlers,
  | 'DetaineeDelivered'
  | 'DetaineeRegistered'
  | 'ResponsibleOfficialAssigned'
  | 'RightsExplained'
  | 'NotificationMade'
  | 'ConsularNotificationRequested'
  | 'ConsularNotificationDeclined'
  | 'OfficerInterviewed'
  | 'DetaineeInterviewed'
> = {
  DetaineeDelivered: (s, e) => ({
    ...s,
    status: 'in_custody',
    deliveredAt: e.occurredAt,
    unitId: e.payload.unitId,
    registrationPending: s.registeredAt === undefined,
  }),
  DetaineeRegistered: (s, e) => ({
    ...s,
    ...(s.status === 'in_custody' ? { registrationPending: false } : {}),
    registeredAt: s.registeredAt ?? e.occurredAt,
    custodyNumber: e.payload.custodyNumber,
  }),
  ResponsibleOfficialAssigned: (s, e) => ({ ...s, responsibleOfficialId: e.payload.officialId }),
  RightsExplained: (s, e) => ({ ...s, rightsExplainedAt: s.rightsExplainedAt ?? e.occurredAt }),
  NotificationMade: (s, e) => ({
    ...s,
    notifications: {
      ...s.notifications,
      [e.payload.kind]: s.notifications[e.payload.kind] ?? e.occurredAt,
    },
  }),
  ConsularNotificationRequested: (s, e) => ({
    ...s,
    consular: 'requested',
    consularRequestedAt: s.consularRequestedAt ?? e.occurredAt,
  }),
  ConsularNotificationDeclined: (s) => ({ ...s, consular: 'declined' }),
  OfficerInterviewed: same,
  DetaineeInterviewed: same,
};

const ending: Pick<
  Handlers,
  | 'DetaineeReleased'
  | 'DetaineeTransferred'
  | 'EntryCorrected'
  | 'AttachmentAdded'
  | 'CameraBookmarked'
  | 'DocumentHandedOver'
  | 'PayloadErased'
> = {
  DetaineeReleased: (s, e) => ({
    ...s,
    status: 'released',
    endedAt: e.occurredAt,
    endGround: e.payload.ground,
    propertyHeld: e.payload.propertyReturned === 'no' && s.propertyHeld,
  }),
  DetaineeTransferred: (s, e) => ({
    ...s,
    status: 'transferred',
    endedAt: e.occurredAt,
    destinationKind: e.payload.destinationKind,
    destinationName: e.payload.destinationName,
  }),
  EntryCorrected: (s, e) => ({
    ...s,
    correctedEventIds: addIds(s.correctedEventIds, e.payload.targetEventId),
  }),
  AttachmentAdded: same,
  CameraBookmarked: same,
  DocumentHandedOver: same,
  PayloadErased: (s, e) => ({
    ...s,
    erasedEventIds: addIds(s.erasedEventIds, e.payload.targetEventId),
  }),
};

const handlers: Handlers = { ...arrival, ...care, ...procedural, ...welfare, ...ending };

/** Applies the status and fact changes of one event (other than the opening one). */
export function applyEvent(s: CustodyRecordState, e: CustodyEvent): CustodyRecordState {
  if (e.type === 'DetentionRecorded') {
    throw new Error(`record ${s.recordId} already opened; DetentionRecorded ${e.id} repeats it`);
  }
  const handler = handlers[e.type] as Handler<typeof e.type>;
  return handler(s, e);
}
