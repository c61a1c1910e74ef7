import { z } from 'zod';
import { optionalText, personRef, signatureOrRefusal, text } from './primitives.ts';

export const RELEASE_GROUNDS = [
  'suspicion_not_confirmed',
  'time_limit_reached',
  'court_decision',
  'prosecutor_decision',
  'investigator_decision',
  'administrative_case_completed',
  'bail',
  'other',
] as const;
export const releaseGround = z.enum(RELEASE_GROUNDS);
export type ReleaseGround = z.infer<typeof releaseGround>;

/**
 * Release: legal ground, property returned, copy of the record handed over (domain §3.13).
 * A release forced by a time limit names that limit (КПК ст. 211 ч. 3, Constitution art. 29).
 */
export const detaineeReleased = z
  .strictObject({
    ground: releaseGround,
    legalBasis: text(300),
    timeLimit: optionalText(300),
    propertyReturned: z.enum(['yes', 'no', 'none_held']),
    recordCopyHandedOver: z.boolean(),
    signature: signatureOrRefusal.optional(),
  })
  .refine((p) => p.ground !== 'time_limit_reached' || p.timeLimit !== undefined, {
    error: 'a release forced by a time limit names the limit',
    path: ['timeLimit'],
  });

export const DESTINATION_KINDS = [
  'itt',
  'sizo',
  'court',
  'hospital',
  'other_unit',
  'other',
] as const;

/** Transfer to ІТТ, СІЗО, court, hospital or another unit, with escort and hand-over. */
export const detaineeTransferred = z.strictObject({
  destinationKind: z.enum(DESTINATION_KINDS),
  destinationName: text(300),
  ground: text(1000),
  escort: z.array(personRef).min(1).max(20),
  handedOverTo: personRef,
  notes: optionalText(2000),
});
