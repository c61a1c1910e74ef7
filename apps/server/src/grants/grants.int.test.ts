import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { harness, type Harness, type SignedIn } from '../../test/http/harness.ts';
import { disableUser } from '../accounts/users.ts';
import { activeGrantsFor } from './grants.ts';

describe.each(DIALECTS)('grants on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(dialect, {
      deps: {
        recordRef: (id) =>
          Promise.resolve(
            id === 'rec-1' ? { unitId: h.units.other, name: 'Петренко Петро Петрович' } : null,
          ),
      },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  /** POST /api/v1/grants as `who` (null: signed out). */
  const postGrant = (who: SignedIn | null, payload: object) =>
    h.app.inject({
      method: 'POST',
      url: '/api/v1/grants',
      ...(who === null ? {} : { headers: who.headers }),
      payload,
    });

  const window = () => {
    const from = h.clock.now();
    return {
      validFrom: from.toISOString(),
      validUntil: new Date(from.getTime() + 4 * 3600_000).toISOString(),
    };
  };

  test('HQ grants a monitor a unit visit; it is active only within its window', async () => {
    const hq = await h.signIn('hq');
    const monitor = await h.user('monitor');
    const r = await postGrant(hq, {
      granteeId: monitor,
      scope: { kind: 'units', unitIds: [h.units.other] },
      purpose: 'НПМ візит 12/2025',
      ...window(),
    });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({
      granteeId: monitor,
      granteeName: 'Test monitor',
      grantedBy: hq.userId,
      grantedByName: 'Test hq',
      revokedAt: null,
    });
    const now = h.clock.now();
    expect(await activeGrantsFor(h.database, monitor, now)).toEqual([
      expect.objectContaining({ units: [h.units.other], recordId: null }),
    ]);
    expect(
      await activeGrantsFor(h.database, monitor, new Date(now.getTime() + 4 * 3600_000)),
    ).toEqual([]);
    expect(await activeGrantsFor(h.database, monitor, new Date(now.getTime() - 1))).toEqual([]);
  });

  test('the whiteboard offers a monitor the units of a grant valid now; HQ every unit, staff their own', async () => {
    const hq = await h.signIn('hq');
    const monitor = await h.signIn('monitor');
    const units = async (who: SignedIn, query = '') =>
      (await h.app.inject({ url: `/api/v1/units${query}`, headers: who.headers }))
        .json<{ id: string }[]>()
        .map((u) => u.id)
        .sort();
    expect(await units(monitor, '?whiteboard=true')).toEqual([]);
    const r = await postGrant(hq, {
      granteeId: monitor.userId,
      scope: { kind: 'units', unitIds: [h.units.other] },
      purpose: 'НПМ візит 13/2025',
      ...window(),
    });
    expect(r.statusCode).toBe(201);
    expect(await units(monitor, '?whiteboard=true')).toEqual([h.units.other]);
    // Every unit is still named to a monitor (units.read); only the whiteboard list narrows.
    expect(await units(monitor)).toEqual([h.units.own, h.units.other].sort());
    expect(await units(hq, '?whiteboard=true')).toEqual([h.units.own, h.units.other].sort());
    expect(await units(await h.signIn('duty_inspector'), '?whiteboard=true')).toEqual([
      h.units.own,
    ]);
    expect(await units(await h.signIn('admin'), '?whiteboard=true')).toEqual([]);
  });

  test('a supervisor grants for their own unit only; admins and staff cannot grant', async () => {
    const lawyer = await h.user('lawyer');
    const payload = (unitId: string) => ({
      granteeId: lawyer,
      scope: { kind: 'units', unitIds: [unitId] },
      purpose: 'захист',
      ...window(),
    });
    const sup = await h.signIn('supervisor');
    const own = await postGrant(sup, payload(h.units.own));
    expect(own.statusCode).toBe(201);
    const foreign = await postGrant(sup, payload(h.units.other));
    expect(foreign.statusCode).toBe(403);
    for (const role of ['admin', 'custody_inspector', 'monitor'] as const) {
      const s = await h.signIn(role);
      const r = await postGrant(s, payload(h.units.own));
      expect(r.statusCode, role).toBe(403);
    }
    const anon = await postGrant(null, payload(h.units.own));
    expect(anon.statusCode).toBe(401);
  });

  test('grants go to monitors and lawyers only, and end after they begin', async () => {
    const hq = await h.signIn('hq');
    const officer = await h.user('investigator');
    const r = await postGrant(hq, {
      granteeId: officer,
      scope: { kind: 'units', unitIds: [h.units.own] },
      purpose: 'x',
      ...window(),
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].path).toBe('body.granteeId');
    const lawyer = await h.user('lawyer');
    const w = window();
    const backwards = await postGrant(hq, {
      granteeId: lawyer,
      scope: { kind: 'units', unitIds: [h.units.own] },
      purpose: 'x',
      validFrom: w.validUntil,
      validUntil: w.validFrom,
    });
    expect(backwards.statusCode).toBe(400);
  });

  test('record grants need a record the caller may grant; unknown records are 404', async () => {
    const hq = await h.signIn('hq');
    const lawyer = await h.user('lawyer');
    const body = (recordId: string) => ({
      granteeId: lawyer,
      scope: { kind: 'record', recordId },
      purpose: 'захисник',
      ...window(),
    });
    const ok = await postGrant(hq, body('rec-1'));
    expect(ok.statusCode).toBe(201);
    const missing = await postGrant(hq, body('rec-404'));
    expect(missing.statusCode).toBe(404);
    const sup = await h.signIn('supervisor');
    const otherUnit = await postGrant(sup, body('rec-1'));
    expect(otherUnit.statusCode).toBe(403);
    const mine = await h.signInAs(lawyer);
    const list = await h.app.inject({
      method: 'GET',
      url: '/api/v1/grants',
      headers: mine.headers,
    });
    expect(list.json<{ scope: { kind: string } }[]>()).toEqual([
      expect.objectContaining({
        scope: { kind: 'record', recordId: 'rec-1' },
        recordName: 'Петренко Петро Петрович',
      }),
    ]);
    expect(ok.json()).toMatchObject({ recordName: 'Петренко Петро Петрович' });
    // Once the grant has ended, the lawyer's list no longer names the detainee.
    h.clock.advance(5 * 3600_000);
    const later = await h.signInAs(lawyer); // longer than a session lasts
    const ended = await h.app.inject({
      method: 'GET',
      url: '/api/v1/grants',
      headers: later.headers,
    });
    expect(ended.json<{ recordName: string | null }[]>()).toEqual([
      expect.objectContaining({ recordName: null }),
    ]);
    const hqList = await h.app.inject({
      method: 'GET',
      url: '/api/v1/grants',
      headers: (await h.signIn('hq')).headers,
    });
    expect(hqList.json<{ recordName: string | null }[]>()).toContainEqual(
      expect.objectContaining({ recordName: 'Петренко Петро Петрович' }),
    );
  });

  test('lists and revocation are scoped: a supervisor cannot revoke another unit’s grant', async () => {
    const hq = await h.signIn('hq');
    const monitor = await h.user('monitor');
    const created = await postGrant(hq, {
      granteeId: monitor,
      scope: { kind: 'units', unitIds: [h.units.other] },
      purpose: 'візит',
      ...window(),
    });
    const id = created.json<{ id: string }>().id;
    const sup = await h.signIn('supervisor');
    const supList = await h.app.inject({
      method: 'GET',
      url: '/api/v1/grants',
      headers: sup.headers,
    });
    expect(supList.json<{ id: string }[]>().map((g) => g.id)).not.toContain(id);
    const staff = await h.signIn('duty_inspector');
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/v1/grants', headers: staff.headers }))
        .statusCode,
    ).toBe(403);
    const supRevoke = await h.app.inject({
      method: 'DELETE',
      url: `/api/v1/grants/${id}`,
      headers: sup.headers,
    });
    expect(supRevoke.statusCode).toBe(404);
    const revoke = await h.app.inject({
      method: 'DELETE',
      url: `/api/v1/grants/${id}`,
      headers: hq.headers,
    });
    expect(revoke.statusCode).toBe(204);
    expect(await activeGrantsFor(h.database, monitor, h.clock.now())).toEqual([]);
  });

  test('grant makers pick grantees by name: active monitors and lawyers only', async () => {
    const monitor = await h.user('monitor');
    const lawyer = await h.user('lawyer');
    const gone = await h.user('lawyer');
    await h.user('investigator');
    await disableUser(h.database, gone, h.clock.now());
    const get = (who: SignedIn | null) =>
      h.app.inject({
        method: 'GET',
        url: '/api/v1/grantees',
        ...(who === null ? {} : { headers: who.headers }),
      });
    for (const role of ['hq', 'supervisor'] as const) {
      const r = await get(await h.signIn(role));
      expect(r.statusCode, role).toBe(200);
      const listed = r.json<{ id: string; displayName: string; role: string }[]>();
      expect(listed).toContainEqual({ id: monitor, displayName: 'Test monitor', role: 'monitor' });
      expect(listed).toContainEqual({ id: lawyer, displayName: 'Test lawyer', role: 'lawyer' });
      expect(listed.map((g) => g.id)).not.toContain(gone);
      expect(new Set(listed.map((g) => g.role))).toEqual(new Set(['monitor', 'lawyer']));
    }
    for (const role of ['admin', 'duty_inspector', 'monitor', 'lawyer'] as const) {
      expect((await get(await h.signIn(role))).statusCode, role).toBe(403);
    }
    expect((await get(null)).statusCode).toBe(401);
  });
});
