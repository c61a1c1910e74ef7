import type { DeviceView, EnrolDeviceRequest, SessionUser } from '@custody/contracts';
import { createDeviceKey } from './device-key.ts';
import type { Outbox } from './outbox.ts';
import { makeVerifier, type PasswordVerifier } from './unlock.ts';

/** What the officer gives at enrolment: a name for the tablet and their password. */
export interface EnrolForm {
  readonly name: string;
  readonly password: string;
}

export interface EnrolDeps {
  /** POST /api/v1/devices: the server checks the password (403 wrong_password) and the name. */
  readonly register: (body: EnrolDeviceRequest) => Promise<DeviceView>;
  readonly subtle?: SubtleCrypto;
  /** PBKDF2 iterations of the unlock hash (default: unlock.ts's, 600,000). */
  readonly iterations?: number;
  readonly lockAfterSeconds?: number;
}

/**
 * Enrols this tablet for `user` (issue 19 "Device enrolment"): a new non-extractable key,
 * registered with the server together with the officer's password, which the server checks; only
 * then does the tablet keep the key and, for a start without signal and the idle lock, the
 * PBKDF2 hash of that password. So an officer who signed in before enrolling, and never typed
 * the password since, still opens the tablet offline. Nothing is kept when the server refuses.
 */
export async function enrolTablet(
  outbox: Outbox,
  user: SessionUser,
  form: EnrolForm,
  deps: EnrolDeps,
): Promise<PasswordVerifier> {
  const subtle = deps.subtle ?? globalThis.crypto.subtle;
  const key = await createDeviceKey(subtle);
  const deviceId = globalThis.crypto.randomUUID();
  const view = await deps.register({
    deviceId,
    name: form.name.trim(),
    algorithm: key.algorithm,
    publicKey: key.publicKey,
    password: form.password,
  });
  const verifier = await makeVerifier(form.password, subtle, deps.iterations);
  await outbox.saveDevice({
    deviceId,
    userId: user.id,
    algorithm: key.algorithm,
    privateKey: key.privateKey,
    publicKey: key.publicKey,
    enrolledAt: view.enrolledAt,
    revokedAt: null,
    seq: 0,
    lastHash: null,
    offset: null,
    lastSyncAt: null,
  });
  await outbox.rememberSession(user, new Date().toISOString(), {
    verifier,
    lockAfterSeconds: deps.lockAfterSeconds,
  });
  return verifier;
}
