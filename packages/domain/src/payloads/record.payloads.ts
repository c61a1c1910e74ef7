import { z } from 'zod';
import {
  id,
  keepOffsets,
  optionalText,
  personRef,
  statedInstant,
  statedOffset,
  sha256Hex,
  signatureOrRefusal,
  text,
} from './primitives.ts';

/**
 * A correction of an earlier entry of the same record: nothing is edited or deleted; the new
 * entry names the corrected one, the reason, and the corrected values (domain §3).
 */
export const entryCorrected = z
  .strictObject({
    targetEventId: id,
    reason: text(2000),
    correctedFields: z.record(z.string().min(1).max(100), z.json()),
    correctedOccurredAt: statedInstant.optional(),
    correctedOccurredAtOffset: statedOffset.optional(),
  })
  .overwrite(keepOffsets('correctedOccurredAt'))
  .refine((p) => Object.keys(p.correctedFields).length > 0 || p.correctedOccurredAt !== undefined, {
    error: 'a correction changes at least one field or the time',
    path: ['correctedFields'],
  });

/** A file attached to the record, committed to by its SHA-256; the bytes are kept outside. */
export const attachmentAdded = z.strictObject({
  sha256: sha256Hex,
  kind: z.enum(['photo', 'document', 'audio', 'video', 'other']),
  mediaType: z
    .string()
    .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i, 'expected a media type')
    .max(100),
  sizeBytes: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  description: optionalText(500),
  relatesToEventId: id.optional(),
});

/** A pointer at the camera and time range that shows what an entry describes (domain §1). */
export const cameraBookmarked = z
  .strictObject({
    cameraId: id,
    from: statedInstant,
    fromOffset: statedOffset.optional(),
    to: statedInstant,
    toOffset: statedOffset.optional(),
    relatesToEventId: id.optional(),
    note: optionalText(500),
  })
  .overwrite(keepOffsets('from', 'to'))
  .refine((p) => Date.parse(p.to) >= Date.parse(p.from), {
    error: 'a bookmark ends at or after it starts',
    path: ['to'],
  });

/** A document handed over (rights notice, protocol, receipt, record extract...) and to whom. */
export const documentHandedOver = z.strictObject({
  documentKind: z.enum([
    'rights_notice',
    'detention_protocol',
    'property_receipt',
    'record_extract',
    'medical_referral',
    'court_decision',
    'other',
  ]),
  to: personRef,
  signature: signatureOrRefusal.optional(),
});

/**
 * Tombstone of a lawful erasure: the payload and salt of `targetEventId` were deleted; its leaf
 * (with the payload commitment) stays in the log (integrity.md, Law of Ukraine on personal data).
 */
export const payloadErased = z.strictObject({
  targetEventId: id,
  legalGround: text(1000),
});
