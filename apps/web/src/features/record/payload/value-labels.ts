import { isDutyKey, type DutyMessageKey } from '../i18n/use-duty-t.ts';

/**
 * Which catalogue names the enumerated values of a payload field, per event type: the same key
 * means different things in different entries (`kind` of a meal, of a notification, of an
 * incident), so the event decides. Keys are the field names at any depth of the payload.
 */
const ENUM_FIELDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  DetentionRecorded: { kind: 'personKind', profile: 'profile', sex: 'det.sex' },
  DetaineeMoved: { placementBreaches: 'placement' },
  DetentionReclassified: { newProfile: 'profile' },
  NotificationMade: { kind: 'notification', method: 'method' },
  InjuriesRecorded: { bodyRegion: 'region' },
  IntoxicationRecorded: { substance: 'substance' },
  MedicalAidRequested: { requestedBy: 'requestedBy', service: 'service' },
  MedicalExaminationReferred: { kind: 'examination' },
  HealthDataConsentRecorded: { consent: 'consent', disclosedTo: 'contactRole' },
  ObservationLevelSet: { level: 'observation' },
  ApprovalRequested: { subject: 'approvalSubject', level: 'observation' },
  ApprovalDecided: {
    subject: 'approvalSubject',
    level: 'observation',
    decision: 'approvalDecision',
  },
  ContactStarted: { role: 'contactRole' },
  MealOffered: { kind: 'meal' },
  IncidentRecorded: { kind: 'incident' },
  CourtDecisionRecorded: { outcome: 'courtOutcome' },
  PaceAuthorisationRecorded: { kind: 'paceAuthorisation' },
  PaceReviewRecorded: { outcome: 'paceReview' },
  DetaineeReleased: { ground: 'ground', propertyReturned: 'end.property' },
  DetaineeTransferred: { destinationKind: 'destination' },
  AttachmentAdded: { kind: 'attachment' },
  DocumentHandedOver: { documentKind: 'document' },
};

/**
 * The catalogue key naming `value` of field `key` in an entry of `eventType`, or undefined when
 * the field is free text (or the value unknown, which is then shown as written). A correction
 * (EntryCorrected) names the values of the entry it corrects: pass that entry's type.
 */
export function valueLabelKey(
  eventType: string,
  key: string,
  value: string,
): DutyMessageKey | undefined {
  const namespace = ENUM_FIELDS[eventType]?.[key];
  if (namespace === undefined) return undefined;
  const name = `${namespace}.${value}`;
  return isDutyKey(name) ? name : undefined;
}
