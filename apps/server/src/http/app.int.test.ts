import { Writable } from 'node:stream';
import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { harness, TEST_PASSWORD, type Harness } from '../../test/http/harness.ts';

describe.each(DIALECTS)('HTTP foundation on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(dialect, { config: { bodyLimit: 4096 } });
  });
  afterAll(async () => {
    await h.close();
  });

  test('security headers on every response, no HSTS over plain HTTP', async () => {
    for (const url of ['/healthz', '/api/v1/session', '/api/v1/nowhere', '/api/openapi.json']) {
      const r = await h.app.inject({ method: 'GET', url });
      const csp = r.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['strict-transport-security']).toBeUndefined();
    }
  });

  test('HSTS when the request came over TLS through a trusted proxy', async () => {
    const t = await harness(dialect, { config: { trustProxy: true } });
    try {
      const r = await t.app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(r.headers['strict-transport-security']).toContain('max-age=31536000');
    } finally {
      await t.close();
    }
  });

  test('request ids are echoed when sane and generated otherwise', async () => {
    const given = await h.app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const odd = await h.app.inject({ url: '/healthz', headers: { 'x-request-id': 'a b\u00e9' } });
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const problem = await h.app.inject({ url: '/api/v1/x', headers: { 'x-request-id': 'r-1' } });
    expect(problem.json()).toMatchObject({ requestId: 'r-1', instance: 'urn:custody:request:r-1' });
  });

  test('a bad body answers 400 problem+json naming each bad field', async () => {
    const r = await h.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: '', password: 5, totp: 'abc' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    const body = r.json();
    expect(body).toMatchObject({ status: 400, code: 'invalid_request', title: 'Bad Request' });
    expect(body.type).toEqual(expect.any(String));
    expect(body.detail).toEqual(expect.any(String));
    const paths = (body.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['body.password', 'body.totp', 'body.username']);
  });

  test('malformed JSON is 400, an oversized body 413, a foreign media type 415', async () => {
    const bad = await h.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(bad.statusCode).toBe(400);
    const big = await h.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'x'.repeat(5000), password: 'y' },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('body_too_large');
    const xml = await h.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.headers['content-type']).toContain('application/problem+json');
  });

  test('unknown routes are a 404 problem', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ status: 404, code: 'not_found' });
  });

  test('the OpenAPI document is valid OpenAPI 3.1 and the docs page is served', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/session', '/api/v1/users', '/api/v1/grants']),
    );
    const result = await validate(JSON.parse(r.body) as Parameters<typeof validate>[0]);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    const docs = await h.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  test('/healthz and /readyz', async () => {
    expect((await h.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await h.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ok' });
  });

  test('/metrics: loopback or a metrics token; others refused', async () => {
    await h.app.inject({ url: '/healthz' });
    const local = await h.app.inject({ url: '/metrics' });
    expect(local.statusCode).toBe(200);
    expect(local.body).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="\/healthz"[^}]*status="200"/,
    );
    const remote = await h.app.inject({ url: '/metrics', remoteAddress: '192.0.2.7' });
    expect(remote.statusCode).toBe(401);
    const medic = await h.signIn('medical');
    const asMedic = await h.app.inject({
      url: '/metrics',
      remoteAddress: '192.0.2.7',
      headers: { cookie: medic.cookie },
    });
    expect(asMedic.statusCode).toBe(403);
    const admin = await h.signIn('admin');
    const issue = async (scopes: string[]) =>
      (
        await h.app.inject({
          method: 'POST',
          url: '/api/v1/api-tokens',
          headers: admin.headers,
          payload: { name: 'prometheus', scopes, expiresAt: '2030-01-01T00:00:00Z' },
        })
      ).json().token as string;
    const metricsToken = await issue(['metrics']);
    const withToken = await h.app.inject({
      url: '/metrics',
      remoteAddress: '192.0.2.7',
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    expect(withToken.statusCode).toBe(200);
    const otherToken = await issue(['integrity:read']);
    const wrongScope = await h.app.inject({
      url: '/metrics',
      remoteAddress: '192.0.2.7',
      headers: { authorization: `Bearer ${otherToken}` },
    });
    expect(wrongScope.statusCode).toBe(403);
  });

  test('every /api/v1 route declares its access', async () => {
    const t = await harness(dialect);
    try {
      expect(() => {
        t.app.get('/api/v1/undeclared', () => 'x');
      }).toThrow(/does not declare its access/);
    } finally {
      await t.close();
    }
  });
});

describe('logs', () => {
  test('carry no passwords, cookies, tokens or CSRF tokens', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const h = await harness('sqlite', { deps: { logger: { level: 'info', stream } } });
    try {
      await h.user('medical', { username: 'logged' });
      const r = await h.app.inject({
        method: 'POST',
        url: '/api/v1/session?username=logged',
        payload: { username: 'logged', password: TEST_PASSWORD },
      });
      const cookie = r.cookies[0]?.value ?? 'missing';
      const csrf = r.json().csrfToken as string;
      await h.app.inject({
        method: 'POST',
        url: '/api/v1/session/revoke-all',
        headers: { cookie: `custody_session=${cookie}`, 'x-csrf-token': csrf, authorization: 'x' },
      });
      const all = lines.join('\n');
      expect(lines.length).toBeGreaterThan(2);
      expect(all).toContain('"reqId"');
      for (const secret of [TEST_PASSWORD, cookie, csrf, 'username=logged']) {
        expect(all).not.toContain(secret);
      }
    } finally {
      await h.close();
    }
  });
});
