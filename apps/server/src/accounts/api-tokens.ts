import { randomUUID } from 'node:crypto';
import { TokenScope, type ApiToken, type CreatedApiToken } from '@custody/contracts';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { accountsDb } from './database.ts';
import { randomSecret, sha256Hex } from './secrets.ts';
import type { ApiTokensTable } from './tables.ts';

const TOKEN_PREFIX = 'cr_';
const Scopes = z.array(TokenScope);

function toApiToken(r: ApiTokensTable): ApiToken {
  return {
    id: r.id,
    name: r.name,
    scopes: Scopes.parse(JSON.parse(r.scopes)),
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
  input: { name: string; scopes: readonly TokenScope[]; unitId: string | null; expiresAt: string },
  createdBy: string,
  now: Date,
): Promise<CreatedApiToken> {
  const token = TOKEN_PREFIX + randomSecret();
  const row: ApiTokensTable = {
    id: randomUUID(),
    name: input.name,
    token_hash: sha256Hex(token),
    scopes: JSON.stringify([...new Set(input.scopes)].sort()),
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

export async function listApiTokens(database: Database): Promise<ApiToken[]> {
  const rows = await accountsDb(database)
    .selectFrom('api_tokens')
    .selectAll()
    .orderBy('created_at')
    .execute();
  return rows.map(toApiToken);
}

export async function revokeApiToken(database: Database, id: string, now: Date): Promise<boolean> {
  const r = await accountsDb(database)
    .updateTable('api_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** The live token presented as `Authorization: Bearer <token>`, or null. */
export async function resolveApiToken(
  database: Database,
  token: string,
  now: Date,
): Promise<ApiToken | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const db = accountsDb(database);
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || now.toISOString() >= row.expires_at) return null;
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: now.toISOString() })
    .where('id', '=', row.id)
    .execute();
  return toApiToken(row);
}
