import type { z } from 'zod';
import * as arrest from './payloads/arrest.payloads.ts';
import * as custody from './payloads/custody.payloads.ts';
import * as end from './payloads/end.payloads.ts';
import * as health from './payloads/health.payloads.ts';
import * as procedure from './payloads/procedure.payloads.ts';
import * as record from './payloads/record.payloads.ts';
import * as rights from './payloads/rights.payloads.ts';

/**
 * The event catalogue: one strict zod payload schema per event type. Each entry is an immutable
 * fact in the officers' own words (domain.md §3); the JSDoc of each schema gives its legal basis.
 */
export const payloadSchemas = {
  DetentionRecorded: arrest.detentionRecorded,
  DetaineeDelivered: arrest.detaineeDelivered,
  DetaineeRegistered: arrest.detaineeRegistered,
  ResponsibleOfficialAssigned: arrest.responsibleOfficialAssigned,
  RightsExplained: rights.rightsExplained,
  NotificationMade: rights.notificationMade,
  ConsularNotificationRequested: rights.consularNotificationRequested,
  ConsularNotificationDeclined: rights.consularNotificationDeclined,
  OfficerInterviewed: rights.officerInterviewed,
  DetaineeInterviewed: rights.detaineeInterviewed,
  InjuriesRecorded: health.injuriesRecorded,
  HealthComplaintRecorded: health.healthComplaintRecorded,
  IntoxicationRecorded: health.intoxicationRecorded,
  MedicationRecorded: health.medicationRecorded,
  MedicalAidRequested: health.medicalAidRequested,
  MedicalAidProvided: health.medicalAidProvided,
  MedicalExaminationReferred: health.medicalExaminationReferred,
  HealthDataConsentRecorded: health.healthDataConsentRecorded,
  RiskAssessed: health.riskAssessed,
  ObservationLevelSet: health.observationLevelSet,
  ApprovalRequested: health.approvalRequested,
  ApprovalDecided: health.approvalDecided,
  PropertyRecorded: custody.propertyRecorded,
  PropertyReturned: custody.propertyReturned,
  PropertyRetained: custody.propertyRetained,
  DetaineeMoved: custody.detaineeMoved,
  ContactStarted: custody.contactStarted,
  ContactEnded: custody.contactEnded,
  DetentionProtocolDrawnUp: procedure.detentionProtocolDrawnUp,
  SuspicionNoticeServed: procedure.suspicionNoticeServed,
  InvestigativeActionStarted: procedure.investigativeActionStarted,
  InvestigativeActionEnded: procedure.investigativeActionEnded,
  InterrogationStarted: procedure.interrogationStarted,
  InterrogationPaused: procedure.interrogationPaused,
  InterrogationResumed: procedure.interrogationResumed,
  InterrogationEnded: procedure.interrogationEnded,
  CourtHearingScheduled: procedure.courtHearingScheduled,
  CourtDecisionRecorded: procedure.courtDecisionRecorded,
  DetentionReclassified: procedure.detentionReclassified,
  PaceAuthorisationRecorded: procedure.paceAuthorisationRecorded,
  PaceReviewRecorded: procedure.paceReviewRecorded,
  CellCheckRecorded: custody.cellCheckRecorded,
  MealOffered: custody.mealOffered,
  DrinkOffered: custody.drinkOffered,
  RestPeriodRecorded: custody.restPeriodRecorded,
  DetaineeRequestMade: custody.detaineeRequestMade,
  DetaineeRequestAnswered: custody.detaineeRequestAnswered,
  ComplaintMade: custody.complaintMade,
  ComplaintAnswered: custody.complaintAnswered,
  IncidentRecorded: custody.incidentRecorded,
  ForceUsed: custody.forceUsed,
  MartialLawConditionsRecorded: custody.martialLawConditionsRecorded,
  DetaineeReleased: end.detaineeReleased,
  DetaineeTransferred: end.detaineeTransferred,
  EntryCorrected: record.entryCorrected,
  AttachmentAdded: record.attachmentAdded,
  CameraBookmarked: record.cameraBookmarked,
  DocumentHandedOver: record.documentHandedOver,
  PayloadErased: record.payloadErased,
} as const;

export type PayloadSchemas = typeof payloadSchemas;
export type EventType = keyof PayloadSchemas;
/** The validated payload of an event of type `T`. */
export type EventPayload<T extends EventType = EventType> = z.output<PayloadSchemas[T]>;

/** Every event type, in the order of the life of a record (domain.md §3). */
export const EVENT_TYPES = Object.keys(payloadSchemas) as readonly EventType[];

