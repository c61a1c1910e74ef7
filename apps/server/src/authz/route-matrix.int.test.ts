import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import {
  bindOther,
  createdTarget,
  expectedAnswer,
  extraSession,
  injectOnce,
  requestFor,
  type Answer,
} from '../../test/http/matrix-requests.ts';
import {
  matrixWorld,
  SEED_STEPS,
  type Caller,
  type MatrixWorld,
  type Target,
} from '../../test/http/matrix-world.ts';
import { createApiToken } from '../accounts/api-tokens.ts';
import { registeredRoutes, type RegisteredRoute } from './guard.ts';
import { ROUTE_MATRIX, type RouteRule } from './matrix.ts';
import { undocumentedProblems } from '../http/problem-docs.ts';

/** Routes that end the caller's session: called with a session of their own. */
const SIGNS_OUT = new Set(['DELETE /api/v1/session', 'POST /api/v1/session/revoke-all']);

const keyOf = (r: RegisteredRoute) => `${r.method} ${r.url}`;

/** The routes the app serves; HEAD routes are the GET routes without a body (Fastify adds them). */
function routesOf(w: MatrixWorld): RegisteredRoute[] {
  return registeredRoutes(w.h.app).filter((r) => r.method !== 'HEAD');
}

function ruleOf(key: string): RouteRule {
  const rule = ROUTE_MATRIX[key];
  if (rule === undefined) throw new Error(`no rule for ${key}`);
  return rule;
}

/** The declared `config.access` a rule implies (guard.ts enforces it before the handler). */
function declaredKind(rule: RouteRule): string {
  switch (rule.kind) {
    case 'public':
      return 'public';
    case 'person':
      return 'session';
    case 'system':
      return `action:${rule.action}`;
    case 'unit':
      return rule.personsOnly === true ? 'session' : 'principal';
    case 'principal':
    case 'listing':
      return 'principal';
    case 'record':
      return rule.first === undefined ? 'principal' : `action:${rule.first}`;
  }
}

function targetsOf(rule: RouteRule, caller: Caller, w: MatrixWorld): (Target | null)[] {
  if (rule.kind === 'record' && rule.created === true) return [createdTarget(caller, w)];
  if (rule.kind === 'record' || rule.kind === 'unit') return [...w.targets];
  return [null];
}

/** A public route answers the same to everyone: nobody, one person and one token call it. */
function publicCallers(w: MatrixWorld): Caller[] {
  const person = w.callers.find((c) => c.kind === 'user');
  const token = w.callers.find((c) => c.kind === 'token');
  return w.callers.filter((c) => c.kind === 'anonymous' || c === person || c === token);
}

function isRefusal(status: number): boolean {
  return status === 401 || status === 403 || status === 404;
}

