import { z } from 'zod';
import { PLACEMENT_RULES } from '../placement.ts';
import {
  id,
  keepOffsets,
  location,
  optionalText,
  personRef,
  statedInstant,
  statedOffset,
  signatureOrRefusal,
  text,
} from './primitives.ts';

const propertyItem = z.strictObject({
  description: text(300),
  quantity: z.int().min(1).max(10_000),
  notes: optionalText(500),
});

/** Property itemised, bag seal number, signature or refusal (domain §3.9). */
export const propertyRecorded = z.strictObject({
  items: z.array(propertyItem).max(200),
  bagSealNumber: optionalText(50),
  signature: signatureOrRefusal,
});

/** Property returned to the detainee. */
export const propertyReturned = z.strictObject({
  items: z.array(propertyItem).max(200),
  signature: signatureOrRefusal,
});

/** Property retained (evidence, prohibited items) with its legal basis. */
export const propertyRetained = z.strictObject({
  items: z.array(propertyItem).min(1).max(200),
  reason: text(2000),
  legalBasis: text(300),
});

/**
 * A change of location (zone, room, cell) with purpose and escort (domain §3.10). A placement in a
 * room for detainees that breaks a placement rule (domain.md §4) states `placementReason`; the
 * domain, never the caller, records the rules broken as `placementBreaches` (a flagged placement).
 */
export const detaineeMoved = z.strictObject({
  from: location.optional(),
  to: location,
  purpose: text(500),
  escort: z.array(personRef).max(10),
  placementReason: optionalText(2000),
  placementBreaches: z.array(z.enum(PLACEMENT_RULES)).min(1).optional(),
});

/** The role in which a person has contact with the detainee. */
export const CONTACT_ROLES = [
  'lawyer',
  'legal_representative',
  'relative',
  'medical',
  'interpreter',
  'investigator',
  'responsible_official',
  'duty_inspector',
  'escort',
  'monitor',
  'consular_officer',
  'operational_officer',
  'other',
] as const;
export const contactRole = z.enum(CONTACT_ROLES);
export type ContactRole = z.infer<typeof contactRole>;

/**
 * A person's contact with the detainee began. `flagged` is set by the domain, never by the
 * caller, when the role does not allow contact and no responsible official authorised it
 * (domain §3.10).
 */
export const contactStarted = z.strictObject({
  person: personRef,
  role: contactRole,
  purpose: text(500),
  authorisedById: id.optional(),
  flagged: z.boolean(),
  flagReason: optionalText(500),
});

/** The contact that `contactEventId` started ended. */
export const contactEnded = z.strictObject({
  contactEventId: id,
  summary: optionalText(2000),
});

/** A cell check at its actual time, with condition and rousing response (E&W Code C Annex H). */
export const cellCheckRecorded = z.strictObject({
  condition: text(1000),
  roused: z.boolean(),
  response: optionalText(1000),
  concern: z.boolean(),
});

/** A meal offered, light or main, accepted or refused (E&W Code C 8.6). */
export const mealOffered = z.strictObject({
  kind: z.enum(['light', 'main']),
  accepted: z.boolean(),
  notes: optionalText(500),
});

/** A drink offered, accepted or refused. */
export const drinkOffered = z.strictObject({
  accepted: z.boolean(),
});

/** A rest period, start and end (E&W Code C 12.2: 8 h continuous in 24 h). */
export const restPeriodRecorded = z
  .strictObject({
    from: statedInstant,
    fromOffset: statedOffset.optional(),
    to: statedInstant,
    toOffset: statedOffset.optional(),
    interrupted: z.boolean(),
  })
  .overwrite(keepOffsets('from', 'to'))
  .refine((p) => Date.parse(p.to) > Date.parse(p.from), {
    error: 'a rest period ends after it starts',
    path: ['to'],
  });

/** A request made by the detainee (phone call, doctor, lawyer, water...). */
export const detaineeRequestMade = z.strictObject({
  request: text(2000),
});

/** The answer to a request made by the detainee. */
export const detaineeRequestAnswered = z.strictObject({
  requestEventId: id,
  answer: text(2000),
  granted: z.boolean(),
});

/** A complaint made by the detainee. */
export const complaintMade = z.strictObject({
  complaint: text(4000),
  against: personRef.optional(),
});

/** The answer to a complaint, and where it was forwarded. */
export const complaintAnswered = z.strictObject({
  complaintEventId: id,
  answer: text(4000),
  forwardedTo: optionalText(300),
});

/** An incident in custody (self-harm, violence, damage, escape attempt, emergency). */
export const incidentRecorded = z.strictObject({
  kind: z.enum(['self_harm', 'violence', 'damage', 'escape_attempt', 'medical_emergency', 'other']),
  description: text(4000),
  injuriesCaused: z.boolean(),
});

/** Use of force by ONE officer: one entry per officer involved (domain §3.12, §7). */
export const forceUsed = z.strictObject({
  officerId: id,
  officerName: optionalText(200),
  technique: text(300),
  justification: text(4000),
  injuriesCaused: z.boolean(),
  incidentEventId: id.optional(),
});

/** Special martial-law conditions recorded by a supervisor (КПК ст. 615; audited use). */
export const martialLawConditionsRecorded = z.strictObject({
  supervisorId: id,
  conditions: text(4000),
});