/** Stage of domain.md §3 an event belongs to (1..13), or 0 for record keeping. */
export type Stage = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13;

/** The glossary: when each event is recorded, one line each (domain.md §3). */
export const EVENT_DESCRIPTIONS: Record<EventType, string> = {
  DetentionRecorded:
    'Actual detention: person (or unidentified), place, officers, legal basis, grounds as facts; T0 (КПК ст. 209).',
  DetaineeDelivered:
    'The detainee arrived at the police unit; a slow delivery is explained (КПК ст. 210, КУпАП ст. 259).',
  DetaineeRegistered: 'The duty inspector registered the delivered person under a custody number.',
  ResponsibleOfficialAssigned:
    'A responsible official (human-rights inspector) was assigned to the detainee (КПК ст. 212).',
  RightsExplained:
    'Rights were explained: language, interpreter, written notice, signature or refusal (КПК ст. 276).',
  NotificationMade:
    'Relatives, legal aid centre, parents, guardianship authority, consulate or prosecutor were notified (КПК ст. 213).',
  ConsularNotificationRequested:
    'A foreign detainee asked for the consulate to be notified (Vienna Convention art. 36).',
  ConsularNotificationDeclined: 'A foreign detainee declined consular notification.',
  OfficerInterviewed:
    'The responsible official interviewed the detaining officer about the detention, force and injuries.',
  DetaineeInterviewed:
    'The responsible official interviewed the detainee about the detention, force and injuries.',
  InjuriesRecorded: 'Visible injuries were recorded by body region, with photos.',
  HealthComplaintRecorded: 'The detainee complained about their health.',
  IntoxicationRecorded: 'Intoxication was observed, or observed to have ended.',
  MedicationRecorded: 'Medication was taken or given.',
  MedicalAidRequested: 'Medical aid was requested.',
  MedicalAidProvided: 'Medical aid was provided.',
  MedicalExaminationReferred:
    'The detainee was referred for a medical or intoxication examination.',
  HealthDataConsentRecorded:
    'The detainee consented to, or withdrew consent to, disclosing health and risk data to a lawyer or monitor.',
  RiskAssessed: 'The risk to or from the detainee was assessed.',
  ObservationLevelSet:
    'The observation level was set; lowering it needs a rationale and a supervisor (Code C Annex H); set while a request to lower it waits, it supersedes that request.',
  ApprovalRequested:
    "A supervisor's approval was requested (lowering the observation level), with the rationale.",
  ApprovalDecided:
    'A supervisor of the unit approved or refused a pending request as their own entry; an approved lowering takes effect from it.',
  PropertyRecorded: 'Property was itemised and sealed in a bag; signature or refusal.',
  PropertyReturned: 'Property was returned to the detainee.',
  PropertyRetained: 'Property was retained, with its legal basis.',
  DetaineeMoved: 'The detainee was moved to another zone, room or cell, with purpose and escort.',
  ContactStarted:
    'A person began contact with the detainee (identity, role, purpose); flagged if the role does not allow it.',
  ContactEnded: 'A contact with the detainee ended.',
  DetentionProtocolDrawnUp:
    'The protocol of detention was drawn up; copies to the detainee and prosecutor (КПК ст. 208 ч. 5).',
  SuspicionNoticeServed: 'Written notice of suspicion was served (КПК ст. 278).',
  InvestigativeActionStarted: 'An investigative action with the detainee began.',
  InvestigativeActionEnded: 'An investigative action with the detainee ended.',
  InterrogationStarted: 'An interrogation began (КПК ст. 224; defender for a juvenile, ст. 490).',
  InterrogationPaused: 'The interrogation was paused for a break.',
  InterrogationResumed: 'The interrogation resumed after a break.',
  InterrogationEnded: 'The interrogation ended.',
  CourtHearingScheduled: 'A court hearing was scheduled (КПК ст. 211).',
  CourtDecisionRecorded: 'The court decided: custody, bail, release, house arrest or other.',
  DetentionReclassified:
    'The legal basis changed (administrative became criminal); T0 kept unless stated.',
  PaceAuthorisationRecorded:
    'PACE: detention extended to 36 h by a superintendent or to 96 h by a warrant (s.42-44).',
  PaceReviewRecorded: 'PACE: a review of detention was carried out (s.40).',
  CellCheckRecorded: 'A cell check at its actual time: condition, rousing and response.',
  MealOffered: 'A light or main meal was offered and accepted or refused.',
  DrinkOffered: 'A drink was offered and accepted or refused.',
  RestPeriodRecorded: 'A rest period, start and end.',
  DetaineeRequestMade: 'The detainee made a request.',
  DetaineeRequestAnswered: "The detainee's request was answered.",
  ComplaintMade: 'The detainee made a complaint.',
  ComplaintAnswered: "The detainee's complaint was answered.",
  IncidentRecorded: 'An incident in custody (self-harm, violence, damage, escape attempt).',
  ForceUsed: 'One officer used force: technique and justification (one entry per officer).',
  MartialLawConditionsRecorded:
    'A supervisor recorded the special conditions of martial law (КПК ст. 615).',
  DetaineeReleased:
    'The detainee was released: ground, property returned, copy of the record handed over.',
  DetaineeTransferred:
    'The detainee was handed over to ІТТ, СІЗО, court, hospital or another unit, with escort.',
  EntryCorrected: 'An earlier entry was corrected, with a reason; the original stays.',
  AttachmentAdded: 'A file (photo, document, audio, video) was attached by its SHA-256.',
  CameraBookmarked: 'A camera and time range showing what happened was bookmarked.',
  DocumentHandedOver: 'A document was handed over, and to whom.',
  PayloadErased: "An entry's personal data was lawfully erased; its log leaf stays.",
};

