import type { ComplianceCounts, ComplianceReport } from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { oversightKit, RecordDriver, type OversightKit } from '../integrity/oversight.test-kit.ts';
import { defaultCustodySettings } from '../records/custody-deps.ts';
import { countsKept, countsOfReport } from './report-counts.test-kit.ts';
import { storeFinalFindings } from './stored-findings.ts';

const START = Date.parse('2025-03-01T07:00:00.000Z');
const PERIODS = [
  'from=2025-03-01T00:00:00Z&to=2025-03-04T00:00:00Z',
  'from=2025-03-01T07:30:00Z&to=2025-03-02T09:10:00Z',
  'from=2025-02-28T22:00:00Z&to=2025-03-02T22:00:00Z',
  'from=2025-03-02T08:05:00Z&to=2025-03-02T08:55:00Z',
];
const release = {
  ground: 'suspicion_not_confirmed',
  legalBasis: 'КПК ст. 211 ч. 3',
  propertyReturned: 'none_held',
  recordCopyHandedOver: true,
};

/**
 * `report_counts` (migration 0380) against what it summarises, through the real command routes:
 * after every change the counts per block equal the stored rows, and the counts answer equals
 * the whole report over periods on and off whole hours and days.
 */
describe.each(DIALECTS)('counts kept per block (%s)', (dialect) => {
  let kit: OversightKit;
  let hq: SignedIn;
  let supervisor: SignedIn;
  let inspector: SignedIn;
  let officer: SignedIn;
  const drivers: RecordDriver[] = [];
  let inCustody: RecordDriver;

  const at = (iso: string) => {
    kit.clock.advance((Date.parse(iso) + 60_000 - kit.clock.now().getTime()) / 1000);
  };
  const get = async <T>(path: string): Promise<T> => {
    const r = await kit.app.inject({
      method: 'GET',
      url: `/api/v1/reports/compliance${path}`,
      headers: { cookie: hq.cookie },
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<T>();
  };
  /** The counts answer equals the whole report, for every period; returns the first's. */
  const sameAsReport = async (): Promise<ComplianceCounts> => {
    const answers: ComplianceCounts[] = [];
    for (const period of PERIODS) {
      const [counts, report] = await Promise.all([
        get<ComplianceCounts>(`/counts?${period}`),
        get<ComplianceReport>(`?${period}`),
      ]);
      const expected = countsOfReport(report);
      expect(counts.units, period).toEqual(expected.units);
      expect(counts.detentionsPerDay, period).toEqual(expected.detentionsPerDay);
      answers.push(counts);
    }
    const [first] = answers;
    if (first === undefined) throw new Error('no period');
    return first;
  };
  const detentions = (c: ComplianceCounts) =>
    c.units.reduce((n, u) => n + (u.figures['detentions']?.count ?? 0), 0);

  beforeAll(async () => {
    kit = await oversightKit(dialect, { session: { ttl: 30 * 86_400, idle: 30 * 86_400 } }, START);
    officer = await kit.signIn('detaining_officer');
    inspector = await kit.signIn('custody_inspector');
    supervisor = await kit.signIn('supervisor');
    hq = await kit.signIn('hq');
    const elsewhere = await kit.signIn('custody_inspector', { unitId: kit.units.other });
    const times = ['2025-03-01T07:10', '2025-03-01T23:40', '2025-03-02T08:30'];
    for (const [i, t] of times.entries()) {
      const d = new RecordDriver(kit, inspector);
      at(`${t}:00Z`);
      await d.open(`${t}:00Z`, {}, officer);
      const after = (minutes: number) =>
        new Date(Date.parse(`${t}:00Z`) + minutes * 60_000).toISOString();
      at(after(50));
      await d.run('RecordDelivery', after(50), { unitId: kit.units.own });
      at(after(95));
      await d.run('RegisterDetainee', after(95), { custodyNumber: `K-${String(i)}` });
      at(after(120));
      await d.run('ReleaseDetainee', after(120), release);
      drivers.push(d);
    }
    inCustody = new RecordDriver(kit, elsewhere);
    at('2025-03-02T12:00:00Z');
    await inCustody.open(
      '2025-03-02T12:00:00Z',
      {},
      await kit.signIn('detaining_officer', { unitId: kit.units.other }),
    );
    at('2025-03-02T12:30:00Z');
    await inCustody.run('RecordDelivery', '2025-03-02T12:30:00Z', { unitId: kit.units.other });
    at('2025-03-05T12:00:00Z');
  }, 120_000);
  afterAll(() => kit.close());

  test('the releases stored rows and their counts; the counts equal the whole report', async () => {
    expect(await countsKept(kit.database)).toBeGreaterThan(3);
    expect(detentions(await sameAsReport())).toBe(4);
  });

  test('a record in custody is folded at its version: an entry since shows in the counts', async () => {
    const before = await sameAsReport();
    const lateFigure = (c: ComplianceCounts) =>
      c.units.find((u) => u.unitId === kit.units.other)?.figures['notification.relative.over3h'];
    expect(lateFigure(before)).toBeUndefined();
    // Made 4 h 30 min after detention, entered now: a late notification of a relative.
    await inCustody.run('RecordNotification', '2025-03-02T16:30:00Z', {
      kind: 'relative',
      recipient: 'Отримувач',
      method: 'phone',
      madeBy: { id: 'inspector-x', name: 'Сидоренко С. С.' },
      delegatedToOfficer: false,
    });
    const after = await sameAsReport();
    expect(lateFigure(after)).toEqual({ count: 1, records: 1 });
  });

  test('a correction after release moves the record to its corrected day', async () => {
    const d = drivers[0];
    if (d === undefined) throw new Error('no record');
    const [opened] = await kit.store.readStream(d.recordId);
    // 07:10 UTC on 1 March corrected to 22:30 UTC on 28 February: 00:30 on 1 March in Kyiv,
    // before the first period and inside the third.
    await d.run('CorrectEntry', '2025-03-05T12:01:00Z', {
      targetEventId: opened?.id,
      reason: 'Час затримання встановлено за відеозаписом',
      correctedFields: {},
      correctedOccurredAt: '2025-02-28T22:30:00Z',
    });
    await countsKept(kit.database);
    const counts = await sameAsReport();
    expect(detentions(counts)).toBe(3);
    expect(counts.detentionsPerDay).toEqual([{ date: '2025-03-02', count: 3 }]);
    const wider = await get<ComplianceCounts>(`/counts?${PERIODS[2] ?? ''}`);
    expect(wider.detentionsPerDay).toEqual([
      { date: '2025-03-01', count: 1 },
      { date: '2025-03-02', count: 3 },
    ]);
  });

  test("a unit's limits changed: its stored rows are stale until stored again", async () => {
    const view = await kit.app.inject({
      method: 'GET',
      url: `/api/v1/units/${kit.units.own}/policy`,
      headers: { cookie: supervisor.cookie },
    });
    const r = await kit.app.inject({
      method: 'POST',
      url: `/api/v1/units/${kit.units.own}/policy/changes`,
      headers: supervisor.headers,
      payload: {
        expectedVersion: view.json<{ version: number }>().version,
        values: { cellCheckMinutes: 30, cellCheckWarningMinutes: 5 },
        reason: 'Наказ начальника № 12: частіші перевірки',
      },
    });
    expect(r.statusCode, r.body).toBeLessThan(300);
    // The rows under the old limits are still counted per block, and taken out by the answer.
    await countsKept(kit.database);
    await sameAsReport();
    const settings = kit.deps.settings ?? defaultCustodySettings();
    const now = kit.clock.now().toISOString();
    expect(
      await storeFinalFindings({ database: kit.database, store: kit.store, settings, now }),
    ).toBe(3);
    await countsKept(kit.database);
    await sameAsReport();
  });
});
