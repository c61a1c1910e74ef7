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

/** A username that signed in from an address within this time is one of that address's users. */
const KNOWN_FOR_MS = 30 * 24 * 3600 * 1000;
/** The longest wait the address limit imposes between attempts, in seconds. */
const MAX_ADDRESS_DELAY = 60;

/**
 * Decides whether a sign-in may be tried (OWASP Authentication Cheat Sheet), from the attempts
 * stored in the database, so that every server process of one database decides alike:
 * - a username is locked for `lockout` seconds after `maxFailures` consecutive failures, from
 *   any address;
 * - an address with `ipMax` or more failures within `ipWindow` (password spraying) slows down
 *   rather than locks: an attempt must wait 2^(failures − ipMax) seconds, at most 60, after the
 *   address's latest failure; and a username that signed in successfully from that address
 *   within 30 days is not held by the address limit at all. So a station behind one NAT is never
 *   locked out by one person's (or one attacker's) failures: its known users sign in as usual, a
 *   new one waits at most a minute.
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
  const failures = await db
    .selectFrom('login_attempts')
    .select([(eb) => eb.fn.countAll<number | string>().as('n'), (eb) => eb.fn.max('at').as('last')])
    .where('ip', '=', ip)
    .where('success', '=', 0)
    .where('at', '>', iso(t - s.ipWindow * 1000))
    .executeTakeFirst();
  const n = Number(failures?.n ?? 0);
  const last = failures?.last;
  if (n < s.ipMax || last === undefined) return { blocked: false };
  const known = await db
    .selectFrom('login_attempts')
    .select('id')
    .where('username', '=', username)
    .where('ip', '=', ip)
    .where('success', '=', 1)
    .where('at', '>', iso(t - KNOWN_FOR_MS))
    .limit(1)
    .executeTakeFirst();
  if (known !== undefined) return { blocked: false };
  const delay = Math.min(2 ** Math.min(n - s.ipMax, 10), MAX_ADDRESS_DELAY);
  const wait = Math.ceil((Date.parse(last) + delay * 1000 - t) / 1000);
  return wait > 0 ? { blocked: true, code: 'rate_limited', retryAfter: wait } : { blocked: false };
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
