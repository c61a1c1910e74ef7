import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { canonicalJson } from '@custody/ledger';
import type { Principal } from '../authz/principal.ts';
import type { Database } from '../db/database.ts';
import type { ModuleMigration } from '../db/migrate.ts';
import { acceptsIdempotencyKey, REQUIRES_IDEMPOTENCY_KEY } from './problem-catalogue.ts';
import { badRequest, conflict, HttpProblem } from './problem.ts';
import type { App, AppDeps } from './types.ts';

/**
 * `Idempotency-Key` on POST (draft-ietf-httpapi-idempotency-key-header): a client that did not
 * get an answer retries with the same key and gets the original answer instead of a second
 * entry. Keys are kept in the database, so every server process sharing it honours them.
 *
 * - same principal, same key, same request (route, query and body) → the stored answer again,
 *   marked `Idempotency-Replayed: true`;
 * - same key with another request → 422 `idempotency_key_reused`;
 * - same key while the first request is still being answered → 409 `idempotency_in_flight`.
 *
 * An answer of 500 or more is not kept (the key is released and a retry runs again). A key is
 * kept for KEY_RETENTION_MS; a request that never finished (process crash) holds its key for
 * IN_FLIGHT_TIMEOUT_MS, after which a retry runs again (the record's expected version still
 * protects against a second entry).
 */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotency-replayed';
export const KEY_RETENTION_MS = 24 * 3600_000;
export const IN_FLIGHT_TIMEOUT_MS = 5 * 60_000;

interface IdempotencyKeysTable {
  principal: string;
  key: string;
  fingerprint: string;
  state: 'in_flight' | 'done';
  status: number | null;
  content_type: string | null;
  body: string | null;
  created_at: string;
}
type IdempotencyDb = Kysely<{ idempotency_keys: IdempotencyKeysTable }>;
const keysDb = (database: Database): IdempotencyDb =>
  database.db.withTables<{ idempotency_keys: IdempotencyKeysTable }>();

export const idempotencyMigrations: readonly ModuleMigration[] = [
  {
    name: '0400-http-idempotency-keys',
    async up(db) {
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('principal', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('status', 'integer')
        .addColumn('content_type', 'text')
        .addColumn('body', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['principal', 'key'])
        .execute();
    },
  },
];

/** The answer kept for a key. */
export interface StoredAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: string | null;
}

/** What claiming a key found: the caller runs the request, or replays the kept answer. */
export type Claim =
  | { readonly kind: 'claimed'; readonly principal: string; readonly key: string }
  | { readonly kind: 'replay'; readonly answer: StoredAnswer };

