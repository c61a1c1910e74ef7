import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { cookieOf, harness, TEST_PASSWORD, type Harness } from '../../test/http/harness.ts';

describe.each(DIALECTS)('session routes on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(dialect);
  });
  afterAll(async () => {
    await h.close();
  });

  const login = (payload: object, remoteAddress = '127.0.0.1') =>
    h.app.inject({ method: 'POST', url: '/api/v1/session', payload, remoteAddress });

  test('sign in, read the session, sign out', async () => {
    await h.user('duty_inspector', { username: 'olena' });
    const r = await login({ username: 'Olena', password: TEST_PASSWORD });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.user).toMatchObject({
      username: 'olena',
      role: 'duty_inspector',
      unitId: h.units.own,
      locale: 'uk',
    });
    const cookie = r.cookies.find((c) => c.name === 'custody_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    const me = await h.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { cookie: cookieOf(r) },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().csrfToken).toBe(body.csrfToken);
    const out = await h.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie: cookieOf(r), 'x-csrf-token': body.csrfToken },
    });
    expect(out.statusCode).toBe(204);
    const after = await h.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { cookie: cookieOf(r) },
    });
    expect(after.statusCode).toBe(401);
    expect(after.headers['content-type']).toContain('application/problem+json');
  });
});
