import { z } from 'zod';

/** The roles of domain.md §2; one account per person, logins are never shared. */
export const Role = z.enum([
  'detaining_officer',
  'duty_inspector',
  'custody_inspector',
  'investigator',
  'medical',
  'supervisor',
  'hq',
  'monitor',
  'lawyer',
  'admin',
]);
export type Role = z.infer<typeof Role>;

/** Roles that must sign in with a TOTP second factor (RFC 6238). */
export const ROLES_REQUIRING_TOTP: readonly Role[] = ['supervisor', 'hq', 'admin'];

/** Roles that belong to one police unit; the others (hq, monitor, lawyer, admin) have none. */
export const UNIT_ROLES: readonly Role[] = [
  'detaining_officer',
  'duty_inspector',
  'custody_inspector',
  'investigator',
  'medical',
  'supervisor',
];

export const Locale = z.enum(['uk', 'en']);
export type Locale = z.infer<typeof Locale>;

export const SessionUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  unitId: z.string().nullable(),
  locale: Locale,
  /** True when the role requires a second factor and none is set up yet: only TOTP setup is allowed. */
  totpEnrolmentRequired: z.boolean(),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const LoginRequest = z.strictObject({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(1000),
  totp: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const SessionResponse = z.object({
  user: SessionUser,
  csrfToken: z.string(),
  /** Seconds without a touch or a key after which the app locks its screen (CUSTODY_LOCK_AFTER). */
  lockAfterSeconds: z.int().positive(),
});
export type SessionResponse = z.infer<typeof SessionResponse>;

export const TotpSetupResponse = z.object({
  secret: z.string().describe('base32 (RFC 4648) secret'),
  otpauthUri: z.string(),
});
export type TotpSetupResponse = z.infer<typeof TotpSetupResponse>;

export const TotpConfirmRequest = z.strictObject({ code: z.string().regex(/^\d{6}$/) });
export type TotpConfirmRequest = z.infer<typeof TotpConfirmRequest>;

/** Machine codes of the session routes' problem responses. */
export const AuthErrorCode = z.enum([
  'invalid_credentials',
  'totp_required',
  'totp_invalid',
  'rate_limited',
  'locked_out',
  'unauthenticated',
  'csrf',
  'forbidden',
  'totp_enrolment_required',
]);
export type AuthErrorCode = z.infer<typeof AuthErrorCode>;