/** Stage of domain.md §3 per event type (0 = record keeping). */
export const EVENT_STAGES: Record<EventType, Stage> = {
  DetentionRecorded: 1,
  DetaineeDelivered: 2,
  DetaineeRegistered: 3,
  ResponsibleOfficialAssigned: 3,
  RightsExplained: 4,
  NotificationMade: 5,
  ConsularNotificationRequested: 5,
  ConsularNotificationDeclined: 5,
  OfficerInterviewed: 6,
  DetaineeInterviewed: 6,
  InjuriesRecorded: 7,
  HealthComplaintRecorded: 7,
  IntoxicationRecorded: 7,
  MedicationRecorded: 7,
  MedicalAidRequested: 7,
  MedicalAidProvided: 7,
  MedicalExaminationReferred: 7,
  HealthDataConsentRecorded: 7,
  RiskAssessed: 8,
  ObservationLevelSet: 8,
  ApprovalRequested: 8,
  ApprovalDecided: 8,
  PropertyRecorded: 9,
  PropertyReturned: 9,
  PropertyRetained: 9,
  DetaineeMoved: 10,
  ContactStarted: 10,
  ContactEnded: 10,
  DetentionProtocolDrawnUp: 11,
  SuspicionNoticeServed: 11,
  InvestigativeActionStarted: 11,
  InvestigativeActionEnded: 11,
  InterrogationStarted: 11,
  InterrogationPaused: 11,
  InterrogationResumed: 11,
  InterrogationEnded: 11,
  CourtHearingScheduled: 11,
  CourtDecisionRecorded: 11,
  DetentionReclassified: 11,
  PaceAuthorisationRecorded: 11,
  PaceReviewRecorded: 11,
  CellCheckRecorded: 12,
  MealOffered: 12,
  DrinkOffered: 12,
  RestPeriodRecorded: 12,
  DetaineeRequestMade: 12,
  DetaineeRequestAnswered: 12,
  ComplaintMade: 12,
  ComplaintAnswered: 12,
  IncidentRecorded: 12,
  ForceUsed: 12,
  MartialLawConditionsRecorded: 11,
  DetaineeReleased: 13,
  DetaineeTransferred: 13,
  EntryCorrected: 0,
  AttachmentAdded: 0,
  CameraBookmarked: 0,
  DocumentHandedOver: 0,
  PayloadErased: 0,
};

/** Health and risk entries, hidden from lawyers and monitors without consent (domain.md §5). */
export const HEALTH_AND_RISK_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>([
  'InjuriesRecorded',
  'HealthComplaintRecorded',
  'IntoxicationRecorded',
  'MedicationRecorded',
  'MedicalAidRequested',
  'MedicalAidProvided',
  'MedicalExaminationReferred',
  'RiskAssessed',
  'ObservationLevelSet',
  'ApprovalRequested',
  'ApprovalDecided',
]);

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.hasOwn(payloadSchemas, value);
}

/** Validates an untrusted payload against the strict schema of its event type. */
export function parsePayload<T extends EventType>(
  type: T,
  input: unknown,
): z.ZodSafeParseResult<EventPayload<T>> {
  const schema: z.ZodType = payloadSchemas[type];
  return schema.safeParse(input) as z.ZodSafeParseResult<EventPayload<T>>;
}
