import { z } from 'zod';
import { Id } from './admin.ts';

/** What a monitor's or lawyer's grant opens: named units, or one custody record. */
export const GrantScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('units'), unitIds: z.array(Id).min(1).max(500) }),
  z.object({ kind: z.literal('record'), recordId: Id }),
]);
export type GrantScope = z.infer<typeof GrantScope>;

export const Grant = z.object({
  id: z.string(),
  granteeId: z.string(),
  granteeName: z.string().describe("the grantee's display name"),
  scope: GrantScope,
  recordName: z
    .string()
    .nullable()
    .describe("a record grant: the detainee's name as the record shows it; otherwise null"),
  validFrom: z.string(),
  validUntil: z.string(),
  purpose: z.string(),
  grantedBy: z.string(),
  grantedByName: z.string().describe('the display name of who granted it'),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type Grant = z.infer<typeof Grant>;

export const CreateGrantRequest = z.strictObject({
  granteeId: Id,
  scope: GrantScope,
  validFrom: z.iso.datetime(),
  validUntil: z.iso.datetime(),
  purpose: z.string().min(1).max(500).describe('visit reference or legal purpose'),
});
export type CreateGrantRequest = z.infer<typeof CreateGrantRequest>;

/** Someone a grant can be made to: an active monitor or lawyer account (domain.md §2). */
export const Grantee = z.object({
  id: z.string(),
  displayName: z.string(),
  role: z.enum(['monitor', 'lawyer']),
});
export type Grantee = z.infer<typeof Grantee>;
