import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { accountsDb } from './database.ts';

export interface ThrottleSettings {
  readonly maxFailures: number;
  readonly lockout: number;
  readonly ipMax: number;
  readonly ipWindow: number;
}

export type ThrottleVerdict =
  | { readonly blocked: false }
  | {
      readonly blocked: true;
      readonly code: 'rate_limited' | 'locked_out';
      readonly retryAfter: number;
    };

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Decides whether a sign-in may be tried (OWASP Authentication Cheat Sheet):
 * at most ipMax failures from one address per ipWindow, and a username is
 * locked for `lockout` seconds after maxFailures consecutive failures.
 */
export async function checkLoginThrottle(
  database: Database,
  ip: string,
  username: string,
  now: Date,
  s: ThrottleSettings,
): Promise<ThrottleVerdict> {
  const db = accountsDb(database);
  const t = now.getTime();
  const ipFailures = await db
    .selectFrom('login_attempts')
    .select('at')
    .where('ip', '=', ip)
    .where('success', '=', 0)
    .where('at', '>', iso(t - s.ipWindow * 1000))
    .orderBy('at', 'asc')
    .limit(s.ipMax)
    .execute();
  const oldest = ipFailures[0];
  if (ipFailures.length >= s.ipMax && oldest) {
    const retryAfter = Math.ceil((Date.parse(oldest.at) + s.ipWindow * 1000 - t) / 1000);
    return { blocked: true, code: 'rate_limited', retryAfter: Math.max(1, retryAfter) };
  }
  const recent = await db
    .selectFrom('login_attempts')
    .select(['at', 'success'])
    .where('username', '=', username)
    .where('at', '>', iso(t - s.lockout * 1000))
    .orderBy('at', 'desc')
    .limit(s.maxFailures)
    .execute();
  const latest = recent[0];
  if (latest && recent.length >= s.maxFailures && recent.every((r) => r.success === 0)) {
    const retryAfter = Math.ceil((Date.parse(latest.at) + s.lockout * 1000 - t) / 1000);
    return { blocked: true, code: 'locked_out', retryAfter: Math.max(1, retryAfter) };
  }
  return { blocked: false };
}

export async function recordLoginAttempt(
  database: Database,
  ip: string,
  username: string,
  success: boolean,
  now: Date,
): Promise<void> {
  await accountsDb(database)
    .insertInto('login_attempts')
    .values({ id: randomUUID(), at: now.toISOString(), ip, username, success: success ? 1 : 0 })
    .execute();
}
