import { randomUUID } from 'node:crypto';
import type { ComplianceCounts, ComplianceReport, DeviceEntryResult } from '@custody/contracts';
import { sql, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { changeUnitPolicy } from '../../test/http/unit-policy.ts';
import { DIALECTS } from '../../test/databases.ts';
import { TEST_PASSWORD, type SignedIn } from '../../test/http/harness.ts';
import { testDevice } from '../../test/http/test-device.ts';
import { oversightKit, RecordDriver, type OversightKit } from '../integrity/oversight.test-kit.ts';
import { defaultCustodySettings } from '../records/custody-settings.ts';
import { listUnits } from '../accounts/units.ts';
import { complianceCounts } from './compliance.counts.ts';
import type { ComplianceRequest } from './compliance.query.ts';
import { countsKept, countsOfReport, unstoredKept } from './report-counts.test-kit.ts';
import { finalFindingsStored, reportLimits, storeFinalFindings } from './stored-findings.ts';

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
  /**
   * The counts answer equals the whole report, for every period, and `report_unstored` holds
   * what its tables give; returns the first period's answer.
   */
  const sameAsReport = async (): Promise<ComplianceCounts> => {
    await unstoredKept(kit.database);
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

  test('a tablet entry accepted after the findings were stored: stored again with it', async () => {
    const d = drivers[1];
    if (d === undefined) throw new Error('no record');
    const duty = await kit.signIn('duty_inspector');
    const tablet = await testDevice('Ed25519', () => kit.clock.now());
    const enrolled = await kit.app.inject({
      method: 'POST',
      url: '/api/v1/devices',
      headers: duty.headers,
      payload: {
        deviceId: tablet.deviceId,
        name: 'Планшет 1',
        algorithm: tablet.algorithm,
        publicKey: tablet.publicKey,
        password: TEST_PASSWORD,
      },
    });
    expect(enrolled.statusCode, enrolled.body).toBe(201);
    // A camera bookmark of the custody (a tablet's entry a released record accepts), saved on
    // the tablet 50 minutes after the instant it names (a late entry), synced days later.
    const entry = await tablet.entry(
      duty.userId,
      {
        type: 'BookmarkCamera',
        recordId: d.recordId,
        occurredAt: '2025-03-02T01:00:00.000Z',
        payload: {
          cameraId: 'CAM-3',
          from: '2025-03-02T00:30:00.000Z',
          to: '2025-03-02T01:00:00.000Z',
        },
      },
      { deviceTime: '2025-03-02T01:50:00.000Z' },
    );
    const synced = await kit.app.inject({
      method: 'POST',
      url: `/api/v1/devices/${tablet.deviceId}/entries`,
      headers: { ...duty.headers, 'idempotency-key': randomUUID() },
      payload: { entries: [{ signed: entry.signed, signature: entry.signature }] },
    });
    expect(synced.statusCode, synced.body).toBe(200);
    expect(synced.json<{ results: DeviceEntryResult[] }>().results[0], synced.body).toMatchObject({
      status: 'accepted',
    });
    // The entry is applied to the record (whose findings are stored again, in that append)
    // before the device's own append writes its row: the stored findings did not see it, and
    // `report_unstored` gains the record in the second transaction; the counts fold it.
    const stale = [inCustody.recordId, d.recordId].sort();
    expect(await unstoredKept(kit.database)).toEqual(stale);
    await countsKept(kit.database);
    const lateEntries = (c: ComplianceCounts) =>
      c.units.find((u) => u.unitId === kit.units.own)?.figures['lateEntries']?.count ?? 0;
    const before = lateEntries(await sameAsReport());
    expect(before).toBeGreaterThan(0);
    // Stored again (rebuild-projections), with the tablet entry: nothing stale but custody.
    const settings = kit.deps.settings ?? defaultCustodySettings();
    const now = kit.clock.now().toISOString();
    const deps = { database: kit.database, store: kit.store, settings, now };
    expect(await storeFinalFindings(deps)).toBe(1);
    expect(await unstoredKept(kit.database)).toEqual([inCustody.recordId]);
    expect(lateEntries(await sameAsReport())).toBe(before);
    // A tablet entry's answer changed without its record's findings (as no route does): the
    // stored findings saw another count of accepted entries, and the record is folded.
    await sql`UPDATE device_entries SET status = 'refused' WHERE record_id = ${d.recordId}`.execute(
      kit.database.db,
    );
    expect(await unstoredKept(kit.database)).toEqual(stale);
    await sameAsReport();
    await sql`UPDATE device_entries SET status = 'accepted' WHERE record_id = ${d.recordId}`.execute(
      kit.database.db,
    );
    expect(await unstoredKept(kit.database)).toEqual([inCustody.recordId]);
  });

  test('an erasure after release: no findings stored for it, the record is folded', async () => {
    const d = drivers[0];
    if (d === undefined) throw new Error('no record');
    const correction = (await kit.store.readStream(d.recordId)).at(-1);
    expect(correction?.type).toBe('EntryCorrected');
    await d.run(
      'EraseEventPayload',
      '2025-03-05T12:02:00Z',
      { targetEventId: correction?.id, legalGround: 'Закон про захист ПД ст. 8' },
      hq,
    );
    expect(await unstoredKept(kit.database)).toEqual([inCustody.recordId, d.recordId].sort());
    await countsKept(kit.database);
    // The correction's payload is gone: the detention is at 07:10 on 1 March again.
    expect(detentions(await sameAsReport())).toBe(4);
  });

  test("a unit's limits changed: its stored rows are stale until stored again", async () => {
    const { changed: r } = await changeUnitPolicy(
      kit.app,
      kit.units.own,
      supervisor,
      { cellCheckMinutes: 30, cellCheckWarningMinutes: 5 },
      'Наказ начальника № 12: частіші перевірки',
    );
    expect(r.statusCode, r.body).toBeLessThan(300);
    // The rows under the old limits are still counted per block, and taken out by the answer
    // (as long as they are: the change stores them again in the background) ...
    await countsKept(kit.database);
    await sameAsReport();
    const limits = async () =>
      (
        await sql<{ limits: string }>`SELECT DISTINCT limits FROM record_findings
          WHERE unit_id = ${kit.units.own}`.execute(kit.database.db)
      ).rows.map((x) => x.limits);
    // ... which stores the unit's closed records under its new limits: none is folded then.
    await finalFindingsStored(kit.database);
    const [now] = await limits();
    expect(now).toContain('"cellCheckMinutes":30');
    expect(await limits()).toEqual([now]);
    const settings = kit.deps.settings ?? defaultCustodySettings();
    const at = kit.clock.now().toISOString();
    expect(
      await storeFinalFindings({ database: kit.database, store: kit.store, settings, now: at }),
    ).toBe(0);
    await countsKept(kit.database);
    await sameAsReport();
  });

  test("a unit's limits changed while its findings are not stored again: their rows are stale, the record is folded", async () => {
    await sql`UPDATE record_findings SET limits = '{}' WHERE unit_id = ${kit.units.own}`.execute(
      kit.database.db,
    );
    // Not in report_unstored (limits are the request's): found through the limits index.
    expect(await unstoredKept(kit.database)).toEqual([inCustody.recordId]);
    await countsKept(kit.database);
    await sameAsReport();
    const settings = kit.deps.settings ?? defaultCustodySettings();
    const at = kit.clock.now().toISOString();
    expect(
      await storeFinalFindings({ database: kit.database, store: kit.store, settings, now: at }),
    ).toBe(3);
    await sameAsReport();
  });

  // PostgreSQL only: there a release commits on another connection while the counts read; on
  // SQLite the counts' reads hold the one connection, so the release waits for them (no test is
  // registered as skipped there).
  if (dialect === 'postgres')
    test('a record released while the counts are read is counted once, not stored and folded', async () => {
      const d = new RecordDriver(kit, inspector);
      at('2025-03-05T13:00:00Z');
      await d.open('2025-03-05T13:00:00Z', {}, officer);
      at('2025-03-05T13:40:00Z');
      await d.run('RecordDelivery', '2025-03-05T13:40:00Z', { unitId: kit.units.own });
      at('2025-03-05T13:50:00Z');
      await d.run('RegisterDetainee', '2025-03-05T13:50:00Z', { custodyNumber: 'K-9' });
      at('2025-03-05T14:00:00Z');
      const units = await listUnits(kit.database);
      const request: ComplianceRequest = {
        unitIds: units.map((u) => u.id),
        from: '2025-03-01T00:00:00.000Z',
        to: '2025-03-08T00:00:00.000Z',
        now: kit.clock.now().toISOString(),
        timeZone: 'Europe/Kyiv',
        unitTimeZones: new Map(units.map((u) => [u.id, u.timeZone])),
        limits: reportLimits(kit.deps.settings ?? defaultCustodySettings()),
      };
      // The release commits right after the counts' first query (the records they fold) has
      // returned, before the stored counts are read.
      let during: (() => Promise<void>) | undefined = async () => {
        at('2025-03-05T14:10:00Z');
        await d.run('ReleaseDetainee', '2025-03-05T14:10:00Z', release);
      };
      const hook: KyselyPlugin = {
        transformQuery: (args) => args.node,
        transformResult: async (args) => {
          const run = during;
          during = undefined;
          await run?.();
          return args.result;
        },
      };
      const database = { ...kit.database, db: kit.database.db.withPlugin(hook) };
      const racing = await complianceCounts({ database, store: kit.store }, request);
      expect(during).toBeUndefined();
      expect(await unstoredKept(kit.database)).not.toContain(d.recordId);
      const settled = await complianceCounts({ database: kit.database, store: kit.store }, request);
      expect(detentions(settled)).toBe(detentions(racing));
      expect(racing.units).toEqual(settled.units);
      expect(racing.detentionsPerDay).toEqual(settled.detentionsPerDay);
    });
});
