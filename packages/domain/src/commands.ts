import { z } from 'zod';
import { payloadSchemas } from './events.ts';
import type { EventType, PayloadSchemas } from './events.ts';
import { forceUsed } from './payloads/custody.payloads.ts';
import { decideApprovalPayload } from './payloads/health.payloads.ts';

/**
 * One imperative command per event a user records, and the event it produces. Authorization (who
 * may issue which command) is not here: the API layer decides it before `decide`.
 */
export const COMMAND_EVENT = {
  RecordDetention: 'DetentionRecorded',
  RecordDelivery: 'DetaineeDelivered',
  RegisterDetainee: 'DetaineeRegistered',
  AssignResponsibleOfficial: 'ResponsibleOfficialAssigned',
  RecordRightsExplained: 'RightsExplained',
  RecordNotification: 'NotificationMade',
  RecordConsularNotificationRequest: 'ConsularNotificationRequested',
  RecordConsularNotificationDeclined: 'ConsularNotificationDeclined',
  RecordOfficerInterview: 'OfficerInterviewed',
  RecordDetaineeInterview: 'DetaineeInterviewed',
  RecordInjuries: 'InjuriesRecorded',
  RecordHealthComplaint: 'HealthComplaintRecorded',
  RecordIntoxication: 'IntoxicationRecorded',
  RecordMedication: 'MedicationRecorded',
  RequestMedicalAid: 'MedicalAidRequested',
  RecordMedicalAid: 'MedicalAidProvided',
  ReferForMedicalExamination: 'MedicalExaminationReferred',
  RecordHealthDataConsent: 'HealthDataConsentRecorded',
  AssessRisk: 'RiskAssessed',
  SetObservationLevel: 'ObservationLevelSet',
  RequestApproval: 'ApprovalRequested',
  DecideApproval: 'ApprovalDecided',
  RecordProperty: 'PropertyRecorded',
  ReturnProperty: 'PropertyReturned',
  RetainProperty: 'PropertyRetained',
  MoveDetainee: 'DetaineeMoved',
  StartContact: 'ContactStarted',
  EndContact: 'ContactEnded',
  DrawUpDetentionProtocol: 'DetentionProtocolDrawnUp',
  ServeSuspicionNotice: 'SuspicionNoticeServed',
  StartInvestigativeAction: 'InvestigativeActionStarted',
  EndInvestigativeAction: 'InvestigativeActionEnded',
  StartInterrogation: 'InterrogationStarted',
  PauseInterrogation: 'InterrogationPaused',
  ResumeInterrogation: 'InterrogationResumed',
  EndInterrogation: 'InterrogationEnded',
  ScheduleCourtHearing: 'CourtHearingScheduled',
  RecordCourtDecision: 'CourtDecisionRecorded',
  ReclassifyDetention: 'DetentionReclassified',
  RecordPaceAuthorisation: 'PaceAuthorisationRecorded',
  RecordPaceReview: 'PaceReviewRecorded',
  RecordCellCheck: 'CellCheckRecorded',
  OfferMeal: 'MealOffered',
  OfferDrink: 'DrinkOffered',
  RecordRestPeriod: 'RestPeriodRecorded',
  RecordDetaineeRequest: 'DetaineeRequestMade',
  AnswerDetaineeRequest: 'DetaineeRequestAnswered',
  RecordComplaint: 'ComplaintMade',
  AnswerComplaint: 'ComplaintAnswered',
  RecordIncident: 'IncidentRecorded',
  RecordForceUsed: 'ForceUsed',
  RecordMartialLawConditions: 'MartialLawConditionsRecorded',
  ReleaseDetainee: 'DetaineeReleased',
  TransferDetainee: 'DetaineeTransferred',
  CorrectEntry: 'EntryCorrected',
  AddAttachment: 'AttachmentAdded',
  BookmarkCamera: 'CameraBookmarked',
  HandOverDocument: 'DocumentHandedOver',
  EraseEventPayload: 'PayloadErased',
} as const satisfies Record<string, EventType>;

export type CommandType = keyof typeof COMMAND_EVENT;
export const COMMAND_TYPES = Object.keys(COMMAND_EVENT) as readonly CommandType[];

/** StartContact: the domain, not the caller, decides whether the contact is flagged (domain.md §3.10). */
export const startContactPayload = payloadSchemas.ContactStarted.omit({
  flagged: true,
  flagReason: true,
});

/** MoveDetainee: the domain, not the caller, records the placement rules broken (domain.md §4). */
export const moveDetaineePayload = payloadSchemas.DetaineeMoved.omit({ placementBreaches: true });

