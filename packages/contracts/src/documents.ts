import { z } from 'zod';
import { Locale } from './auth.ts';

/** The documents of domain.md §6 (protocols, rights notice, notification log, referrals, extract). */
export const DocumentKind = z.enum([
  'detention_protocol',
  'administrative_detention_protocol',
  'rights_notice',
  'notification_log',
  'property_receipt',
  'medical_referral',
  'intoxication_referral',
  'record_extract',
]);
export type DocumentKind = z.infer<typeof DocumentKind>;

/**
 * Query of the document and extract routes. Every export is written to the read audit with the
 * stated reason (domain.md §5); HQ, monitors and lawyers must give one.
 */
export const ExportQuery = z.object({
  locale: Locale.default('uk'),
  reason: z.string().trim().min(1).max(500).optional(),
});
export type ExportQuery = z.input<typeof ExportQuery>;

export const DocumentParams = z.object({
  recordId: z.string().min(1).max(100),
  kind: DocumentKind,
});

/** The media types an attachment may have (photos, scanned documents, audio, video). */
export const ATTACHMENT_MEDIA_TYPE =
  /^(image\/(jpeg|png)|application\/pdf|audio\/[a-z0-9.+-]+|video\/[a-z0-9.+-]+)$/;

/**
 * Query of `POST /api/v1/records/:recordId/attachments` (raw body, Content-Type the file's type).
 * `expectedVersion` is the record version last seen, as for every command.
 */
export const AttachmentUploadQuery = z.object({
  kind: z.enum(['photo', 'document', 'audio', 'video', 'other']).optional(),
  description: z.string().trim().min(1).max(500).optional(),
  relatesToEventId: z.string().min(1).max(100).optional(),
  occurredAt: z.iso.datetime().optional().describe('default: now'),
  expectedVersion: z.coerce.number().int().nonnegative().optional(),
});
export type AttachmentUploadQuery = z.input<typeof AttachmentUploadQuery>;

/** The stored attachment and the AttachmentAdded entry that puts its hash in the log. */
export const AttachmentStored = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.int().nonnegative(),
  mediaType: z.string(),
  recordId: z.string(),
  eventId: z.string(),
  logIndex: z.int().nonnegative(),
  version: z.int().positive(),
});
export type AttachmentStored = z.infer<typeof AttachmentStored>;

export const AttachmentParams = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
