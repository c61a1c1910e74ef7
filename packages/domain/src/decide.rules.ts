import type { CommandType } from './commands.ts';
import { checkApprover } from './decide.approvals.ts';
import { checkCorrection, checkErasure } from './decide.corrections.ts';
import type { DecideContext, RuleInput } from './decide.context.ts';
import type { DomainError } from './errors.ts';
import { OBSERVATION_LEVELS } from './payloads/health.payloads.ts';
import { placementBreaches, type PlacementRule } from './placement.ts';
import { eventById } from './state.ts';
import type { CustodyRecordState } from './state.ts';

type Rule<C extends CommandType> = (input: RuleInput<C>) => DomainError | undefined;
export type Rules = { [C in Exclude<CommandType, 'RecordDetention'>]?: Rule<C> };

const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

/**
 * Separation of duties (КПК ст. 212, Law 3623-IX): the responsible official is never an
 * investigator, inquirer or operational officer of the same record.
 */
function separation(
  state: CustodyRecordState,
  ...personIds: (string | undefined)[]
): DomainError | undefined {
  const ro = state.responsibleOfficialId;
  const clash = personIds.find((id) => id !== undefined && id === ro);
  if (clash === undefined) return undefined;
  return {
    code: 'separation_of_duties',
    personId: clash,
    message: `${clash} is the responsible official of this record and cannot act as its investigator (КПК ст. 212)`,
  };
}

/** A juvenile is interrogated only with a defender present (КПК ст. 490). */
function juvenileDefender(state: CustodyRecordState, defenderPresent: boolean) {
  if (!state.juvenile || defenderPresent) return undefined;
  return {
    code: 'juvenile_interrogation_without_defender',
    message: 'a juvenile is interrogated only with a defender present (КПК ст. 490)',
  } as const;
}

function referenced(
  state: CustodyRecordState,
  field: string,
  eventId: string,
  open: readonly string[],
): DomainError | undefined {
  if (open.includes(eventId)) return undefined;
  return {
    code: 'reference_not_found',
    field,
    eventId,
    message: `${field} ${eventId} is not an open entry of record ${state.recordId}`,
  };
}

const arrival: Rules = {
  RecordDelivery: ({ payload, occurredAt, state, ctx }) => {
    if (state.status !== 'detained') {
      return { code: 'already_delivered', message: 'the detainee has already been delivered' };
    }
    const delay = minutesBetween(state.t0, occurredAt);
    if (delay > ctx.settings.deliveryExplanationMinutes && payload.delayExplanation === undefined) {
      return {
        code: 'delivery_delay_unexplained',
        delayMinutes: delay,
        message: `delivery took ${delay} min, over ${ctx.settings.deliveryExplanationMinutes}; explain the delay (КУпАП ст. 259)`,
      };
    }
    return undefined;
  },
  RegisterDetainee: ({ state }) => {
    if (state.status === 'detained') {
      return { code: 'not_delivered', message: 'a detainee is registered after delivery' };
    }
    if (state.registeredAt !== undefined) {
      return { code: 'already_registered', message: 'the detainee is already registered' };
    }
    return undefined;
  },
  AssignResponsibleOfficial: ({ payload, state }) => {
    if (!state.involvedInvestigatorIds.includes(payload.officialId)) return undefined;
    return {
      code: 'separation_of_duties',
      personId: payload.officialId,
      message: `${payload.officialId} investigated or detained on this record and cannot be its responsible official (КПК ст. 212, Law 3623-IX)`,
    };
  },
  RecordConsularNotificationRequest: ({ state }) =>
    state.foreigner
      ? undefined
      : { code: 'not_foreigner', message: 'consular notification is for foreign detainees' },
  RecordConsularNotificationDeclined: ({ state }) =>
    state.foreigner
      ? undefined
      : { code: 'not_foreigner', message: 'consular notification is for foreign detainees' },
};

