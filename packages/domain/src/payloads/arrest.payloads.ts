import { z } from 'zod';
import {
  id,
  isoDate,
  keepOffsets,
  optionalText,
  personRef,
  place,
  statedInstant,
  statedOffset,
  text,
} from './primitives.ts';

/** The detainee's sex as recorded at detention, for separation in rooms (domain.md §4). */
export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];

/**
 * The legal basis on which the person is held; it selects the legal clock.
 * `ua_criminal_208` КПК ст. 208 (without a ruling), `ua_ruling_191` КПК ст. 191 (under a judge's
 * ruling), `ua_administrative` КУпАП ст. 262-263, `ua_administrative_border` КУпАП ст. 263 ч. 2,
 * `ew_pace` PACE 1984 (England and Wales).
 */
export const LEGAL_PROFILES = [
  'ua_criminal_208',
  'ua_ruling_191',
  'ua_administrative',
  'ua_administrative_border',
  'ew_pace',
] as const;
export const legalProfile = z.enum(LEGAL_PROFILES);
export type LegalProfile = z.infer<typeof legalProfile>;

/** The detained person: identified, or "unidentified" with a description and photo (domain §3.1). */
export const detainedPerson = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('identified'),
    fullName: text(200),
    dateOfBirth: isoDate.optional(),
    identityDocument: optionalText(200),
  }),
  z.strictObject({
    kind: z.literal('unidentified'),
    description: text(2000),
    photoSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  }),
]);
export type DetainedPerson = z.infer<typeof detainedPerson>;

/** A body-worn camera recording that shows the detention. */
export const bodycamRef = z
  .strictObject({
    cameraId: id,
    from: statedInstant.optional(),
    fromOffset: statedOffset.optional(),
    to: statedInstant.optional(),
    toOffset: statedOffset.optional(),
  })
  .overwrite(keepOffsets('from', 'to'));

/**
 * Actual detention (фактичне затримання); the legal clock starts here (КПК ст. 209). `unitId` is
 * the unit whose officer opened the record, whose staff hold it until a delivery names the unit
 * it is delivered to; set by the server from the opener's account, so that the log alone says
 * where an undelivered record belongs. Records opened before it was recorded lack it.
 */
export const detentionRecorded = z.strictObject({
  recordId: id,
  unitId: id.optional(),
  person: detainedPerson,
  place,
  detainingOfficers: z.array(personRef).min(1).max(20),
  profile: legalProfile,
  legalBasis: text(300),
  grounds: text(4000),
  juvenile: z.boolean(),
  /** For men/women separation in rooms (domain.md §4); records opened before it was asked lack it. */
  sex: z.enum(SEXES).optional(),
  foreigner: z.boolean(),
  nationality: optionalText(100),
  language: text(50),
  bodycamRefs: z.array(bodycamRef).max(20),
});

/** Delivery to the unit (КПК ст. 210); a slow delivery must be explained (КУпАП ст. 259). */
export const detaineeDelivered = z.strictObject({
  unitId: id,
  deliveredBy: z.array(personRef).max(20).optional(),
  delayExplanation: optionalText(2000),
});

/** Registration by the duty inspector, with the custody number of the record. */
export const detaineeRegistered = z.strictObject({
  custodyNumber: text(50),
  notes: optionalText(2000),
});

/** Assignment (or re-assignment) of the responsible official (КПК ст. 212). */
export const responsibleOfficialAssigned = z.strictObject({
  officialId: id,
  officialName: optionalText(200),
  reason: optionalText(1000),
});