describe.each(DIALECTS)('every route × every caller × own/other unit on %s', (dialect) => {
  let w: MatrixWorld;
  beforeAll(async () => {
    w = await matrixWorld(dialect, SEED_STEPS.slice(0, 9));
    await w.h.app.ready();
    bindOther(w.targets[1]);
  }, 120_000);
  afterAll(() => w.close());

  test('every registered route has one rule that matches the access it declares', () => {
    const routes = routesOf(w);
    const keys = routes.map(keyOf);
    expect(keys.filter((k) => !(k in ROUTE_MATRIX))).toEqual([]);
    expect(Object.keys(ROUTE_MATRIX).filter((k) => !keys.includes(k))).toEqual([]);
    const mismatched = routes
      .filter((r) => r.access !== undefined)
      .map((r) => {
        const a = r.access;
        const declared = a?.kind === 'action' ? `action:${a.action}` : (a?.kind ?? 'none');
        return { key: keyOf(r), declared, rule: declaredKind(ruleOf(keyOf(r))) };
      })
      .filter((m) => m.declared !== m.rule);
    expect(mismatched).toEqual([]);
    expect(routes.filter((r) => r.access === undefined && r.url.startsWith('/api/v1'))).toEqual([]);
  });

  test('the OpenAPI document of the full app validates and documents every /api/v1 route', async () => {
    const r = await w.h.app.inject({ url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(doc.openapi).toMatch(/^3\.1\./);
    const result = await validate(JSON.parse(r.body) as Parameters<typeof validate>[0]);
    expect(result.valid ? [] : result.errors).toEqual([]);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const served = routesOf(w)
      .map(keyOf)
      .filter((k) => k.includes(' /api/v1/'));
    expect(served.filter((k) => !documented.includes(k))).toEqual([]);
  });

  test('each answer is the table’s, and a refused request stores nothing', async () => {
    const failures: string[] = [];
    const tally = { allowed: 0, refused: 0 };
    const size = await w.h.logSize();
    let before = w.h.appended();
    const started = before;
    const routes = routesOf(w).sort(
      (a, b) => Number(SIGNS_OUT.has(keyOf(a))) - Number(SIGNS_OUT.has(keyOf(b))),
    );
    for (const route of routes) {
      const key = keyOf(route);
      const rule = ruleOf(key);
      for (const caller of rule.kind === 'public' ? publicCallers(w) : w.callers) {
        for (const target of targetsOf(rule, caller, w)) {
          const want: Answer = expectedAnswer(rule, caller, target);
          const as = SIGNS_OUT.has(key) ? await extraSession(w, caller) : caller;
          const options = await requestFor(w, key, as, target ?? w.targets[0], want === 'allowed');
          const r = await injectOnce(w.h.app, options);
          const stored = w.h.appended() - before;
          before += stored;
          const cell = `${key} as ${caller.name} on ${target?.name ?? '-'}`;
          if (want === 'allowed') {
            tally.allowed += 1;
            if (isRefusal(r.statusCode) || r.statusCode >= 500) {
              failures.push(`${cell}: want allowed, got ${String(r.statusCode)} ${r.body}`);
            }
          } else {
            tally.refused += 1;
            if (r.statusCode !== want) {
              failures.push(`${cell}: want ${String(want)}, got ${String(r.statusCode)} ${r.body}`);
            }
            if (stored > 0) failures.push(`${cell}: refused but stored ${String(stored)} event(s)`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await w.h.logSize()).toBe(size + w.h.appended() - started);
    expect(tally.allowed).toBeGreaterThan(300);
    expect(tally.refused).toBeGreaterThan(1000);
  }, 240_000);

  test('an administrator’s token reads and writes no custody content: none is issued, one held anyway is refused everywhere', async () => {
    const admin = { session: await w.h.signIn('admin') };
    const later = new Date(w.h.clock.now().getTime() + 86_400_000).toISOString();
    for (const scopes of [['records:read'], ['records:write']]) {
      const r = await w.h.app.inject({
        method: 'POST',
        url: '/api/v1/api-tokens',
        headers: admin.session.headers,
        payload: { name: 'адмін', scopes, unitId: w.h.units.own, expiresAt: later },
      });
      expect(r.statusCode).toBe(403);
      expect(r.json()).toMatchObject({ reason: 'token_ceiling' });
    }
    const held = await createApiToken(
      w.h.database,
      {
        name: 'адмін в обхід',
        scopes: ['records:read', 'records:write'],
        unitId: null,
        expiresAt: later,
      },
      admin.session.userId,
      w.h.clock.now(),
    );
    const caller: Caller = {
      kind: 'token',
      name: 'admin-held token',
      scopes: ['records:read', 'records:write'],
      unitId: null,
      token: held.token,
    };
    const answered: string[] = [];
    let before = w.h.appended();
    for (const route of routesOf(w)) {
      const key = keyOf(route);
      const rule = ruleOf(key);
      if (rule.kind !== 'record' && rule.kind !== 'unit' && rule.kind !== 'listing') continue;
      // A unit's rooms are not custody content (an administrator manages them).
      if (rule.action === 'units.read') continue;
      for (const target of w.targets) {
        const r = await injectOnce(w.h.app, await requestFor(w, key, caller, target, false));
        if (![403, 404].includes(r.statusCode)) {
          answered.push(`${key} on ${target.name}: ${String(r.statusCode)}`);
        }
        if (w.h.appended() !== before) answered.push(`${key} on ${target.name}: stored`);
        before = w.h.appended();
      }
    }
    expect(answered).toEqual([]);
  });

  test('every problem answered so far is listed in its route’s OpenAPI document', () => {
    expect(undocumentedProblems()).toEqual([]);
  });
});
