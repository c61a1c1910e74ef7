import { randomUUID } from 'node:crypto';
import {
  Locale,
  Role,
  ROLES_REQUIRING_TOTP,
  UNIT_ROLES,
  type SessionUser,
  type User,
} from '@custody/contracts';
import type { Database } from '../db/database.ts';
import { badRequest, conflict } from '../http/problem.ts';
import { accountsDb, isForeignKeyViolation, isUniqueViolation } from './database.ts';
import { hashPassword } from './passwords.ts';
import type { SessionUserRow, UsersTable } from './tables.ts';

export interface NewUser {
  readonly username: string;
  readonly password: string;
  readonly displayName: string;
  readonly role: Role;
  readonly unitId: string | null;
  readonly locale?: Locale;
  /** base32 TOTP secret, for seeding; otherwise the user sets it up after first sign-in. */
  readonly totpSecret?: string;
}

/** Usernames compare case-insensitively; stored lower-case. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

/**
 * Creates an account with an argon2id password hash. Unit roles need a unit;
 * hq, monitor, lawyer and admin have none (domain.md §2).
 */
export async function createUser(
  database: Database,
  user: NewUser,
  now: Date = new Date(),
): Promise<{ id: string }> {
  const needsUnit = UNIT_ROLES.includes(user.role);
  if (needsUnit !== (user.unitId !== null)) {
    throw badRequest(
      needsUnit
        ? 'Ця роль потребує підрозділу. This role needs a unit.'
        : 'Ця роль не належить до підрозділу. This role has no unit.',
      [{ path: 'unitId', message: needsUnit ? 'required' : 'must be null' }],
    );
  }
  const id = randomUUID();
  try {
    await accountsDb(database)
      .insertInto('users')
      .values({
        id,
        username: normalizeUsername(user.username),
        display_name: user.displayName,
        password_hash: await hashPassword(user.password),
        role: user.role,
        unit_id: user.unitId,
        locale: user.locale ?? 'uk',
        totp_secret: user.totpSecret ?? null,
        totp_pending_secret: null,
        totp_last_step: null,
        disabled: 0,
        created_at: now.toISOString(),
      })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict('username_taken', 'Логін зайнятий. Username taken.');
    if (isForeignKeyViolation(error))
      throw badRequest('Немає такого підрозділу. No such unit.', [
        { path: 'unitId', message: 'unknown unit' },
      ]);
    throw error;
  }
  return { id };
}

export function findUserById(database: Database, id: string) {
  return accountsDb(database)
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findUserByUsername(database: Database, username: string) {
  return accountsDb(database)
    .selectFrom('users')
    .selectAll()
    .where('username', '=', normalizeUsername(username))
    .executeTakeFirst();
}

export function requiresTotp(role: Role): boolean {
  return ROLES_REQUIRING_TOTP.includes(role);
}

/** A whole user row as the session reads it. */
export function sessionUserRow(row: UsersTable): SessionUserRow {
  const { id, username, display_name, role, unit_id, locale, disabled } = row;
  const totp_enabled = row.totp_secret === null ? 0 : 1;
  return { id, username, display_name, role, unit_id, locale, disabled, totp_enabled };
}

export function toSessionUser(row: SessionUserRow): SessionUser {
  const role = Role.parse(row.role);
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role,
    unitId: row.unit_id,
    locale: Locale.parse(row.locale),
    totpEnrolmentRequired: requiresTotp(role) && row.totp_enabled === 0,
  };
}

export function toUser(row: UsersTable): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: Role.parse(row.role),
    unitId: row.unit_id,
    locale: Locale.parse(row.locale),
    disabled: row.disabled !== 0,
    totpEnabled: row.totp_secret !== null,
    createdAt: row.created_at,
  };
}

export async function listUsers(database: Database): Promise<User[]> {
  const rows = await accountsDb(database)
    .selectFrom('users')
    .selectAll()
    .orderBy('username')
    .execute();
  return rows.map(toUser);
}

/** Disables an account and ends all its sessions. Returns false when no such user. */
export async function disableUser(database: Database, id: string, now: Date): Promise<boolean> {
  return accountsDb(database)
    .transaction()
    .execute(async (tx) => {
      const r = await tx
        .updateTable('users')
        .set({ disabled: 1 })
        .where('id', '=', id)
        .executeTakeFirst();
      await tx
        .updateTable('sessions')
        .set({ revoked_at: now.toISOString() })
        .where('user_id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
      return r.numUpdatedRows > 0n;
    });
}

/** Clears a user's second factor (lost phone) and ends their sessions; they set it up again. */
export async function resetSecondFactor(
  database: Database,
  id: string,
  now: Date,
): Promise<boolean> {
  return accountsDb(database)
    .transaction()
    .execute(async (tx) => {
      const r = await tx
        .updateTable('users')
        .set({ totp_secret: null, totp_pending_secret: null, totp_last_step: null })
        .where('id', '=', id)
        .executeTakeFirst();
      await tx
        .updateTable('sessions')
        .set({ revoked_at: now.toISOString() })
        .where('user_id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
      return r.numUpdatedRows > 0n;
    });
}