/** Who a key belongs to: keys of different principals never meet. */
export function keyOwner(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.userId}` : `token:${principal.tokenId}`;
}

/**
 * The key of a request: an RFC 8941 sf-string (`"…"`) or the bare text, 1-255 printable ASCII
 * characters; undefined when absent. Throws 400 when malformed.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const text = Array.isArray(header) ? header.join(',') : header;
  const quoted = /^"(.*)"$/.exec(text.trim());
  const key = quoted ? (quoted[1] ?? '') : text.trim();
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw badRequest(
      'Некоректний Idempotency-Key: 1-255 друкованих символів ASCII. Invalid Idempotency-Key: 1-255 printable ASCII characters.',
      [{ path: 'header.idempotency-key', message: 'expected 1-255 printable ASCII characters' }],
    );
  }
  return key;
}

/** SHA-256 of what makes two requests the same: method, URL with query, and body. */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  const h = createHash('sha256').update(`${method} ${url}\n`);
  if (body instanceof Uint8Array) h.update('bytes\n').update(body);
  else if (body === undefined || body === null) h.update('none\n');
  else h.update('json\n').update(canonicalJson(body));
  return h.digest('hex');
}

const reused = () =>
  new HttpProblem(
    422,
    'idempotency_key_reused',
    'Цей Idempotency-Key вже використано для іншого запиту. This Idempotency-Key was used for a different request.',
  );

const inFlight = () =>
  conflict(
    'idempotency_in_flight',
    'Запит із цим Idempotency-Key ще виконується; повторіть пізніше. A request with this Idempotency-Key is still being processed; retry later.',
  );

function stale(row: IdempotencyKeysTable, now: Date): boolean {
  const age = now.getTime() - Date.parse(row.created_at);
  return row.state === 'in_flight' ? age >= IN_FLIGHT_TIMEOUT_MS : age >= KEY_RETENTION_MS;
}

/**
 * Claims `key` of `principal` for a request with `fingerprint`: 'claimed' when the caller is to
 * run it (and later `completeKey` or `releaseKey`), 'replay' with the kept answer of the same
 * request; throws 422 `idempotency_key_reused` or 409 `idempotency_in_flight`.
 */
export async function claimKey(
  database: Database,
  principal: string,
  key: string,
  fingerprint: string,
  now: Date,
): Promise<Claim> {
  const db = keysDb(database);
  for (let attempt = 0; attempt < 2; attempt++) {
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({
        principal,
        key,
        fingerprint,
        state: 'in_flight',
        status: null,
        content_type: null,
        body: null,
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.columns(['principal', 'key']).doNothing())
      .executeTakeFirst();
    if ((inserted.numInsertedOrUpdatedRows ?? 0n) > 0n) return { kind: 'claimed', principal, key };
    const row = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('principal', '=', principal)
      .where('key', '=', key)
      .executeTakeFirst();
    if (row === undefined) continue;
    if (stale(row, now)) {
      await db
        .deleteFrom('idempotency_keys')
        .where('principal', '=', principal)
        .where('key', '=', key)
        .where('created_at', '=', row.created_at)
        .execute();
      continue;
    }
    if (row.fingerprint !== fingerprint) throw reused();
    if (row.state === 'in_flight' || row.status === null) throw inFlight();
    return {
      kind: 'replay',
      answer: { status: row.status, contentType: row.content_type, body: row.body },
    };
  }
  throw inFlight();
}

/** Keeps the answer of a claimed key for replay. */
export async function completeKey(
  database: Database,
  claim: { principal: string; key: string },
  answer: StoredAnswer,
): Promise<void> {
  await keysDb(database)
    .updateTable('idempotency_keys')
    .set({
      state: 'done',
      status: answer.status,
      content_type: answer.contentType,
      body: answer.body,
    })
    .where('principal', '=', claim.principal)
    .where('key', '=', claim.key)
    .execute();
}

/** Forgets a claimed key (the request failed on the server's side): a retry runs again. */
export async function releaseKey(
  database: Database,
  claim: { principal: string; key: string },
): Promise<void> {
  await keysDb(database)
    .deleteFrom('idempotency_keys')
    .where('principal', '=', claim.principal)
    .where('key', '=', claim.key)
    .where('state', '=', 'in_flight')
    .execute();
}

/**
 * Lets go of the key a request claimed, so that its answer is not kept: for a refusal that says
 * "retry" (the device syncing in another request), which a replay would repeat for a day.
 */
export async function forgetIdempotencyKey(
  request: FastifyRequest,
  database: Database,
): Promise<void> {
  const claim = request.idempotency;
  if (claim === null) return;
  request.idempotency = null;
  await releaseKey(database, claim);
}

/** Sends a kept answer again. */
export function replay(reply: FastifyReply, answer: StoredAnswer): FastifyReply {
  void reply.code(answer.status).header(REPLAYED_HEADER, 'true');
  if (answer.contentType !== null) void reply.header('content-type', answer.contentType);
  return reply.serializer((x) => x as string).send(answer.body ?? undefined);
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { principal: string; key: string } | null;
  }
}

function routeKey(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? ''}`;
}

/**
 * The `Idempotency-Key` handling of every POST route that accepts one (the problem catalogue's
 * `acceptsIdempotencyKey`: routes of a principal whose answer holds no secret). Runs after
 * authentication and validation; a route that does not accept a key answers 400 to one.
 */
export function registerIdempotency(app: App, deps: AppDeps): void {
  app.decorateRequest('idempotency', null);
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const key = parseIdempotencyKey(request.headers[IDEMPOTENCY_HEADER]);
    if (key === undefined) {
      if (!REQUIRES_IDEMPOTENCY_KEY.has(routeKey(request))) return;
      throw badRequest(
        'Цей маршрут вимагає Idempotency-Key. This route requires an Idempotency-Key.',
        [{ path: 'header.idempotency-key', message: 'required on this route' }],
      );
    }
    const access = request.routeOptions.config.access;
    if (!acceptsIdempotencyKey(routeKey(request), access) || request.principal === null) {
      throw badRequest(
        'Цей маршрут не приймає Idempotency-Key. This route takes no Idempotency-Key.',
        [{ path: 'header.idempotency-key', message: 'not accepted on this route' }],
      );
    }
    const fingerprint = requestFingerprint(request.method, request.url, request.body);
    const claim = await claimKey(
      deps.database,
      keyOwner(request.principal),
      key,
      fingerprint,
      deps.clock(),
    );
    if (claim.kind === 'replay') return replay(reply, claim.answer);
    request.idempotency = { principal: claim.principal, key: claim.key };
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (claim === null) return payload;
    request.idempotency = null;
    const status = reply.statusCode;
    const body = typeof payload === 'string' ? payload : payload == null ? null : undefined;
    if (status >= 500 || body === undefined) {
      await releaseKey(deps.database, claim);
      return payload;
    }
    const type = reply.getHeader('content-type');
    await completeKey(deps.database, claim, {
      status,
      contentType: typeof type === 'string' ? type : null,
      body,
    });
    return payload;
  });
}
