import type {
  ComplianceReport,
  ReportFigure,
  ReportRecord,
  UnitCompliance,
} from '@custody/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { updateUnit } from '../accounts/units.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { oversightKit, RecordDriver, type OversightKit } from '../integrity/oversight.test-kit.ts';
import { defaultCustodySettings } from '../records/custody-settings.ts';
import { findSummary } from '../projections/record-summary.projection.ts';
import type { RecordFindings } from './record-findings.ts';
import { storeFinalFindings } from './stored-findings.ts';

const START = Date.parse('2025-03-01T07:00:00.000Z');
const NOW = '2025-03-05T12:00:00.000Z';
const RANGE = 'from=2025-03-01T00:00:00Z&to=2025-03-04T00:00:00Z';
const madeBy = { id: 'inspector-x', name: 'Сидоренко С. С.' };
const notification = (kind: string) => ({
  kind,
  recipient: 'Отримувач',
  method: 'phone',
  madeBy,
  delegatedToOfficer: false,
});
const check = { condition: 'Спокійний', roused: false, concern: false };

/**
 * Record A (adult, kept past 72 h): delivered after 90 min, injuries on arrival, registered an
 * hour after delivery, legal aid notified after 4.5 h, one cell check 40 min late and entered
 * 40 min late, force reported by officer-1 without his ForceUsed entry, rights explained an hour
 * after the unit's 60 min.
 * Record B: interrogated without a defender, then corrected to a juvenile; released the same day,
 * 2 h after detention, its rights never explained.
 */
