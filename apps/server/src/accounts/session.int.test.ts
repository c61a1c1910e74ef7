import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import {
  cookieOf,
  harness,
  TEST_PASSWORD,
  TEST_TOTP_SECRET,
  totpNow,
  type Harness,
} from '../../test/http/harness.ts';
import { buildApp } from '../app.ts';
import { resolveSession } from './sessions.ts';
import { base32Decode, totp } from './totp.ts';

describe.each(DIALECTS)('session routes on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(dialect, {
      config: { login: { maxFailures: 3, lockout: 600, ipMax: 8, ipWindow: 900 } },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  const login = (payload: object, remoteAddress = '10.0.0.1') =>
    h.app.inject({ method: 'POST', url: '/api/v1/session', payload, remoteAddress });
  const getSession = (cookie: string) =>
    h.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } });

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
    const me = await getSession(cookieOf(r));
    expect(me.statusCode).toBe(200);
    expect(me.json().csrfToken).toBe(body.csrfToken);
    // The web app locks its screen after this many idle seconds (CUSTODY_LOCK_AFTER).
    expect([body.lockAfterSeconds, me.json().lockAfterSeconds]).toEqual([300, 300]);
    const out = await h.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie: cookieOf(r), 'x-csrf-token': body.csrfToken },
    });
    expect(out.statusCode).toBe(204);
    const after = await getSession(cookieOf(r));
    expect(after.statusCode).toBe(401);
    expect(after.headers['content-type']).toContain('application/problem+json');
    expect(after.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  test('a wrong password and an unknown user answer the same 401', async () => {
    await h.user('investigator', { username: 'petro' });
    const wrong = await login({ username: 'petro', password: 'nope' }, '10.0.0.2');
    const unknown = await login({ username: 'nobody', password: 'nope' }, '10.0.0.2');
    for (const r of [wrong, unknown]) {
      expect(r.statusCode).toBe(401);
      expect(r.json()).toMatchObject({ code: 'invalid_credentials', status: 401 });
      expect(r.cookies).toHaveLength(0);
    }
    expect(wrong.json().detail).toBe(unknown.json().detail);
  });

  test('a username is locked after repeated failures, with Retry-After, then unlocks', async () => {
    await h.user('medical', { username: 'lock-me' });
    for (let i = 0; i < 3; i++) {
      h.clock.advance(1);
      expect((await login({ username: 'lock-me', password: 'bad' }, '10.0.1.1')).statusCode).toBe(
        401,
      );
    }
    h.clock.advance(1);
    const locked = await login({ username: 'lock-me', password: TEST_PASSWORD }, '10.0.1.2');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('locked_out');
    expect(Number(locked.headers['retry-after'])).toBe(599);
    h.clock.advance(600);
    expect(
      (await login({ username: 'lock-me', password: TEST_PASSWORD }, '10.0.1.2')).statusCode,
    ).toBe(200);
  });

  test('failures from one address slow its new usernames down but never lock out its known users', async () => {
    await h.user('duty_inspector', { username: 'station-known' });
    await h.user('duty_inspector', { username: 'station-new' });
    const station = '10.9.9.9';
    h.clock.advance(1);
    expect(
      (await login({ username: 'station-known', password: TEST_PASSWORD }, station)).statusCode,
    ).toBe(200);
    for (let i = 0; i < 8; i++) {
      h.clock.advance(1);
      await login({ username: `guess-${String(i)}`, password: 'bad' }, station);
    }
    // The 8th failure reaches the limit: a new username waits 2^0 s after the latest failure.
    const held = await login({ username: 'station-new', password: TEST_PASSWORD }, station);
    expect(held.statusCode).toBe(429);
    expect(held.json().code).toBe('rate_limited');
    expect(Number(held.headers['retry-after'])).toBe(1);
    // A user who signed in from this address before is not held by it.
    const known = await login({ username: 'station-known', password: TEST_PASSWORD }, station);
    expect(known.statusCode).toBe(200);
    // Each further failure doubles the wait, up to a minute; never the lockout's 15 minutes.
    for (let i = 0; i < 12; i++) {
      h.clock.advance(61);
      await login({ username: `spray-${String(i)}`, password: 'bad' }, station);
    }
    const slowed = await login({ username: 'station-new', password: TEST_PASSWORD }, station);
    expect(slowed.statusCode).toBe(429);
    expect(Number(slowed.headers['retry-after'])).toBe(60);
    expect(
      (await login({ username: 'station-known', password: TEST_PASSWORD }, station)).statusCode,
    ).toBe(200);
    h.clock.advance(60);
    expect(
      (await login({ username: 'station-new', password: TEST_PASSWORD }, station)).statusCode,
    ).toBe(200);
    // Another address is not affected at all.
    expect(
      (await login({ username: 'olena', password: TEST_PASSWORD }, '10.9.9.8')).statusCode,
    ).toBe(200);
  });

  test('throttling is kept in the database: a lockout made through one app holds on another', async () => {
    await h.user('investigator', { username: 'two-apps' });
    const other = await buildApp(h.deps);
    try {
      for (let i = 0; i < 3; i++) {
        h.clock.advance(1);
        await login({ username: 'two-apps', password: 'bad' }, '10.0.3.1');
      }
      const r = await other.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: 'two-apps', password: TEST_PASSWORD },
        remoteAddress: '10.0.3.2',
      });
      expect(r.statusCode).toBe(429);
      expect(r.json().code).toBe('locked_out');
    } finally {
      await other.close();
    }
  });

  test('TOTP: required, invalid, accepted once, replay refused', async () => {
    await h.user('hq', { username: 'hq-totp' });
    h.clock.advance(300);
    const ip = '10.0.2.1';
    const none = await login({ username: 'hq-totp', password: TEST_PASSWORD }, ip);
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('totp_required');
    const code = totpNow(h.clock);
    const wrong = code === '000000' ? '111111' : '000000';
    const bad = await login({ username: 'hq-totp', password: TEST_PASSWORD, totp: wrong }, ip);
    expect(bad.json().code).toBe('totp_invalid');
    const ok = await login({ username: 'hq-totp', password: TEST_PASSWORD, totp: code }, ip);
    expect(ok.statusCode).toBe(200);
    const replay = await login({ username: 'hq-totp', password: TEST_PASSWORD, totp: code }, ip);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('totp_invalid');
    const badPassword = await login({ username: 'hq-totp', password: 'x', totp: code }, ip);
    expect(badPassword.json().code).toBe('invalid_credentials');
  });

  test('a cookie request that changes state without the CSRF token is refused', async () => {
    const s = await h.signIn('custody_inspector');
    const missing = await h.app.inject({
      method: 'POST',
      url: '/api/v1/session/revoke-all',
      headers: { cookie: s.cookie },
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('csrf');
    const wrong = await h.app.inject({
      method: 'POST',
      url: '/api/v1/session/revoke-all',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf.replace(/.$/, '0') + 'x' },
    });
    expect(wrong.statusCode).toBe(403);
    expect((await getSession(s.cookie)).statusCode).toBe(200);
  });

  test('sign out everywhere ends every session of the user only', async () => {
    await h.user('duty_inspector', { username: 'two-devices' });
    const a = await login({ username: 'two-devices', password: TEST_PASSWORD });
    const b = await login({ username: 'two-devices', password: TEST_PASSWORD });
    const other = await h.signIn('duty_inspector');
    const r = await h.app.inject({
      method: 'POST',
      url: '/api/v1/session/revoke-all',
      headers: { cookie: cookieOf(a), 'x-csrf-token': a.json().csrfToken },
    });
    expect(r.statusCode).toBe(204);
    expect((await getSession(cookieOf(a))).statusCode).toBe(401);
    expect((await getSession(cookieOf(b))).statusCode).toBe(401);
    expect((await getSession(other.cookie)).statusCode).toBe(200);
  });

  test('requests arriving together each get their own session: live, signed out, unknown, repeated', async () => {
    const live = await h.signIn('duty_inspector');
    const twice = await h.signIn('medical');
    const out = await h.signIn('investigator');
    const gone = await h.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: out.headers,
    });
    expect(gone.statusCode).toBe(204);
    const unknown = `custody_session=${'x'.repeat(43)}`;
    // Sent at once, so that on PostgreSQL their look-ups go to the database as one statement.
    const pool = h.database.pgPool;
    const queries = pool === undefined ? undefined : vi.spyOn(pool, 'query');
    const answers = await Promise.all(
      [live.cookie, twice.cookie, out.cookie, unknown, twice.cookie, live.cookie].map(getSession),
    ).finally(() => vi.restoreAllMocks());
    if (queries !== undefined) {
      const texts = queries.mock.calls.map(([c]) => (c as { text?: string }).text ?? '');
      expect(texts.filter((t) => t.includes('"sessions"."id_hash" = any('))).toHaveLength(1);
    }
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 401, 401, 200, 200]);
    expect(
      answers.map((r) =>
        r.statusCode === 200 ? r.json<{ user: { username: string } }>().user.username : null,
      ),
    ).toEqual([live.username, twice.username, null, null, twice.username, live.username]);
  });

  test('sessions end after the idle timeout and the absolute lifetime', async () => {
    const s = await h.signIn('medical');
    h.clock.advance(h.deps.config.session.idle - 10);
    expect((await getSession(s.cookie)).statusCode).toBe(200);
    h.clock.advance(h.deps.config.session.idle);
    expect((await getSession(s.cookie)).statusCode).toBe(401);
    const t = await h.signIn('medical');
    for (let used = 0; used < h.deps.config.session.ttl; used += 600) {
      h.clock.advance(600);
      await getSession(t.cookie);
    }
    expect((await getSession(t.cookie)).statusCode).toBe(401);
  });

  test('a supervisor without a second factor may only set one up, then signs in with it', async () => {
    await h.user('supervisor', { username: 'new-super', totp: false });
    const r = await login({ username: 'new-super', password: TEST_PASSWORD });
    expect(r.statusCode).toBe(200);
    expect(r.json().user.totpEnrolmentRequired).toBe(true);
    const headers = { cookie: cookieOf(r), 'x-csrf-token': r.json().csrfToken };
    const blocked = await h.app.inject({ method: 'GET', url: '/api/v1/grants', headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('totp_enrolment_required');
    const setup = await h.app.inject({
      method: 'POST',
      url: '/api/v1/session/totp/setup',
      headers,
    });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUri } = setup.json<{ secret: string; otpauthUri: string }>();
    expect(otpauthUri).toContain(`secret=${secret}`);
    const bad = await h.app.inject({
      method: 'POST',
      url: '/api/v1/session/totp/confirm',
      headers,
      payload: { code: '12345' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.code');
    const code = totp(base32Decode(secret), h.clock.now());
    const ok = await h.app.inject({
      method: 'POST',
      url: '/api/v1/session/totp/confirm',
      headers,
      payload: { code },
    });
    expect(ok.statusCode).toBe(204);
    h.clock.advance(30);
    const again = await login({
      username: 'new-super',
      password: TEST_PASSWORD,
      totp: totp(base32Decode(secret), h.clock.now()),
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().user.totpEnrolmentRequired).toBe(false);
    expect(secret).not.toBe(TEST_TOTP_SECRET);
  });

  test('a disabled user cannot sign in and loses open sessions', async () => {
    const s = await h.signIn('detaining_officer');
    const admin = await h.signIn('admin');
    const d = await h.app.inject({
      method: 'POST',
      url: `/api/v1/users/${s.userId}/disable`,
      headers: admin.headers,
    });
    expect(d.statusCode).toBe(204);
    expect((await getSession(s.cookie)).statusCode).toBe(401);
    const r = await login({ username: s.username, password: TEST_PASSWORD }, '10.0.3.1');
    expect(r.json().code).toBe('invalid_credentials');
  });

  test("a request's session look-up reads no password hash nor TOTP secret, only whether a second factor is set", async () => {
    const plain = await h.signIn('detaining_officer');
    const strong = await h.signIn('supervisor');
    const secret = (cookie: string) => cookie.slice('custody_session='.length);
    const times = h.deps.config.session;
    const [a, b] = await Promise.all(
      [plain, strong].map((s) =>
        resolveSession(h.database, secret(s.cookie), h.clock.now(), times),
      ),
    );
    for (const [session, who] of [
      [a, plain],
      [b, strong],
    ] as const) {
      expect(session?.user.id).toBe(who.userId);
      expect(Object.keys(session?.user ?? {}).sort()).toEqual([
        'disabled',
        'display_name',
        'id',
        'locale',
        'role',
        'totp_enabled',
        'unit_id',
        'username',
      ]);
    }
    expect([a?.user.totp_enabled, b?.user.totp_enabled]).toEqual([0, 1]);
  });
});

describe('session cookie under TLS', () => {
  test('is Secure, and HSTS is sent', async () => {
    const h = await harness('sqlite', { config: { tls: true } });
    try {
      await h.user('medical', { username: 'tls-user' });
      const r = await h.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: 'tls-user', password: TEST_PASSWORD },
      });
      expect(r.cookies.find((c) => c.name === 'custody_session')?.secure).toBe(true);
      expect(r.headers['strict-transport-security']).toContain('max-age=');
    } finally {
      await h.close();
    }
  });
});
