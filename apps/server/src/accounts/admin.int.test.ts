import { Role } from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { harness, type Harness, type SignedIn } from '../../test/http/harness.ts';

const NON_ADMIN: Role[] = Role.options.filter((r) => r !== 'admin');

describe.each(DIALECTS)('administration routes on %s', (dialect) => {
  let h: Harness;
  let admin: SignedIn;
  const others = new Map<Role, SignedIn>();
  beforeAll(async () => {
    h = await harness(dialect);
    admin = await h.signIn('admin');
    for (const role of NON_ADMIN) others.set(role, await h.signIn(role));
  });
  afterAll(async () => {
    await h.close();
  });

  const ADMIN_ROUTES = [
    { method: 'GET', url: '/api/v1/users' },
    {
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        username: 'new-one',
        password: 'a long enough password',
        displayName: 'N',
        role: 'hq',
        unitId: null,
      },
    },
    { method: 'POST', url: '/api/v1/users/x/disable' },
    { method: 'POST', url: '/api/v1/users/x/reset-second-factor' },
    { method: 'POST', url: '/api/v1/units', payload: { code: 'Z9', name: 'Z' } },
    { method: 'PATCH', url: '/api/v1/units/x', payload: { name: 'Z' } },
    { method: 'POST', url: '/api/v1/units/x/rooms', payload: { name: 'K1', kind: 'cell' } },
    { method: 'PATCH', url: '/api/v1/rooms/x', payload: { name: 'K1' } },
    // Tokens are issued by anyone within what they may do (api-tokens.int.test.ts); only an
    // administrator issues a metrics token.
    {
      method: 'POST',
      url: '/api/v1/api-tokens',
      payload: { name: 't', scopes: ['metrics'], expiresAt: '2030-01-01T00:00:00Z' },
    },
  ] as const;

  test.each(ADMIN_ROUTES)('$method $url: anonymous 401, every other role 403', async (route) => {
    const anon = await h.app.inject({ ...route });
    expect(anon.statusCode).toBe(401);
    for (const [role, s] of others) {
      const r = await h.app.inject({ ...route, headers: s.headers });
      expect(r.statusCode, role).toBe(403);
    }
  });

  test('admin creates a user, who can sign in; duplicates conflict; unit rules hold', async () => {
    const payload = {
      username: 'ivan.k',
      password: 'a long enough password',
      displayName: 'Іван К.',
      role: 'custody_inspector',
      unitId: h.units.own,
    };
    const r = await h.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload,
    });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({
      username: 'ivan.k',
      role: 'custody_inspector',
      disabled: false,
    });
    expect(r.body).not.toContain('password');
    const again = await h.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload,
    });
    expect(again.statusCode).toBe(409);
    const noUnit = await h.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: { ...payload, username: 'no-unit', unitId: null },
    });
    expect(noUnit.statusCode).toBe(400);
    expect(noUnit.json().errors[0].path).toBe('unitId');
    const login = await h.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'ivan.k', password: payload.password },
    });
    expect(login.statusCode).toBe(200);
    const list = await h.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: admin.headers,
    });
    expect(list.json<{ username: string }[]>().map((u) => u.username)).toContain('ivan.k');
  });

  test('resetting a second factor ends sessions and requires a new setup', async () => {
    const hq = await h.signIn('hq');
    const r = await h.app.inject({
      method: 'POST',
      url: `/api/v1/users/${hq.userId}/reset-second-factor`,
      headers: admin.headers,
    });
    expect(r.statusCode).toBe(204);
    const me = await h.app.inject({ method: 'GET', url: '/api/v1/session', headers: hq.headers });
    expect(me.statusCode).toBe(401);
    const unknown = await h.app.inject({
      method: 'POST',
      url: '/api/v1/users/nope/reset-second-factor',
      headers: admin.headers,
    });
    expect(unknown.statusCode).toBe(404);
  });

  test('units: staff see their own unit, hq and admin see all', async () => {
    const ids = async (s: SignedIn) =>
      (await h.app.inject({ method: 'GET', url: '/api/v1/units', headers: s.headers }))
        .json<{ id: string }[]>()
        .map((u) => u.id)
        .sort();
    const staff = others.get('duty_inspector');
    const hq = others.get('hq');
    if (!staff || !hq) throw new Error('seed');
    expect(await ids(staff)).toEqual([h.units.own]);
    expect(await ids(hq)).toEqual([h.units.own, h.units.other].sort());
    expect(await ids(admin)).toEqual([h.units.own, h.units.other].sort());
  });

  test('rooms: admin creates and updates; staff of another unit are refused', async () => {
    const zone = await h.app.inject({
      method: 'POST',
      url: `/api/v1/units/${h.units.own}/rooms`,
      headers: admin.headers,
      payload: { name: 'Зона CR', kind: 'zone' },
    });
    expect(zone.statusCode).toBe(201);
    const cell = await h.app.inject({
      method: 'POST',
      url: `/api/v1/units/${h.units.own}/rooms`,
      headers: admin.headers,
      payload: { name: 'Камера 1', kind: 'cell', capacity: 2, parentId: zone.json().id },
    });
    expect(cell.json()).toMatchObject({ kind: 'cell', capacity: 2, active: true });
    const crossUnit = await h.app.inject({
      method: 'POST',
      url: `/api/v1/units/${h.units.other}/rooms`,
      headers: admin.headers,
      payload: { name: 'X', kind: 'cell', parentId: zone.json().id },
    });
    expect(crossUnit.statusCode).toBe(400);
    const patched = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/rooms/${cell.json().id}`,
      headers: admin.headers,
      payload: { active: false },
    });
    expect(patched.json().active).toBe(false);
    const staff = others.get('duty_inspector');
    if (!staff) throw new Error('seed');
    const own = await h.app.inject({
      method: 'GET',
      url: `/api/v1/units/${h.units.own}/rooms`,
      headers: staff.headers,
    });
    expect(own.json<unknown[]>()).toHaveLength(2);
    const foreign = await h.app.inject({
      method: 'GET',
      url: `/api/v1/units/${h.units.other}/rooms`,
      headers: staff.headers,
    });
    expect(foreign.statusCode).toBe(403);
  });

  test('API tokens: shown once, scoped, revocable, expiring', async () => {
    // Issued by a unit's custody inspector (a token is never more than its issuer); listed and
    // revoked by the administrator.
    const inspector = await h.signIn('custody_inspector');
    const create = await h.app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: inspector.headers,
      payload: {
        name: 'bodycam bridge',
        scopes: ['records:read'],
        unitId: h.units.own,
        expiresAt: new Date(h.clock.now().getTime() + 3600_000).toISOString(),
      },
    });
    expect(create.statusCode).toBe(201);
    const { id, token } = create.json<{ id: string; token: string }>();
    const list = await h.app.inject({
      method: 'GET',
      url: '/api/v1/api-tokens',
      headers: admin.headers,
    });
    expect(list.body).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    const units = await h.app.inject({ method: 'GET', url: '/api/v1/units', headers: bearer });
    expect(units.json<{ id: string }[]>().map((u) => u.id)).toEqual([h.units.own]);
    const noCsrfNeeded = await h.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-tokens/${id}`,
      headers: bearer,
    });
    expect(noCsrfNeeded.statusCode).toBe(403);
    const sessionOnly = await h.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: bearer,
    });
    expect(sessionOnly.statusCode).toBe(403);
    const revoke = await h.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-tokens/${id}`,
      headers: admin.headers,
    });
    expect(revoke.statusCode).toBe(204);
    const after = await h.app.inject({ method: 'GET', url: '/api/v1/units', headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('invalid_token');

    const short = await h.app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: admin.headers,
      payload: {
        name: 'short',
        scopes: ['integrity:read'],
        expiresAt: new Date(h.clock.now().getTime() + 60_000).toISOString(),
      },
    });
    const shortToken = short.json<{ token: string }>().token;
    const auth = { authorization: `Bearer ${shortToken}` };
    expect((await h.app.inject({ url: '/api/v1/units', headers: auth })).statusCode).toBe(200);
    h.clock.advance(61);
    expect((await h.app.inject({ url: '/api/v1/units', headers: auth })).statusCode).toBe(401);
    const forged = await h.app.inject({
      url: '/api/v1/units',
      headers: { authorization: 'Bearer cr_forged' },
    });
    expect(forged.statusCode).toBe(401);
  });
});