describe.each(DIALECTS)('compliance report (%s)', (dialect) => {
  let kit: OversightKit;
  let supervisor: SignedIn;
  let a: string;
  let b: string;
  let interrogationB: string;
  let lateCheckA: string;
  let rightsA: string;
  let report: UnitCompliance;
  let records: ReportRecord[];

  const at = (iso: string, lagMinutes = 1) => {
    kit.clock.advance((Date.parse(iso) + lagMinutes * 60_000 - kit.clock.now().getTime()) / 1000);
  };

  beforeAll(async () => {
    kit = await oversightKit(dialect, { session: { ttl: 30 * 86_400, idle: 30 * 86_400 } }, START);
    const officer = await kit.signIn('detaining_officer');
    const inspector = await kit.signIn('custody_inspector');
    const investigator = await kit.signIn('investigator');
    const elsewhere = await kit.signIn('custody_inspector', { unitId: kit.units.other });
    supervisor = await kit.signIn('supervisor');

    const A = new RecordDriver(kit, inspector);
    at('2025-03-01T08:00:00Z');
    a = await A.open('2025-03-01T08:00:00Z', {}, officer);
    at('2025-03-01T08:20:00Z');
    await A.run('RecordNotification', '2025-03-01T08:20:00Z', notification('relative'));
    at('2025-03-01T09:30:00Z');
    await A.run('RecordDelivery', '2025-03-01T09:30:00Z', {
      unitId: kit.units.own,
      delayExplanation: 'Затор на дорозі',
    });
    at('2025-03-01T09:40:00Z');
    await A.run('RecordInjuries', '2025-03-01T09:40:00Z', {
      injuries: [{ bodyRegion: 'left_arm', description: 'Садно 2 см', photoSha256: [] }],
      onArrival: true,
    });
    at('2025-03-01T10:00:00Z');
    rightsA = (
      await A.run('RecordRightsExplained', '2025-03-01T10:00:00Z', {
        language: 'uk',
        writtenNoticeHandedOver: true,
        signature: { signed: true },
      })
    ).eventId;
    at('2025-03-01T10:20:00Z');
    await A.run('RecordCellCheck', '2025-03-01T10:20:00Z', check);
    at('2025-03-01T10:30:00Z');
    await A.run('RegisterDetainee', '2025-03-01T10:30:00Z', { custodyNumber: 'K-A' });
    at('2025-03-01T11:00:00Z');
    await A.run('RecordOfficerInterview', '2025-03-01T11:00:00Z', {
      officerId: 'officer-1',
      summary: 'Застосовано загин руки.',
      forceReported: true,
      injuriesReported: true,
    });
    at('2025-03-01T12:00:00Z', 40);
    lateCheckA = (await A.run('RecordCellCheck', '2025-03-01T12:00:00Z', check)).eventId;
    await A.run('RecordNotification', '2025-03-01T12:30:00Z', notification('legal_aid_centre'));

    const B = new RecordDriver(kit, inspector);
    at('2025-03-02T10:00:00Z');
    b = await B.open('2025-03-02T10:00:00Z', {}, officer);
    const [detentionB] = await kit.store.readStream(b);
    at('2025-03-02T10:20:00Z');
    await B.run('RecordDelivery', '2025-03-02T10:20:00Z', { unitId: kit.units.own });
    at('2025-03-02T10:25:00Z');
    await B.run('RegisterDetainee', '2025-03-02T10:25:00Z', { custodyNumber: 'K-B' });
    at('2025-03-02T10:26:00Z');
    await B.run('RecordNotification', '2025-03-02T10:26:00Z', notification('relative'));
    at('2025-03-02T10:50:00Z');
    await B.run('RecordNotification', '2025-03-02T10:50:00Z', notification('legal_aid_centre'));
    at('2025-03-02T11:00:00Z');
    interrogationB = (
      await B.run(
        'StartInterrogation',
        '2025-03-02T11:00:00Z',
        { interrogatorId: investigator.userId, defenderPresent: false },
        investigator,
      )
    ).eventId;
    at('2025-03-02T11:30:00Z');
    await B.run('EndInterrogation', '2025-03-02T11:30:00Z', {}, investigator);
    at('2025-03-02T11:40:00Z');
    await B.run('CorrectEntry', '2025-03-02T11:40:00Z', {
      targetEventId: detentionB?.id,
      reason: 'Вік встановлено за документом: 16 років',
      correctedFields: { juvenile: true },
    });
    at('2025-03-02T12:00:00Z');
    await B.run('ReleaseDetainee', '2025-03-02T12:00:00Z', {
      ground: 'suspicion_not_confirmed',
      legalBasis: 'КПК ст. 211 ч. 3',
      propertyReturned: 'none_held',
      recordCopyHandedOver: true,
    });

    await new RecordDriver(kit, elsewhere).open('2025-03-02T12:00:00Z');
    at(NOW, 0);
    const r = await kit.app.inject({
      method: 'GET',
      url: `/api/v1/reports/compliance?unitId=${kit.units.own}&${RANGE}`,
      headers: { cookie: supervisor.cookie },
    });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<ComplianceReport>();
    expect(body.units).toHaveLength(1);
    const unit = body.units[0];
    if (unit === undefined) throw new Error('no unit in the report');
    report = unit;
    records = body.records;
  }, 60_000);
  afterAll(() => kit.close());

  const ids = (f: ReportFigure) => f.recordIds;

  test('detentions per day in the unit, other units left out', () => {
    expect(ids(report.detentions)).toEqual([a, b].sort());
    expect(report.detentionsPerDay).toEqual([
      { date: '2025-03-01', count: 1, recordIds: [a] },
      { date: '2025-03-02', count: 1, recordIds: [b] },
    ]);
  });

  test('names each record of the drill-downs by its person and detention, not by its id alone', () => {
    expect(records.map((r) => r.recordId).sort()).toEqual([a, b].sort());
    for (const r of records) {
      expect(r.personName.trim()).not.toBe('');
      expect(r.personName).not.toBe(r.recordId);
    }
    expect(records.find((r) => r.recordId === a)?.t0).toBe('2025-03-01T08:00:00.000Z');
  });

  test('arrival: late registration, delivery delay, injuries on arrival', () => {
    expect(report.lateRegistrations.findings).toEqual([{ recordId: a, minutes: 60 }]);
    expect(report.deliveryDelays.findings).toEqual([{ recordId: a, minutes: 90 }]);
    expect(ids(report.injuriesOnArrival)).toEqual([a]);
    const gaps = report.detentionToRegistration.findings.map((f) => [f.recordId, f.minutes]);
    expect(gaps).toEqual(
      expect.arrayContaining([
        [a, 150],
        [b, 25],
      ]),
    );
  });

  test('late notifications by kind with the delay distribution', () => {
    const aid = report.lateNotifications.find((n) => n.kind === 'legal_aid_centre');
    expect(aid?.required).toBe(2);
    expect(ids(aid?.late ?? report.detentions)).toEqual([a, b].sort());
    expect(aid?.buckets.over3h.findings.map((f) => [f.recordId, f.minutes])).toEqual([[a, 270]]);
    expect(aid?.buckets.within1h.findings.map((f) => [f.recordId, f.minutes])).toEqual([[b, 50]]);
    const relative = report.lateNotifications.find((n) => n.kind === 'relative');
    expect(relative?.late.count).toBe(0);
    expect(relative?.buckets.within30m.count).toBe(2);
    const parents = report.lateNotifications.find((n) => n.kind === 'parents_guardians');
    expect(parents?.buckets.never.recordIds).toEqual([b]);
  });

  test('24/60/72 h breaches and over-detention from the legal clock', () => {
    expect(ids(report.breaches.suspicionNotice24h.overdue)).toEqual([a]);
    expect(ids(report.breaches.court60h.overdue)).toEqual([a]);
    expect(ids(report.breaches.limit72h.overdue)).toEqual([a]);
    expect(report.breaches.limit72h.metLate.count).toBe(0);
    expect(ids(report.overDetentions)).toEqual([a]);
  });

  test('rights explained late: the clock’s final outcome once custody ended, explained late before', () => {
    const byRecord = new Map(report.rightsExplainedLate.findings.map((f) => [f.recordId, f]));
    expect(report.rightsExplainedLate.recordIds).toEqual([a, b].sort());
    expect(byRecord.get(a)).toEqual({
      recordId: a,
      detail: 'rights_explained',
      minutes: 60,
      eventId: rightsA,
    });
    expect(byRecord.get(b)).toEqual({
      recordId: b,
      detail: 'rights_explained',
      minutes: 60,
      outcome: {
        uk: 'порушено: не виконано; звільнено на 1 год пізніше строку',
        en: 'breached: not met; released 1 h after the deadline',
      },
    });
  });

  test('cell checks late and missed, late entries', () => {
    expect(report.cellChecks.late.findings).toEqual([
      { recordId: a, eventId: lateCheckA, minutes: 40, detail: expect.any(String) as string },
    ]);
    expect(Date.parse(report.cellChecks.late.findings[0]?.detail ?? '')).not.toBeNaN();
    expect(ids(report.cellChecks.missed)).toEqual([a, b].sort());
    expect(report.lateEntries.findings).toEqual([
      { recordId: a, eventId: lateCheckA, minutes: 40, detail: 'CellCheckRecorded' },
    ]);
  });

  test('juvenile interrogated without a defender, force without an entry', () => {
    expect(report.juvenilesWithoutDefender.findings).toEqual([
      { recordId: b, eventId: interrogationB, detail: 'InterrogationStarted' },
    ]);
    expect(report.forceWithoutEntry.findings).toMatchObject([
      { recordId: a, officerId: 'officer-1' },
    ]);
    expect(report.martialLaw.count).toBe(0);
  });

  test("each unit's days are counted in its own time zone", async () => {
    // The other unit's record was opened at 12:00 UTC on 2 March: 02:00 on 3 March at UTC+14.
    await updateUnit(kit.database, kit.units.other, { timeZone: 'Pacific/Kiritimati' });
    try {
      const hq = await kit.signIn('hq');
      const r = await kit.app.inject({
        method: 'GET',
        url: `/api/v1/reports/compliance?${RANGE}`,
        headers: { cookie: hq.cookie },
      });
      expect(r.statusCode, r.body).toBe(200);
      const units = new Map(r.json<ComplianceReport>().units.map((u) => [u.unitId, u]));
      expect(units.get(kit.units.other)?.detentionsPerDay.map((d) => d.date)).toEqual([
        '2025-03-03',
      ]);
      expect(units.get(kit.units.own)?.detentionsPerDay.map((d) => d.date)).toEqual([
        '2025-03-01',
        '2025-03-02',
      ]);
    } finally {
      await updateUnit(kit.database, kit.units.other, { timeZone: 'Europe/Kyiv' });
    }
  });

  test('who may read reports', async () => {
    const get = (who: SignedIn | null, query: string) =>
      kit.app.inject({
        method: 'GET',
        url: `/api/v1/reports/compliance?${query}${query ? '&' : ''}${RANGE}`,
        ...(who ? { headers: { cookie: who.cookie } } : {}),
      });
    const own = `unitId=${kit.units.own}`;
    expect((await get(null, own)).statusCode).toBe(401);
    expect((await get(supervisor, `unitId=${kit.units.other}`)).statusCode).toBe(403);
    for (const role of ['custody_inspector', 'monitor', 'lawyer', 'admin'] as const) {
      expect((await get(await kit.signIn(role), own)).statusCode, role).toBe(403);
    }
    const hq = await kit.signIn('hq');
    const all = (await get(hq, '')).json<ComplianceReport>();
    expect(all.units.map((u) => u.unitId).sort()).toEqual([kit.units.own, kit.units.other].sort());
    const mine = (await get(supervisor, '')).json<ComplianceReport>();
    expect(mine.units.map((u) => u.unitId)).toEqual([kit.units.own]);
    const bad = await get(supervisor, `${own}&from=2025-03-05T00:00:00Z&to=2025-03-01T00:00:00Z`);
    expect(bad.statusCode).toBe(400);
  });

  test("a closed record's findings are stored when custody ends and read back as the log gives them", async () => {
    const hq = await kit.signIn('hq');
    const get = async () => {
      const r = await kit.app.inject({
        method: 'GET',
        url: `/api/v1/reports/compliance?${RANGE}`,
        headers: { cookie: hq.cookie },
      });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<ComplianceReport>();
    };
    const rows = async () =>
      (
        await sql<{
          record_id: string;
          version: number;
          findings: string;
          limits: string;
        }>`SELECT record_id, version, findings, limits FROM record_findings ORDER BY record_id`.execute(
          kit.database.db,
        )
      ).rows;
    // B was released (final findings, stored by its release); A is still in custody.
    const stored = await rows();
    expect(stored.map((r) => r.record_id)).toEqual([b]);
    const summary = await findSummary(kit.database, b);
    expect(stored[0]?.version).toBe(summary?.version);
    const withStored = await get();

    // Without stored findings the report folds every record: the same report.
    await sql`DELETE FROM record_findings`.execute(kit.database.db);
    expect(await get()).toEqual(withStored);

    // What rebuild-projections stores is what the release stored.
    const settings = kit.deps.settings ?? defaultCustodySettings();
    const now = kit.clock.now().toISOString();
    const deps = { database: kit.database, store: kit.store, settings, now };
    expect(await storeFinalFindings(deps)).toBe(1);
    expect(await rows()).toEqual(stored);
    expect(await storeFinalFindings(deps)).toBe(0);

    // The report reads the stored row: a row that says less shows less ...
    const found = JSON.parse(stored[0]?.findings ?? '{}') as RecordFindings;
    const less = { ...found, findings: found.findings.slice(1) };
    expect(less.findings.length).toBeLessThan(found.findings.length);
    await sql`UPDATE record_findings SET findings = ${JSON.stringify(less)}`.execute(
      kit.database.db,
    );
    expect(await get()).not.toEqual(withStored);
    // ... but not one of an older version of the record, or of other limits: B is folded again.
    await sql`UPDATE record_findings SET version = version - 1`.execute(kit.database.db);
    expect(await get()).toEqual(withStored);
    await sql`UPDATE record_findings SET version = version + 1, limits = '{}'`.execute(
      kit.database.db,
    );
    expect(await get()).toEqual(withStored);
    await sql`DELETE FROM record_findings`.execute(kit.database.db);
    await storeFinalFindings(deps);
  });
});