/** The id of the room a move names: a cell, else a room (payloads/primitives.ts `location`). */
export function placementRoomId(to: { cellId?: string; roomId?: string }): string | undefined {
  return to.cellId ?? to.roomId;
}

/**
 * Placement rules (domain.md §4): a placement in a room for detainees that breaks one states a
 * reason, and is then recorded flagged (decide.ts), never silently.
 */
export function placementCheck(
  state: CustodyRecordState,
  ctx: DecideContext,
  to: { cellId?: string; roomId?: string },
): PlacementRule[] {
  const room = ctx.placement;
  if (room === undefined || placementRoomId(to) !== room.id) return [];
  const person = {
    recordId: state.recordId,
    juvenile: state.juvenile,
    sex: state.sex,
    profile: state.profile,
  };
  return placementBreaches(person, room);
}

const custody: Rules = {
  MoveDetainee: ({ payload, state, ctx }) => {
    const breaches = placementCheck(state, ctx, payload.to);
    if (breaches.length === 0 || payload.placementReason !== undefined) return undefined;
    return {
      code: 'placement_breaks_rules',
      roomId: ctx.placement?.id ?? '',
      breaches,
      message: `placing the detainee in ${ctx.placement?.name ?? 'the room'} breaks ${breaches.join(', ')}; state placementReason to record it flagged (domain.md §4)`,
    };
  },
};

const care: Rules = {
  SetObservationLevel: ({ payload, state, ctx }) => {
    const current = state.observationLevel;
    if (current === undefined) return undefined;
    if (OBSERVATION_LEVELS.indexOf(payload.level) >= OBSERVATION_LEVELS.indexOf(current)) {
      return undefined;
    }
    const approval = payload.supervisorApproval;
    if (
      payload.rationale === undefined ||
      approval === undefined ||
      approval.supervisorId === ctx.actor.id
    ) {
      return {
        code: 'observation_lowering_needs_supervisor',
        message: `lowering observation from ${current} to ${payload.level} needs a rationale and another person's supervisor approval`,
      };
    }
    return checkApprover(ctx, approval.supervisorId);
  },
  // Two-step approval, step one (domain.md §3.8): only a lowering needs a supervisor, one request
  // at a time.
  RequestApproval: ({ payload, state }) => {
    const current = state.observationLevel;
    if (
      current === undefined ||
      OBSERVATION_LEVELS.indexOf(payload.level) >= OBSERVATION_LEVELS.indexOf(current)
    ) {
      return {
        code: 'approval_not_needed',
        message: `${payload.level} is not lower than the current level ${current ?? 'none'}; set it without approval`,
      };
    }
    const pending = state.pendingApprovals[0];
    if (pending === undefined) return undefined;
    return {
      code: 'approval_already_pending',
      requestEventId: pending.eventId,
      message: `request ${pending.eventId} is already awaiting a supervisor's decision`,
    };
  },
  // Step two: a supervisor of the record's unit, other than the requester, decides as their own
  // entry (domain.md §2, §3.8); `ctx.approvers` holds the actor's standing.
  DecideApproval: ({ payload, occurredAt, state, ctx }) => {
    const request = state.pendingApprovals.find((a) => a.eventId === payload.requestEventId);
    if (request === undefined) {
      return referenced(state, 'requestEventId', payload.requestEventId, []);
    }
    if (request.requestedById === ctx.actor.id) {
      return {
        code: 'approval_by_requester',
        requestEventId: request.eventId,
        message: `${ctx.actor.id} asked for approval ${request.eventId} and cannot decide it`,
      };
    }
    if (Date.parse(occurredAt) < Date.parse(request.requestedAt)) {
      return {
        code: 'approval_before_request',
        requestEventId: request.eventId,
        message: `a decision at ${occurredAt} cannot precede its request at ${request.requestedAt}`,
      };
    }
    return checkApprover(ctx, ctx.actor.id);
  },
  RecordMedicalAid: ({ payload, state }) => {
    const id = payload.requestEventId;
    if (id === undefined) return undefined;
    const target = eventById(state, id);
    return target?.type === 'MedicalAidRequested'
      ? undefined
      : referenced(state, 'requestEventId', id, []);
  },
  EndContact: ({ payload, state }) =>
    state.openContacts.some((c) => c.eventId === payload.contactEventId)
      ? undefined
      : {
          code: 'contact_not_open',
          contactEventId: payload.contactEventId,
          message: `no open contact ${payload.contactEventId}`,
        },
  AnswerDetaineeRequest: ({ payload, state }) =>
    referenced(state, 'requestEventId', payload.requestEventId, state.openRequestIds),
  AnswerComplaint: ({ payload, state }) =>
    referenced(state, 'complaintEventId', payload.complaintEventId, state.openComplaintIds),
};

