import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/app.ts';
import { createUser } from '../../src/accounts/index.ts';
import { createApiToken } from '../../src/accounts/api-tokens.ts';
import { createSession, csrfTokenOf, SESSION_COOKIE } from '../../src/accounts/sessions.ts';
import type { Action } from '../../src/authz/actions.ts';
import {
  expected,
  expectedForToken,
  SCOPES,
  type RouteRule,
  type Scope,
} from '../../src/authz/matrix.ts';
import { newDeviceRow } from '../../src/devices/device-registry.ts';
import { devicesDb } from '../../src/devices/devices.tables.ts';
import { createGrant } from '../../src/grants/index.ts';
import { detentionPayload, type WalkRefs } from './command-walk.ts';
import { TEST_PASSWORD, TEST_TOTP_SECRET } from './harness.ts';
import { testDevice } from './test-device.ts';
import {
  commandOf,
  pngBytes,
  stepOf,
  type Caller,
  type MatrixWorld,
  type Target,
} from './matrix-world.ts';

/** The answer the table expects: allowed, or the status of the refusal. */
export type Answer = 'allowed' | 401 | 403 | 404;

/** Not a client address on loopback: /metrics admits loopback without credentials. */
export const REMOTE = '198.51.100.7';

/** How the caller relates to what the request names (authz/matrix.ts SCOPES). */
export function scopeOf(caller: Caller, unitId: string, recordId: string | null): Scope {
  if (caller.kind !== 'user') return 'own_unit';
  if (caller.unitId !== null) return caller.unitId === unitId ? 'own_unit' : 'other_unit';
  const grant = caller.grant;
  if (grant === undefined) return 'own_unit';
  const covers = grant.on === 'unit' ? unitId === OTHER.unit : recordId === OTHER.record;
  if (!covers) return 'own_unit';
  return grant.active ? 'with_grant' : 'expired_grant';
}

/** The other unit and its record, which grants name; set by `expectedAnswer`'s caller. */
const OTHER = { unit: '', record: '' };

export function bindOther(other: Target): void {
  OTHER.unit = other.unitId;
  OTHER.record = other.recordId;
}

function mayFor(caller: Exclude<Caller, { kind: 'anonymous' }>, target: Target | null) {
  return (action: Action, on: 'system' | 'unit' | 'record'): boolean => {
    const unitId = on === 'system' || target === null ? null : target.unitId;
    if (caller.kind === 'token') return expectedForToken(caller, action, unitId);
    if (unitId === null) return expected(caller.role, action, 'own_unit');
    const recordId = on === 'record' && target !== null ? target.recordId : null;
    return expected(caller.role, action, scopeOf(caller, unitId, recordId));
  };
}

/**
 * The expected answer of one request, derived from ROUTE_MATRIX and MATRIX only. `target` is
 * what the request names; for a created record it is the caller's own unit (or none).
 */
export function expectedAnswer(rule: RouteRule, caller: Caller, target: Target | null): Answer {
  if (rule.kind === 'public') return 'allowed';
  if (caller.kind === 'anonymous') return 401;
  const may = mayFor(caller, target);
  switch (rule.kind) {
    case 'principal':
      return 'allowed';
    case 'listing': {
      const holds =
        caller.kind === 'token'
          ? expectedForToken(caller, rule.action, null)
          : SCOPES.some((s) => expected(caller.role, rule.action, s));
      return holds ? 'allowed' : 403;
    }
    case 'person':
      if (caller.kind === 'token') return 403;
      return rule.roles === undefined || rule.roles.includes(caller.role) ? 'allowed' : 403;
    case 'system':
      return may(rule.action, 'system') ? 'allowed' : 403;
    case 'unit':
      if (rule.personsOnly === true && caller.kind === 'token') return 403;
      if (may(rule.action, 'unit')) return 'allowed';
      if (caller.kind === 'token' && expectedForToken(caller, rule.action, null)) return 404;
      return rule.hidden === true ? 404 : 403;
    case 'record':
      if (rule.first !== undefined && !may(rule.first, 'system')) return 403;
      if (!may(rule.action, 'record')) {
        const hide =
          rule.hidden === true || caller.kind === 'token' || !may('record.read', 'record');
        return hide ? 404 : 403;
      }
      if (rule.then !== undefined && !may(rule.then, 'unit')) return 403;
      return 'allowed';
  }
}

