import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { keyedLookUp } from '../db/per-turn.ts';
import { accountsDb } from './database.ts';
import { constantTimeEqual, randomSecret, sha256Hex } from './secrets.ts';
import type { SessionUserRow } from './tables.ts';

export const SESSION_COOKIE = 'custody_session';

export interface SessionTimes {
  /** Absolute lifetime, seconds. */
  readonly ttl: number;
  /** Idle timeout, seconds. */
  readonly idle: number;
}

/**
 * Starts a session: the cookie carries 32 random bytes; the database keeps only
 * their SHA-256, so a copy of the database does not let anyone sign in
 * (OWASP Session Management Cheat Sheet).
 */
export async function createSession(
  database: Database,
  userId: string,
  now: Date,
  times: SessionTimes,
): Promise<string> {
  const secret = randomSecret();
  await accountsDb(database)
    .insertInto('sessions')
    .values({
      id_hash: sha256Hex(secret),
      user_id: userId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + times.ttl * 1000).toISOString(),
      revoked_at: null,
    })
    .execute();
  return secret;
}

/**
 * The CSRF token of a session, derived from its secret (double-submit: the
 * client echoes it in `x-csrf-token`); nothing extra is stored.
 */
export function csrfTokenOf(sessionSecret: string): string {
  return sha256Hex(`csrf:${sessionSecret}`);
}

export function csrfMatches(sessionSecret: string, header: string | undefined): boolean {
  return header !== undefined && constantTimeEqual(csrfTokenOf(sessionSecret), header);
}

export interface ActiveSession {
  readonly idHash: string;
  readonly user: SessionUserRow;
}

/**
 * The session and its user by the hash of the cookie's secret. Every authenticated request runs
 * it, so it is a {@link keyedLookUp}: built and compiled by Kysely once per database and run as
 * a statement prepared once (built anew per request it cost 8 % of the server's thread under the
 * HTTP append benchmark, most of it SQLite compiling the statement), and on PostgreSQL the
 * look-ups of one turn of the event loop go as one statement, `id_hash = any($1)`: the session
 * query was 83 % of the statements an HTTP append sent (docs/benchmarks.md, "Server CPU per HTTP
 * append on machine F"). Nothing is kept between turns: each look-up reads the database after
 * its request arrived, so a session revoked or a user disabled through any process is refused
 * from the next statement on.
 */
const sessionRow = keyedLookUp(
  'sessions.id_hash',
  (database, match) =>
    accountsDb(database)
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      // The user's columns toSessionUser needs, not the password hash nor the TOTP secrets.
      .select([
        'users.id',
        'users.username',
        'users.display_name',
        'users.role',
        'users.unit_id',
        'users.locale',
        'users.disabled',
        sql<number>`CASE WHEN users.totp_secret IS NULL THEN 0 ELSE 1 END`.as('totp_enabled'),
        'sessions.id_hash',
        'sessions.last_seen_at',
        'sessions.expires_at',
        'sessions.revoked_at',
      ])
      .where(match)
      .compile(),
  (row) => row.id_hash,
);

/**
 * How often a request's use is written back: a session's `last_seen_at` and an API token's
 * `last_used_at` move at most once a minute, so that most requests send one statement (the
 * look-up) and not two.
 */
const TOUCH_EVERY_MS = 60_000;

/** Whether a use at `now` is written back: never written (null), or a minute or more ago. */
export function touchDue(last: string | null, now: Date): boolean {
  return last === null || now.getTime() - Date.parse(last) >= TOUCH_EVERY_MS;
}

/**
 * The live session of a cookie value: not revoked, within its absolute
 * lifetime, used within the idle timeout, and its user not disabled. Touches
 * last_seen_at (at most once a minute).
 */
export async function resolveSession(
  database: Database,
  secret: string,
  now: Date,
  times: SessionTimes,
): Promise<ActiveSession | null> {
  const db = accountsDb(database);
  const idHash = sha256Hex(secret);
  const row = await sessionRow(database, idHash);
  if (!row || row.revoked_at !== null || row.disabled !== 0) return null;
  const at = now.toISOString();
  if (at >= row.expires_at) return null;
  const idleLimit = new Date(Date.parse(row.last_seen_at) + times.idle * 1000).toISOString();
  if (at >= idleLimit) return null;
  if (touchDue(row.last_seen_at, now)) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: at })
      .where('id_hash', '=', idHash)
      .execute();
  }
  const { id_hash: _h, last_seen_at: _l, expires_at: _e, revoked_at: _r, ...user } = row;
  return { idHash, user };
}

export async function revokeSession(database: Database, idHash: string, now: Date): Promise<void> {
  await accountsDb(database)
    .updateTable('sessions')
    .set({ revoked_at: now.toISOString() })
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Sign out everywhere: every session of the user ends. */
export async function revokeAllSessions(
  database: Database,
  userId: string,
  now: Date,
): Promise<void> {
  await accountsDb(database)
    .updateTable('sessions')
    .set({ revoked_at: now.toISOString() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}
