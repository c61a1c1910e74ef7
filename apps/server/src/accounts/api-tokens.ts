import { randomUUID } from 'node:crypto';
import {
  Role,
  TokenCommand,
  TokenRole,
  TokenScope,
  type ApiToken,
  type CreatedApiToken,
} from '@custody/contracts';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { keyedLookUp } from '../db/per-turn.ts';
import { accountsDb } from './database.ts';
import { randomSecret, sha256Hex } from './secrets.ts';
import { touchDue } from './sessions.ts';
import type { ApiTokensTable } from './tables.ts';

const TOKEN_PREFIX = 'cr_';
const Scopes = z.array(TokenScope);
const Commands = z.array(TokenCommand);

function toApiToken(r: ApiTokensTable): ApiToken {
  return {
    id: r.id,
    name: r.name,
    scopes: Scopes.parse(JSON.parse(r.scopes)),
    commands: Commands.parse(JSON.parse(r.commands)),
    actsAs: r.acts_as === null ? null : TokenRole.parse(r.acts_as),
    createdBy: r.created_by,
    unitId: r.unit_id,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  };
}

/** Issues a token for a system integration; the token is returned once and stored as SHA-256. */
export async function createApiToken(
  database: Database,
  input: {
    name: string;
    scopes: readonly TokenScope[];
    commands?: readonly TokenCommand[];
    actsAs?: TokenRole | null;
    unitId: string | null;
    expiresAt: string;
  },
  createdBy: string,
  now: Date,
): Promise<CreatedApiToken> {
  const token = TOKEN_PREFIX + randomSecret();
  const row: ApiTokensTable = {
    id: randomUUID(),
    name: input.name,
    token_hash: sha256Hex(token),
    scopes: JSON.stringify([...new Set(input.scopes)].sort()),
    commands: JSON.stringify([...new Set(input.commands ?? [])].sort()),
    acts_as: input.actsAs ?? null,
    unit_id: input.unitId,
    created_by: createdBy,
    created_at: now.toISOString(),
    expires_at: new Date(input.expiresAt).toISOString(),
    revoked_at: null,
    last_used_at: null,
  };
  await accountsDb(database).insertInto('api_tokens').values(row).execute();
  return { ...toApiToken(row), token };
}

/** Every token (`createdBy` null), or those one person issued. */
export async function listApiTokens(
  database: Database,
  createdBy: string | null = null,
): Promise<ApiToken[]> {
  let q = accountsDb(database).selectFrom('api_tokens').selectAll().orderBy('created_at');
  if (createdBy !== null) q = q.where('created_by', '=', createdBy);
  return (await q.execute()).map(toApiToken);
}

/** Revokes a live token (only one `createdBy` issued, unless null); false when there is none. */
export async function revokeApiToken(
  database: Database,
  id: string,
  now: Date,
  createdBy: string | null = null,
): Promise<boolean> {
  let q = accountsDb(database)
    .updateTable('api_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null);
  if (createdBy !== null) q = q.where('created_by', '=', createdBy);
  const r = await q.executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** The person who issued a token, as they are now: the token's ceiling. */
export interface TokenIssuer {
  readonly userId: string;
  readonly role: Role;
  readonly unitId: string | null;
}

/**
 * A token's row and its issuer's by the hash of the token. Every request with a bearer token
 * runs it, so it is a {@link keyedLookUp}, as the session's is: compiled once per database and
 * prepared once, and on PostgreSQL the look-ups of one turn of the event loop go as one
 * statement. Nothing is kept between turns: a token revoked, or its issuer disabled, through any
 * process is refused from the next look-up on.
 */
const tokenRow = keyedLookUp(
  't.token_hash',
  (database, match) =>
    accountsDb(database)
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.created_by')
      .selectAll('t')
      .select([
        'u.role as issuer_role',
        'u.unit_id as issuer_unit',
        'u.disabled as issuer_disabled',
      ])
      .where(match)
      .compile(),
  (row) => row.token_hash,
);

/**
 * The live token presented as `Authorization: Bearer <token>` with its issuer as they are now,
 * or null (unknown, revoked, expired, or its issuer disabled). Touches `last_used_at` as a
 * session's `last_seen_at` is touched ({@link touchDue}): to the minute, and one statement for most
 * requests instead of two.
 */
export async function resolveApiToken(
  database: Database,
  token: string,
  now: Date,
): Promise<{ token: ApiToken; issuer: TokenIssuer } | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = await tokenRow(database, sha256Hex(token));
  if (!row || row.revoked_at !== null || now.toISOString() >= row.expires_at) return null;
  if (row.issuer_disabled !== 0) return null;
  if (touchDue(row.last_used_at, now)) {
    await accountsDb(database)
      .updateTable('api_tokens')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', row.id)
      .execute();
  }
  const issuer = {
    userId: row.created_by,
    role: Role.parse(row.issuer_role),
    unitId: row.issuer_unit,
  };
  return { token: toApiToken(row), issuer };
}
