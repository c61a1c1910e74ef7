import type { ComplianceCounts, ComplianceFindingsPage } from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { oversightKit, RecordDriver, type OversightKit } from '../integrity/oversight.test-kit.ts';

const START = Date.parse('2025-03-01T07:00:00.000Z');
const RANGE = 'from=2025-03-01T00:00:00Z&to=2025-03-04T00:00:00Z';

/**
 * The counts answer and the paged drill-downs over HTTP: who may call them (as the whole
 * report: `reports.read`, a supervisor their unit, HQ every unit) and what bad input gets.
 */
describe.each(DIALECTS)('compliance counts and findings routes (%s)', (dialect) => {
  let kit: OversightKit;
  let supervisor: SignedIn;
  let hq: SignedIn;
  const opened: string[] = [];

  const get = (who: SignedIn | null, path: string) =>
    kit.app.inject({
      method: 'GET',
      url: `/api/v1/reports/compliance/${path}`,
      ...(who ? { headers: { cookie: who.cookie } } : {}),
    });
  const at = (iso: string) => {
    kit.clock.advance((Date.parse(iso) + 60_000 - kit.clock.now().getTime()) / 1000);
  };

  beforeAll(async () => {
    kit = await oversightKit(dialect, { session: { ttl: 30 * 86_400, idle: 30 * 86_400 } }, START);
    const officer = await kit.signIn('detaining_officer');
    const inspector = await kit.signIn('custody_inspector');
    const elsewhere = await kit.signIn('custody_inspector', { unitId: kit.units.other });
    supervisor = await kit.signIn('supervisor');
    hq = await kit.signIn('hq');
    for (const [i, day] of ['2025-03-01', '2025-03-02', '2025-03-02'].entries()) {
      const d = new RecordDriver(kit, inspector);
      at(`${day}T0${String(i + 7)}:00:00Z`);
      opened.push(await d.open(`${day}T0${String(i + 7)}:00:00Z`, {}, officer));
      if (i === 2) continue;
      at(`${day}T0${String(i + 7)}:20:00Z`);
      await d.run('RecordDelivery', `${day}T0${String(i + 7)}:20:00Z`, { unitId: kit.units.own });
      at(`${day}T0${String(i + 7)}:25:00Z`);
      await d.run('RegisterDetainee', `${day}T0${String(i + 7)}:25:00Z`, {
        custodyNumber: `K-${String(i)}`,
      });
      at(`${day}T0${String(i + 7)}:40:00Z`);
      await d.run('ReleaseDetainee', `${day}T0${String(i + 7)}:40:00Z`, {
        ground: 'suspicion_not_confirmed',
        legalBasis: 'КПК ст. 211 ч. 3',
        propertyReturned: 'none_held',
        recordCopyHandedOver: true,
      });
    }
    at('2025-03-02T12:00:00Z');
    await new RecordDriver(kit, elsewhere).open('2025-03-02T12:00:00Z');
    at('2025-03-05T12:00:00Z');
  }, 120_000);
  afterAll(() => kit.close());

  test('counts: a supervisor their unit, HQ every unit; others refused', async () => {
    const own = `unitId=${kit.units.own}&${RANGE}`;
    const mine = await get(supervisor, `counts?${own}`);
    expect(mine.statusCode, mine.body).toBe(200);
    const counts = mine.json<ComplianceCounts>();
    expect(counts.units.map((u) => u.unitId)).toEqual([kit.units.own]);
    expect(counts.units[0]?.figures['detentions']).toEqual({ count: 3, records: 3 });
    expect(counts.detentionsPerDay).toEqual([
      { date: '2025-03-01', count: 1 },
      { date: '2025-03-02', count: 2 },
    ]);
    const scoped = (await get(supervisor, `counts?${RANGE}`)).json<ComplianceCounts>();
    expect(scoped.units.map((u) => u.unitId)).toEqual([kit.units.own]);
    const all = (await get(hq, `counts?${RANGE}`)).json<ComplianceCounts>();
    expect(all.units.map((u) => u.unitId).sort()).toEqual([kit.units.own, kit.units.other].sort());
    expect((await get(null, `counts?${own}`)).statusCode).toBe(401);
    expect((await get(supervisor, `counts?unitId=${kit.units.other}&${RANGE}`)).statusCode).toBe(
      403,
    );
    for (const role of ['custody_inspector', 'monitor', 'lawyer', 'admin'] as const) {
      const who = await kit.signIn(role);
      expect((await get(who, `counts?${own}`)).statusCode, role).toBe(403);
      expect((await get(who, `counts?${RANGE}`)).statusCode, role).toBe(403);
    }
    const backwards = await get(
      supervisor,
      `counts?unitId=${kit.units.own}&from=2025-03-05T00:00:00Z&to=2025-03-01T00:00:00Z`,
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  test('findings: one unit and figure a page at a time, each record once, in order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await get(
        supervisor,
        `findings?unitId=${kit.units.own}&figure=detentions&limit=2&${RANGE}${
          cursor === null ? '' : `&cursor=${cursor}`
        }`,
      );
      expect(r.statusCode, r.body).toBe(200);
      const page = r.json<ComplianceFindingsPage>();
      expect(page.findings.length).toBeLessThanOrEqual(2);
      for (const f of page.findings) {
        const record = page.records.find((x) => x.recordId === f.recordId);
        expect(record?.personName.trim()).not.toBe('');
        seen.push(f.recordId);
      }
      cursor = page.nextCursor;
    } while (cursor !== null);
    // The two released (stored findings) and the one in custody (folded), by actual detention.
    expect(seen).toEqual(opened);
  });

  test('findings: others refused, out-of-scope units refused, bad input 400 problem+json', async () => {
    const q = (unitId: string, more = '') =>
      `findings?unitId=${unitId}&figure=detentions&${RANGE}${more}`;
    expect((await get(null, q(kit.units.own))).statusCode).toBe(401);
    expect((await get(supervisor, q(kit.units.other))).statusCode).toBe(403);
    expect((await get(hq, q(kit.units.other))).statusCode).toBe(200);
    for (const role of ['custody_inspector', 'monitor', 'lawyer', 'admin'] as const) {
      expect((await get(await kit.signIn(role), q(kit.units.own))).statusCode, role).toBe(403);
    }
    const bad = [
      q(kit.units.own, '&cursor=not-a-cursor'),
      q(kit.units.own, `&cursor=${Buffer.from('["x","y",1]').toString('base64url')}`),
      q(kit.units.own, '&limit=0'),
      q(kit.units.own, '&limit=201'),
      q(kit.units.own, '&limit=many'),
      `findings?unitId=${kit.units.own}&figure=everything&${RANGE}`,
      `findings?unitId=${kit.units.own}&figure=notification.nobody.late&${RANGE}`,
      `findings?figure=detentions&${RANGE}`,
    ];
    for (const path of bad) {
      const r = await get(supervisor, path);
      expect(r.statusCode, path).toBe(400);
      expect(r.headers['content-type'], path).toMatch(/application\/problem\+json/);
    }
  });
});
