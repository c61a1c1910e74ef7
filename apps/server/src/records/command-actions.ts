import type { CommandType } from '@custody/domain';
import type { RecordAction } from '../authz/actions.ts';

/**
 * The one table of which authorization action each domain command needs (domain.md §2; matrix in
 * authz/matrix.ts). Lowering an observation level is 'record.risk' here: the domain itself
 * refuses it without a rationale and another person's supervisor approval in the payload
 * (domain.md §3.8, Code C Annex H). Martial-law conditions (КПК ст. 615) are the supervisor's
 * exception to approve (domain.md §2), 'record.martial_law'. The two-step approval: whoever may
 * set the level asks (RequestApproval, 'record.risk'); a supervisor of the unit decides as their
 * own entry (DecideApproval, 'record.approve'), and the domain verifies them again.
 */
export const COMMAND_ACTIONS: Readonly<Record<CommandType, RecordAction>> = {
  RecordDetention: 'record.open',
  RecordDelivery: 'record.movement',
  RegisterDetainee: 'record.register',
  AssignResponsibleOfficial: 'record.register',
  RecordRightsExplained: 'record.rights',
  RecordNotification: 'record.notification',
  RecordConsularNotificationRequest: 'record.notification',
  RecordConsularNotificationDeclined: 'record.notification',
  RecordOfficerInterview: 'record.interview',
  RecordDetaineeInterview: 'record.interview',
  RecordInjuries: 'record.health',
  RecordHealthComplaint: 'record.health',
  RecordIntoxication: 'record.health',
  RecordMedication: 'record.health',
  RequestMedicalAid: 'record.welfare',
  RecordMedicalAid: 'record.health',
  ReferForMedicalExamination: 'record.health',
  RecordHealthDataConsent: 'record.rights',
  AssessRisk: 'record.risk',
  SetObservationLevel: 'record.risk',
  RequestApproval: 'record.risk',
  DecideApproval: 'record.approve',
  RecordProperty: 'record.scene',
  ReturnProperty: 'record.property',
  RetainProperty: 'record.property',
  MoveDetainee: 'record.movement',
  StartContact: 'record.contact',
  EndContact: 'record.contact',
  DrawUpDetentionProtocol: 'record.procedural',
  ServeSuspicionNotice: 'record.procedural',
  StartInvestigativeAction: 'record.procedural',
  EndInvestigativeAction: 'record.procedural',
  StartInterrogation: 'record.procedural',
  PauseInterrogation: 'record.procedural',
  ResumeInterrogation: 'record.procedural',
  EndInterrogation: 'record.procedural',
  ScheduleCourtHearing: 'record.procedural',
  RecordCourtDecision: 'record.procedural',
  ReclassifyDetention: 'record.procedural',
  RecordPaceAuthorisation: 'record.procedural',
  RecordPaceReview: 'record.procedural',
  RecordCellCheck: 'record.welfare',
  OfferMeal: 'record.welfare',
  OfferDrink: 'record.welfare',
  RecordRestPeriod: 'record.welfare',
  RecordDetaineeRequest: 'record.welfare',
  AnswerDetaineeRequest: 'record.welfare',
  RecordComplaint: 'record.welfare',
  AnswerComplaint: 'record.welfare',
  RecordIncident: 'record.welfare',
  RecordForceUsed: 'record.scene',
  RecordMartialLawConditions: 'record.martial_law',
  ReleaseDetainee: 'record.release',
  TransferDetainee: 'record.release',
  CorrectEntry: 'record.correction',
  AddAttachment: 'record.attachment',
  BookmarkCamera: 'record.attachment',
  HandOverDocument: 'record.release',
  EraseEventPayload: 'record.erase',
};
