import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { harness, type Harness, type SignedIn } from '../../test/http/harness.ts';

interface Route {
  readonly method: NonNullable<InjectOptions['method']>;
  readonly path: string;
}

const printable = (max: number) =>
  fc.string({ unit: 'grapheme-ascii', maxLength: max }).filter((s) => /^[\x20-\x7e]*$/.test(s));

const body = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc
    .record(
      {
        username: fc.oneof(fc.string(), fc.integer()),
        password: fc.oneof(fc.string(), fc.constant(null)),
        totp: fc.string(),
        code: fc.string(),
        name: fc.string(),
        kind: fc.constantFrom('cell', 'zone', 'x'),
        role: fc.constantFrom('admin', 'hq', 'lawyer', 'nobody'),
        unitId: fc.oneof(fc.string(), fc.constant(null)),
        scopes: fc.array(fc.constantFrom('metrics', 'records:read', 'x')),
        scope: fc.jsonValue(),
        expiresAt: fc.string(),
        validFrom: fc.string(),
        validUntil: fc.string(),
        granteeId: fc.string(),
        capacity: fc.oneof(fc.integer(), fc.double()),
        active: fc.jsonValue(),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
);

describe.each(DIALECTS)('fuzzing every route on %s', (dialect) => {
  let h: Harness;
  let routes: Route[];
  let admin: SignedIn;
  let hq: SignedIn;
  beforeAll(async () => {
    h = await harness(dialect);
    admin = await h.signIn('admin');
    hq = await h.signIn('hq');
    const doc = (await h.app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })),
    );
    routes.push({ method: 'GET', path: '/healthz' }, { method: 'GET', path: '/readyz' });
    routes.push({ method: 'GET', path: '/metrics' });
  });
  afterAll(async () => {
    await h.close();
  });

  test('the fuzzer knows every documented route', () => {
    expect(routes.length).toBeGreaterThanOrEqual(18);
  });

  test('random bodies, headers and ids never cause a 5xx', async () => {
    const request = fc.record({
      route: fc.constantFrom(...routes),
      id: fc.oneof(fc.uuid(), fc.string({ unit: 'grapheme', maxLength: 80 })),
      who: fc.constantFrom('none', 'admin', 'hq', 'garbage'),
      contentType: fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
        '',
      ),
      csrf: fc.oneof(fc.constant(undefined), fc.constant('valid'), printable(80)),
      authorization: fc.oneof(fc.constant(undefined), printable(120)),
      requestId: fc.oneof(fc.constant(undefined), printable(200)),
      body,
      query: fc.oneof(
        fc.constant(''),
        printable(40).map((q) => `?${encodeURIComponent(q)}`),
      ),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const session = r.who === 'admin' ? admin : r.who === 'hq' ? hq : undefined;
        const headers: Record<string, string> = {};
        if (session) headers['cookie'] = session.cookie;
        if (r.who === 'garbage') headers['cookie'] = `custody_session=${encodeURIComponent(r.id)}`;
        if (r.csrf !== undefined)
          headers['x-csrf-token'] = r.csrf === 'valid' && session ? session.csrf : r.csrf;
        if (r.authorization !== undefined) headers['authorization'] = r.authorization;
        if (r.requestId !== undefined) headers['x-request-id'] = r.requestId;
        if (r.contentType !== '') headers['content-type'] = r.contentType;
        const url = r.route.path.replace(/\{[^}]+\}/g, encodeURIComponent(r.id)) + r.query;
        const withBody = r.route.method !== 'GET' && r.route.method !== 'HEAD';
        const response = await h.app.inject({
          method: r.route.method,
          url,
          headers,
          ...(withBody ? { payload: r.body } : {}),
        });
        if (response.statusCode >= 500) {
          throw new Error(`${r.route.method} ${url} → ${response.statusCode}: ${response.body}`);
        }
        if (url.startsWith('/api/v1') && response.statusCode >= 400) {
          expect(response.headers['content-type']).toContain('application/problem+json');
        }
      }),
      { seed: 20250301, numRuns: 400 },
    );
  });
});