/** The target a created record gets: the caller's own unit, or a unit nobody has. */
export function createdTarget(caller: Caller, w: MatrixWorld): Target | null {
  if (caller.kind === 'anonymous') return null;
  const unitId = caller.unitId ?? '';
  const [own] = w.targets;
  return { ...own, unitId, recordId: '(new)' };
}

function authHeaders(caller: Caller, reason: boolean): Record<string, string> {
  const h: Record<string, string> = reason ? { 'x-access-reason': 'matrix' } : {};
  if (caller.kind === 'user') return { ...h, ...caller.session.headers };
  if (caller.kind === 'token') return { ...h, authorization: `Bearer ${caller.token}` };
  return h;
}

let counter = 0;

/** A second session of the caller's own account (no password check), for routes that end one. */
export async function extraSession(w: MatrixWorld, caller: Caller): Promise<Caller> {
  if (caller.kind !== 'user') return caller;
  const config = w.h.deps.config.session;
  const secret = await createSession(w.h.database, caller.session.userId, w.h.clock.now(), config);
  const cookie = `${SESSION_COOKIE}=${secret}`;
  const csrf = csrfTokenOf(secret);
  const session = { ...caller.session, cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
  return { ...caller, session };
}

async function freshUserId(w: MatrixWorld): Promise<string> {
  counter += 1;
  const { id } = await createUser(w.h.database, {
    username: `victim-${counter}`,
    password: TEST_PASSWORD,
    displayName: 'Victim',
    role: 'supervisor',
    unitId: w.targets[0].unitId,
    totpSecret: TEST_TOTP_SECRET,
  });
  return id;
}

async function freshGrantId(w: MatrixWorld, unitId: string): Promise<string> {
  const now = w.h.clock.now();
  const g = await createGrant(
    w.h.database,
    {
      granteeId: w.spareGranteeId,
      scope: { kind: 'units', unitIds: [unitId] },
      unitIds: [unitId],
      validFrom: now.toISOString(),
      validUntil: new Date(now.getTime() + 86_400_000).toISOString(),
      purpose: 'Матриця',
    },
    w.spareGranteeId,
    now,
  );
  return g.id;
}

/** A token the caller issued (a person revokes their own; an administrator any). */
async function freshTokenId(w: MatrixWorld, issuer: string): Promise<string> {
  const now = w.h.clock.now();
  const expiresAt = new Date(now.getTime() + 86_400_000).toISOString();
  const t = await createApiToken(
    w.h.database,
    { name: 'victim', scopes: ['integrity:read'], unitId: null, expiresAt },
    issuer,
    now,
  );
  return t.id;
}

/** An enrolment body with a real Ed25519 public key and a fresh device id. */
async function enrolBody() {
  const d = await testDevice();
  return {
    deviceId: d.deviceId,
    name: 'Планшет',
    algorithm: d.algorithm,
    publicKey: d.publicKey,
    password: TEST_PASSWORD,
  };
}

/**
 * A device of the unit written straight into its table (not the log), so that the matrix's count
 * of appended events stays the requests' own.
 */
async function freshDeviceId(w: MatrixWorld, unitId: string): Promise<string> {
  const d = await testDevice();
  const at = w.h.clock.now().toISOString();
  const body = {
    deviceId: d.deviceId,
    name: 'Матриця',
    algorithm: d.algorithm,
    publicKey: d.publicKey,
  };
  const by = { unitId, userId: w.spareGranteeId, at };
  await devicesDb(w.h.database).insertInto('devices').values(newDeviceRow(body, by)).execute();
  return d.deviceId;
}

async function commandBody(w: MatrixWorld, url: string, t: Target, allowed: boolean) {
  const type = commandOf(url);
  const step = type === null ? undefined : stepOf(type);
  if (step === undefined) throw new Error(`no walk step for ${url}`);
  const now = w.h.clock.now().toISOString();
  const t0 = new Date(w.h.clock.now().getTime() - 3_600_000).toISOString();
  const refs: WalkRefs = { users: w.userIds, events: t.events, unitId: t.unitId, now, t0 };
  const expectedVersion = allowed ? await w.h.store.streamVersion(t.recordId) : 1;
  return { occurredAt: now, expectedVersion, payload: step.payload(refs) };
}

type Built = {
  path: string;
  payload?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
};

async function build(
  w: MatrixWorld,
  key: string,
  t: Target,
  allowed: boolean,
  caller: Caller,
): Promise<Built> {
  const now = w.h.clock.now();
  const later = new Date(now.getTime() + 86_400_000).toISOString();
  const [method, url = ''] = key.split(' ');
  const fill = (id: string) =>
    url
      .replace(':recordId', t.recordId)
      .replace(':unitId', t.unitId)
      .replace(':logIndex', String(t.logIndex))
      .replace(':sha256', t.sha256)
      .replace(':kind', 'rights_notice')
      .replace(':id', id)
      .replace('*', 'swagger-ui.css');
  if (commandOf(url) !== null)
    return { path: fill(''), payload: await commandBody(w, url, t, allowed) };
  switch (key) {
    case 'POST /api/v1/session':
      return { path: url, payload: w.spareLogin };
    case 'POST /api/v1/session/totp/confirm':
      return { path: url, payload: { code: '000000' } };
    case 'POST /api/v1/users':
      counter += 1;
      return {
        path: url,
        payload: {
          username: `made-${counter}`,
          password: TEST_PASSWORD,
          displayName: 'Новий',
          role: 'investigator',
          unitId: t.unitId,
        },
      };
    case 'POST /api/v1/users/:id/disable':
    case 'POST /api/v1/users/:id/reset-second-factor':
      return { path: fill(allowed ? await freshUserId(w) : 'nobody') };
    case 'POST /api/v1/units':
      counter += 1;
      return { path: url, payload: { code: `M${counter}`, name: 'Новий відділ' } };
    case 'PATCH /api/v1/units/:id':
      return { path: fill(t.unitId), payload: { timeZone: 'Europe/Kyiv' } };
    case 'POST /api/v1/units/:id/rooms':
      return { path: fill(t.unitId), payload: { name: 'Камера', kind: 'cell' } };
    case 'GET /api/v1/units/:id/rooms':
    case 'GET /api/v1/units/:id/supervisors':
      return { path: fill(t.unitId) };
    case 'GET /api/v1/units/:unitId/policy':
      return { path: fill('') };
    case 'POST /api/v1/units/:unitId/policy/changes':
      counter += 1;
      return {
        path: fill(''),
        payload: {
          expectedVersion: await w.h.store.streamVersion(`unit-policy:${t.unitId}`),
          values: { cellCheckMinutes: 40 + (counter % 20) },
          reason: 'Матриця',
        },
      };
    case 'PATCH /api/v1/rooms/:id':
      return { path: fill(w.roomId), payload: { capacity: 2 } };
    case 'POST /api/v1/api-tokens':
      return {
        path: url,
        payload: { name: 'Інтеграція', scopes: ['integrity:read'], expiresAt: later },
      };
    case 'DELETE /api/v1/api-tokens/:id': {
      const issuer = caller.kind === 'user' ? caller.session.userId : w.spareGranteeId;
      return { path: fill(allowed ? await freshTokenId(w, issuer) : 'nobody') };
    }
    case 'POST /api/v1/grants':
      return {
        path: url,
        payload: {
          granteeId: w.spareGranteeId,
          scope: { kind: 'units', unitIds: [t.unitId] },
          validFrom: now.toISOString(),
          validUntil: later,
          purpose: 'Візит',
        },
      };
    case 'POST /api/v1/devices':
      return { path: url, payload: await enrolBody() };
    case 'POST /api/v1/devices/:id/revoke':
      return { path: fill(await freshDeviceId(w, t.unitId)), payload: { reason: 'Матриця' } };
    case 'POST /api/v1/devices/:id/entries':
      return {
        path: fill(await freshDeviceId(w, w.targets[0].unitId)),
        payload: { entries: [{ signed: '{}', signature: 'AAAA' }] },
        headers: { 'idempotency-key': `matrix-${randomUUID()}` },
      };
    case 'DELETE /api/v1/grants/:id':
      return { path: fill(await freshGrantId(w, t.unitId)) };
    case 'GET /api/v1/reports/compliance':
    case 'GET /api/v1/reports/compliance/counts':
      return {
        path: `${url}?unitId=${t.unitId}&from=2025-02-01T00:00:00Z&to=2025-04-01T00:00:00Z`,
      };
    case 'GET /api/v1/reports/compliance/findings':
      return {
        path: `${url}?unitId=${t.unitId}&figure=detentions&from=2025-02-01T00:00:00Z&to=2025-04-01T00:00:00Z`,
      };
    case 'GET /log/tile/*':
      return { path: '/log/tile/0/000.p/1' };
    case 'GET /api/v1/integrity/proofs/inclusion':
      return { path: `${url}?index=0&size=1` };
    case 'GET /api/v1/integrity/proofs/consistency':
      return { path: `${url}?from=1&to=2` };
    case 'POST /api/v1/records':
      return { path: url, payload: { occurredAt: now.toISOString(), payload: detentionPayload() } };
    case 'POST /api/v1/records/:recordId/batch': {
      const one = await commandBody(w, '/commands/RecordCellCheck', t, allowed);
      return {
        path: fill(''),
        payload: {
          expectedVersion: one.expectedVersion,
          commands: [{ type: 'RecordCellCheck', occurredAt: one.occurredAt, payload: one.payload }],
        },
      };
    }
    case 'POST /api/v1/records/:recordId/attachments':
      return {
        path: fill(''),
        payload: pngBytes(`${t.recordId}-${String(counter++)}`),
        contentType: 'image/png',
      };
    default:
      return {
        path: fill(''),
        ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
      };
  }
}

/** The request of one matrix cell: a valid-enough body, the caller's credentials, a reason. */
export async function requestFor(
  w: MatrixWorld,
  key: string,
  caller: Caller,
  target: Target,
  allowed: boolean,
): Promise<InjectOptions> {
  const [method = 'GET'] = key.split(' ');
  const b = await build(w, key, target, allowed, caller);
  const headers = { ...authHeaders(caller, method === 'GET'), ...b.headers };
  const body =
    b.payload === undefined
      ? {}
      : Buffer.isBuffer(b.payload)
        ? { payload: b.payload, headers: { ...headers, 'content-type': b.contentType ?? '' } }
        : {
            payload: JSON.stringify(b.payload),
            headers: { ...headers, 'content-type': 'application/json' },
          };
  return {
    method,
    url: b.path,
    headers,
    remoteAddress: REMOTE,
    ...body,
  };
}

/**
 * `app.inject`, except that a server-sent event stream (a path ending in /stream) never ends: its
 * head is taken and the client hangs up, as a browser's EventSource.close() would.
 */
export async function injectOnce(
  app: App,
  options: InjectOptions,
): Promise<{ statusCode: number; body: string; headers: LightMyRequestResponse['headers'] }> {
  const path = (options.url as string).split('?')[0] ?? '';
  if (!path.endsWith('/stream')) return app.inject(options);
  const response = await app.inject({ ...options, payloadAsStream: true });
  response.stream().destroy();
  const raw = response.raw.res as unknown as { req?: { emit(e: string): boolean } };
  raw.req?.emit('close');
  return { statusCode: response.statusCode, body: '(event stream)', headers: response.headers };
}