/**
 * ReturnProperty: a return lists the items handed back, at least one. Only the command refuses an
 * empty list: the event's schema (PropertyReturned) still reads the entries stored before this
 * rule with `items: []`, so old logs read and verify.
 */
export const returnPropertyPayload = payloadSchemas.PropertyReturned.extend({
  items: payloadSchemas.PropertyReturned.shape.items.min(1),
});

/** SetObservationLevel: the domain, not the caller, records the pending request it supersedes. */
export const setObservationLevelPayload = payloadSchemas.ObservationLevelSet.omit({
  supersedesRequestEventId: true,
});

/** RecordForceUsed: one use per officer; each becomes its own ForceUsed entry (domain.md §3.12). */
export const recordForceUsedPayload = z.strictObject({
  uses: z.array(forceUsed).min(1).max(20),
});

/**
 * A defender present at an interrogation or a procedural action is named, with the number of the
 * certificate that confirms their powers (КПК ст. 45, ст. 50 ч. 1 п. 1). Refused as `invalid_payload` at `payload.defender...`.
 */
function defenderNamedWhenPresent<
  S extends z.ZodType<{
    defenderPresent: boolean;
    defender?: { certificateNumber?: string | undefined } | undefined;
  }>,
>(schema: S) {
  return schema.superRefine((p, ctx) => {
    if (p.defenderPresent && p.defender === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['defender', 'name'],
        message: 'a defender present is named, with the certificate number (КПК ст. 50)',
      });
    } else if (p.defenderPresent && p.defender?.certificateNumber === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['defender', 'certificateNumber'],
        message: "the defender's certificate number confirms their powers (КПК ст. 50 ч. 1 п. 1)",
      });
    }
  });
}

export const startInterrogationPayload = defenderNamedWhenPresent(
  payloadSchemas.InterrogationStarted,
);
export const resumeInterrogationPayload = defenderNamedWhenPresent(
  payloadSchemas.InterrogationResumed,
);
export const startInvestigativeActionPayload = defenderNamedWhenPresent(
  payloadSchemas.InvestigativeActionStarted,
);

type Overrides = {
  StartContact: typeof startContactPayload;
  MoveDetainee: typeof moveDetaineePayload;
  ReturnProperty: typeof returnPropertyPayload;
  SetObservationLevel: typeof setObservationLevelPayload;
  RecordForceUsed: typeof recordForceUsedPayload;
  StartInterrogation: typeof startInterrogationPayload;
  ResumeInterrogation: typeof resumeInterrogationPayload;
  StartInvestigativeAction: typeof startInvestigativeActionPayload;
  DecideApproval: typeof decideApprovalPayload;
};

/** The zod schema that validates the payload of each command. */
export type CommandSchemas = {
  [C in CommandType]: C extends keyof Overrides
    ? Overrides[C]
    : PayloadSchemas[(typeof COMMAND_EVENT)[C]];
};

export const commandSchemas: CommandSchemas = {
  ...(Object.fromEntries(
    Object.entries(COMMAND_EVENT).map(([c, e]) => [c, payloadSchemas[e]]),
  ) as Omit<CommandSchemas, keyof Overrides>),
  StartContact: startContactPayload,
  MoveDetainee: moveDetaineePayload,
  ReturnProperty: returnPropertyPayload,
  SetObservationLevel: setObservationLevelPayload,
  RecordForceUsed: recordForceUsedPayload,
  StartInterrogation: startInterrogationPayload,
  ResumeInterrogation: resumeInterrogationPayload,
  StartInvestigativeAction: startInvestigativeActionPayload,
  DecideApproval: decideApprovalPayload,
};

/** What the caller sends: unvalidated input shape (before trimming). */
export type CommandPayload<C extends CommandType = CommandType> = z.input<CommandSchemas[C]>;
/** The payload after validation. */
export type ValidCommandPayload<C extends CommandType = CommandType> = z.output<CommandSchemas[C]>;

/** A command: the user's intent, with the time the officer states it happened. */
export interface CommandEnvelope<C extends CommandType = CommandType> {
  readonly type: C;
  /** RFC 3339 date-time with Z or any offset, as stated by the officer (decide normalises it). */
  readonly occurredAt: string;
  readonly payload: CommandPayload<C>;
}

/** Any command, discriminated by `type`. */
export type Command = { [C in CommandType]: CommandEnvelope<C> }[CommandType];

export function isCommandType(value: unknown): value is CommandType {
  return typeof value === 'string' && Object.hasOwn(COMMAND_EVENT, value);
}
