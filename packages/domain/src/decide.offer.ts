import { COMMAND_EVENT, COMMAND_TYPES, type CommandType } from './commands.ts';
import { ACCEPTED_AFTER_CLOSE } from './decide.ts';
import { OBSERVATION_LEVELS } from './payloads/health.payloads.ts';
import { isClosed, type CustodyRecordState } from './state.ts';

type Open = (state: CustodyRecordState) => boolean;

const delivered: Open = (s) => s.status !== 'detained';

/**
 * What a record's state must hold for a command to be accepted at all, whatever its payload: the
 * state preconditions of `decide` (decide.ts, decide.rules.ts) and nothing else. A command not
 * named here is accepted in every state of an open record.
 */
const PRECONDITIONS: Partial<Record<CommandType, Open>> = {
  RecordDetention: () => false,
  RecordDelivery: (s) => s.status === 'detained',
  RegisterDetainee: (s) => delivered(s) && s.registeredAt === undefined,
  RecordConsularNotificationRequest: (s) => s.foreigner,
  RecordConsularNotificationDeclined: (s) => s.foreigner,
  EndContact: (s) => s.openContacts.length > 0,
  AnswerDetaineeRequest: (s) => s.openRequestIds.length > 0,
  AnswerComplaint: (s) => s.openComplaintIds.length > 0,
  EndInvestigativeAction: (s) => s.openInvestigativeActions.length > 0,
  StartInterrogation: (s) => s.interrogation.status === 'none',
  PauseInterrogation: (s) => s.interrogation.status === 'running',
  ResumeInterrogation: (s) => s.interrogation.status === 'paused',
  EndInterrogation: (s) => s.interrogation.status !== 'none',
  RecordPaceAuthorisation: (s) => s.profile === 'ew_pace',
  RecordPaceReview: (s) => s.profile === 'ew_pace',
  RequestApproval: (s) =>
    s.observationLevel !== undefined &&
    s.observationLevel !== OBSERVATION_LEVELS[0] &&
    // One request at a time; every request is a lowering (APPROVAL_SUBJECTS).
    s.pendingApprovals.length === 0,
  DecideApproval: (s) => s.pendingApprovals.length > 0,
  EraseEventPayload: (s) => s.eventCount > s.erasedEventIds.length,
};

/**
 * The commands `decide` would accept on this record in its present state for some valid payload
 * (domain.md §3): what a screen may offer. Refusals that depend on the payload (a missing
 * explanation, a juvenile without a defender, separation of duties) are still `decide`'s; who may
 * issue a command is the API's authorization, not this.
 */
export function acceptedCommands(state: CustodyRecordState | undefined): CommandType[] {
  if (state === undefined) return ['RecordDetention'];
  const closed = isClosed(state);
  return COMMAND_TYPES.filter((type) => {
    if (closed && !ACCEPTED_AFTER_CLOSE.has(COMMAND_EVENT[type])) return false;
    return PRECONDITIONS[type]?.(state) ?? true;
  });
}
