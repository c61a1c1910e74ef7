import { z } from 'zod';
import { id, optionalText, personRef, signatureOrRefusal, text } from './primitives.ts';

/** Rights explained (КПК ст. 276, 212; CPT): language, interpreter, written notice, signature. */
export const rightsExplained = z.strictObject({
  language: text(50),
  interpreter: personRef.optional(),
  writtenNoticeHandedOver: z.boolean(),
  signature: signatureOrRefusal,
});

/** Whom a detention must be notified to "immediately" (domain §3.5). */
export const NOTIFICATION_KINDS = [
  'relative',
  'legal_aid_centre',
  'parents_guardians',
  'guardianship_authority',
  'consulate',
  'child_left_without_care',
  'prosecutor',
] as const;
export const notificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof notificationKind>;

export const notificationMethod = z.enum([
  'phone',
  'sms',
  'email',
  'in_person',
  'electronic_system',
  'letter',
  'other',
]);

/**
 * A notification made (КПК ст. 213; CMU resolution 1363; Vienna Convention art. 36).
 * `delegatedToOfficer`: КПК ст. 213 — where the detainee's own call could harm the investigation,
 * the officer notifies the person of the detainee's choice himself, still immediately.
 */
export const notificationMade = z.strictObject({
  kind: notificationKind,
  recipient: text(300),
  method: notificationMethod,
  referenceNumber: optionalText(100),
  madeBy: personRef,
  delegatedToOfficer: z.boolean(),
  notes: optionalText(2000),
});

/** A foreign detainee asked for the consulate to be notified (Vienna Convention art. 36 §1(b)). */
export const consularNotificationRequested = z.strictObject({
  country: text(100),
});

/** A foreign detainee declined consular notification. */
export const consularNotificationDeclined = z.strictObject({
  country: text(100),
  signature: signatureOrRefusal,
});

/** The inspector's interview of the detaining officer about the detention (Custody Records §3.6). */
export const officerInterviewed = z.strictObject({
  officerId: id,
  summary: text(8000),
  forceReported: z.boolean(),
  injuriesReported: z.boolean(),
});

/** The inspector's interview of the detainee about the detention, force and injuries. */
export const detaineeInterviewed = z.strictObject({
  summary: text(8000),
  illTreatmentAlleged: z.boolean(),
  interpreter: personRef.optional(),
});