const procedure: Rules = {
  ServeSuspicionNotice: ({ payload, state, ctx }) =>
    separation(state, ctx.actor.id, payload.servedBy.id),
  StartInvestigativeAction: ({ payload, state, ctx }) =>
    separation(state, ctx.actor.id, payload.investigatorId),
  EndInvestigativeAction: ({ payload, state }) =>
    state.openInvestigativeActions.some((a) => a.eventId === payload.actionEventId)
      ? undefined
      : {
          code: 'investigative_action_not_open',
          actionEventId: payload.actionEventId,
          message: `no investigative action ${payload.actionEventId} is running`,
        },
  StartInterrogation: ({ payload, state, ctx }) => {
    if (state.interrogation.status !== 'none') {
      return { code: 'interrogation_already_running', message: 'an interrogation is under way' };
    }
    return (
      separation(state, ctx.actor.id, payload.interrogatorId) ??
      juvenileDefender(state, payload.defenderPresent)
    );
  },
  PauseInterrogation: ({ state }) =>
    state.interrogation.status === 'running'
      ? undefined
      : { code: 'interrogation_not_running', message: 'no interrogation is running' },
  ResumeInterrogation: ({ payload, state }) =>
    state.interrogation.status === 'paused'
      ? juvenileDefender(state, payload.defenderPresent)
      : { code: 'interrogation_not_paused', message: 'no interrogation is paused' },
  EndInterrogation: ({ state }) =>
    state.interrogation.status === 'none'
      ? { code: 'interrogation_not_running', message: 'no interrogation is under way' }
      : undefined,
  RecordMartialLawConditions: ({ payload, ctx }) => checkApprover(ctx, payload.supervisorId),
  RecordPaceAuthorisation: ({ state }) => paceOnly(state),
  RecordPaceReview: ({ state }) => paceOnly(state),
};

function paceOnly(state: CustodyRecordState): DomainError | undefined {
  if (state.profile === 'ew_pace') return undefined;
  return {
    code: 'wrong_profile',
    profile: state.profile,
    message: `PACE authorisations and reviews apply to the ew_pace profile, not ${state.profile}`,
  };
}

const welfare: Rules = {
  RecordRestPeriod: ({ payload, state, ctx }) => {
    if (Date.parse(payload.from) < Date.parse(state.t0)) {
      return {
        code: 'occurred_before_detention',
        occurredAt: payload.from,
        t0: state.t0,
        message: 'a rest period cannot start before the actual detention',
      };
    }
    const limit = Date.parse(ctx.now) + ctx.settings.futureSkewSeconds * 1000;
    if (Date.parse(payload.to) > limit) {
      return {
        code: 'future_occurred_at',
        occurredAt: payload.to,
        now: ctx.now,
        message: 'a rest period cannot end in the future',
      };
    }
    return undefined;
  },
};

export const rules: Rules = {
  ...arrival,
  ...custody,
  ...care,
  ...procedure,
  ...welfare,
  CorrectEntry: checkCorrection,
  EraseEventPayload: checkErasure,
};
