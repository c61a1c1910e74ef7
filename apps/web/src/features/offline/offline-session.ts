import type { SessionUser } from '@custody/contracts';
import { Outbox } from './outbox.ts';

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
 * The officer to show when the server cannot be reached at start-up: the one last confirmed on
 * this enrolled tablet (docs/operations.md "A lost tablet"), or null (the sign-in screen).
 */
export async function restoreOfflineSession(): Promise<SessionUser | null> {
  try {
    const kept = await withOutbox((o) => o.offlineSession(OFFLINE_SESSION_MAX_AGE_MS));
    return kept?.user ?? null;
  } catch {
    return null;
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
