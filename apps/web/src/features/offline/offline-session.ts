import { Outbox, type OfflineSession } from './outbox.ts';
import type { PasswordVerifier } from './unlock.ts';

/**
 * How long after the server last confirmed a session the tablet may open without signal: the
 * server's absolute session lifetime (SESSION_TTL, 12 h by default). Past it, sign-in is needed,
 * which needs the server.
 */
export const OFFLINE_SESSION_MAX_AGE_MS = 12 * 3_600_000;

async function withOutbox<T>(fn: (o: Outbox) => Promise<T>): Promise<T | undefined> {
  if (typeof indexedDB === 'undefined') return undefined;
  const outbox = await Outbox.open();
  try {
    return await fn(outbox);
  } finally {
    outbox.close();
  }
}

/**
 * The officer to open as when the server cannot be reached at start-up: the one last confirmed
 * on this enrolled tablet, who must then give their password (checked against the verifier;
 * docs/operations.md "A lost tablet"); null (the sign-in screen) when there is none or no
 * verifier was kept.
 */
export async function restoreOfflineSession(): Promise<
  (OfflineSession & { readonly verifier: PasswordVerifier }) | null
> {
  try {
    const kept = await withOutbox((o) => o.offlineSession(OFFLINE_SESSION_MAX_AGE_MS));
    return kept?.verifier === undefined ? null : { ...kept, verifier: kept.verifier };
  } catch {
    return null;
  }
}

/** The verifier kept for `userId` on this tablet, if any. */
export async function storedVerifier(userId: string): Promise<PasswordVerifier | undefined> {
  try {
    const kept = await withOutbox((o) => o.offlineSession(OFFLINE_SESSION_MAX_AGE_MS));
    return kept?.user.id === userId ? kept.verifier : undefined;
  } catch {
    return undefined;
  }
}

/** Sign-out: the tablet no longer opens as anyone without the server. */
export async function forgetOfflineSession(): Promise<void> {
  try {
    await withOutbox((o) => o.forgetSession());
  } catch {
    // No IndexedDB (private mode): nothing was kept.
  }
}
