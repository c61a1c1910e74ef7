import type { ReportFinding } from '@custody/contracts';
import { generateSignerKey, signerFromSkey } from '@custody/ledger';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/databases.ts';
import { listUnits } from '../accounts/units.ts';
import { migrate } from '../db/migrate.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { allMigrations } from '../ops/serve.ts';
import { defaultCustodySettings } from '../records/custody-settings.ts';
import { createEventStore, type EventStore } from '../store/index.ts';
import { complianceCounts, complianceFindings } from './compliance.counts.ts';
import { complianceReport, type ComplianceRequest } from './compliance.query.ts';
import {
  countsKept,
  countsOfReport,
  figureOf,
  namesOf,
  unstoredKept,
} from './report-counts.test-kit.ts';
import { reportLimits, storeFinalFindings } from './stored-findings.ts';

const NOW = new Date('2025-03-01T10:00:00.000Z');
const ORIGIN = 'custody.counts-test/log';
const SLOW = { timeout: 300_000 };
const DAY = 24 * 3600 * 1000;

const sortFindings = (list: readonly ReportFinding[]) =>
  [...list].map((f) => JSON.stringify(f, Object.keys(f).sort())).sort();

describe.each(DIALECTS)('compliance counts and drill-downs over the demo (%s)', (dialect) => {
  let database: TestDatabase;
  let store: EventStore;
  let request: ComplianceRequest;
  /** What migration 0610 found among the demo's records. */
  let filled: string[];

  const source = () => ({ database, store });
  const expectSame = async (r: ComplianceRequest = request) => {
    const [report, counts] = await Promise.all([
      complianceReport(source(), r),
      complianceCounts(source(), r),
    ]);
    const expected = countsOfReport(report);
    expect(counts.units).toEqual(expected.units);
    expect(counts.detentionsPerDay).toEqual(expected.detentionsPerDay);
    return { report, counts };
  };

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    // The demo is stored before migrations 0610 and 0380: 0610 then finds the records whose
    // stored findings cannot be used (storeFinalFindings reads them), and 0380 counts the
    // stored rows already there.
    const counts = '0380-projections-report-counts';
    const unstored = '0610-reports-unstored-records';
    const byKey = '0611-reports-unstored-by-key'; // alters 0610's function
    const without = (...names: string[]) => allMigrations.filter((m) => !names.includes(m.name));
    await migrate(database, without(counts, unstored, byKey));
    const { skey } = generateSignerKey(ORIGIN);
    store = await createEventStore({ database, signer: signerFromSkey(skey), origin: ORIGIN });
    await seedDemo({ database, store }, { now: NOW, closed: dialect === 'sqlite' ? 120 : 60 });
    expect(await migrate(database, without(counts))).toEqual([unstored, byKey]);
    filled = await unstoredKept(database);
    const settings = defaultCustodySettings();
    await storeFinalFindings({ database, store, settings, now: NOW.toISOString() });
    expect(await migrate(database, allMigrations)).toEqual([counts]);
    const units = await listUnits(database);
    request = {
      unitIds: units.map((u) => u.id),
      from: new Date(NOW.getTime() - 365 * DAY).toISOString(),
      to: new Date(NOW.getTime() + DAY).toISOString(),
      now: NOW.toISOString(),
      timeZone: 'Europe/Kyiv',
      unitTimeZones: new Map(units.map((u) => [u.id, u.timeZone])),
      limits: reportLimits(settings),
    };
  }, 300_000);
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  test('the stored findings are kept as one row per occurrence of a figure', SLOW, async () => {
    const rows = await sql<{ n: number | string }>`
      SELECT count(*) AS n FROM report_findings`.execute(database.db);
    const stored = await sql<{ n: number | string }>`
      SELECT count(*) AS n FROM record_findings`.execute(database.db);
    expect(Number(stored.rows[0]?.n)).toBeGreaterThan(20);
    // Each stored record has its detention row and more.
    expect(Number(rows.rows[0]?.n)).toBeGreaterThan(2 * Number(stored.rows[0]?.n));
  });

  test(
    'the counts equal what the whole report counts: every unit, one unit, parts of the year',
    SLOW,
    async () => {
      const { counts } = await expectSame();
      const total = counts.units.reduce((n, u) => n + (u.figures['detentions']?.count ?? 0), 0);
      expect(total).toBeGreaterThan(60);
      for (const unitId of request.unitIds.slice(0, 2)) {
        await expectSame({ ...request, unitIds: [unitId] });
      }
      for (const days of [3, 10, 45]) {
        await expectSame({
          ...request,
          from: new Date(NOW.getTime() - days * DAY).toISOString(),
          to: new Date(NOW.getTime() - (days - 2) * DAY + 3_600_000).toISOString(),
        });
      }
    },
  );

  test(
    'detentions per day with units in several zones, one of them not whole hours from UTC',
    SLOW,
    async () => {
      // The detentions are counted per zone (its units together), by the minute in a zone whose
      // offset is not whole hours: each day of each zone as the whole report dates it.
      const zones = ['Asia/Kolkata', 'Pacific/Kiritimati', 'America/St_Johns'];
      const unitTimeZones = new Map(
        request.unitIds.map((u, i) => [u, zones[i % zones.length] ?? 'Europe/Kyiv']),
      );
      const { counts } = await expectSame({ ...request, unitTimeZones });
      const kyiv = await complianceCounts(source(), request);
      expect(counts.detentionsPerDay).not.toEqual(kyiv.detentionsPerDay);
    },
  );

  test('migration 0380 counts the rows stored before it, block by block', SLOW, async () => {
    // Filled by the migration's statement (an empty table then) and the triggers since.
    expect(await countsKept(database)).toBeGreaterThan(100);
  });

  test(
    'migration 0610 finds the records whose stored findings cannot be used: those in custody',
    SLOW,
    async () => {
      const open = await sql<{ record_id: string }>`SELECT record_id FROM record_summaries
        WHERE status NOT IN ('released', 'transferred') ORDER BY record_id`.execute(database.db);
      expect(open.rows.length).toBeGreaterThan(5);
      // Filled from the demo's rows, then kept by the triggers through storeFinalFindings.
      expect(filled.length).toBeGreaterThanOrEqual(open.rows.length);
      expect(await unstoredKept(database)).toEqual(open.rows.map((r) => r.record_id).sort());
    },
  );

  test(
    'the counts equal the whole report for periods that do not start or end on a whole hour',
    SLOW,
    async () => {
      const at = (ms: number) => new Date(ms).toISOString();
      const start = NOW.getTime() - 200 * DAY;
      for (const [from, to] of [
        [start + 7 * 60_000 + 250, NOW.getTime() + DAY - 1],
        [start - 17 * 60_000, NOW.getTime() - 3 * DAY + 45 * 60_000],
        [NOW.getTime() - 30 * DAY + 5 * 60_000, NOW.getTime() - 30 * DAY + 50 * 60_000],
        [NOW.getTime() - 64 * DAY - 1, NOW.getTime() - 2 * DAY + 1],
      ] as const) {
        const { counts } = await expectSame({ ...request, from: at(from), to: at(to) });
        if (to - from > 100 * DAY) expect(counts.units.length).toBeGreaterThan(0);
      }
    },
  );

  test(
    'a transaction that fails leaves the stored rows and their counts as they were',
    SLOW,
    async () => {
      const snapshot = async () =>
        Promise.all([
          sql`SELECT * FROM report_findings ORDER BY record_id, seq`.execute(database.db),
          sql`SELECT * FROM report_counts ORDER BY level, block, unit_id, figure`.execute(
            database.db,
          ),
          sql`SELECT * FROM report_unstored ORDER BY record_id`.execute(database.db),
        ]).then(([a, b, c]) => [a.rows, b.rows, c.rows]);
      const before = await snapshot();
      const { rows } = await sql<{ record_id: string }>`
        SELECT record_id FROM record_findings ORDER BY record_id LIMIT 2`.execute(database.db);
      const [x, y] = rows.map((r) => r.record_id);
      await expect(
        database.db.transaction().execute(async (trx) => {
          await sql`DELETE FROM record_findings WHERE record_id = ${x}`.execute(trx);
          await sql`UPDATE record_findings SET findings = ${JSON.stringify({
            recordId: y,
            t0: '2024-06-01T00:00:00.000Z',
            findings: [],
            notifications: [],
          })} WHERE record_id = ${y}`.execute(trx);
          const moved = await sql<{ n: number | string }>`
            SELECT count(*) AS n FROM report_counts WHERE level = 0
              AND block = ${Math.floor(Date.parse('2024-06-01T00:00:00Z') / 3_600_000)}
              AND n > 0`.execute(trx);
          // Within the transaction the counts follow the rows, and the record without stored
          // findings, or whose summary moved on, is one whose stored findings cannot be used ...
          expect(Number(moved.rows[0]?.n)).toBeGreaterThan(0);
          await sql`UPDATE record_summaries SET version = version + 1
            WHERE record_id = ${y}`.execute(trx);
          const unstored = await sql<{ record_id: string }>`SELECT record_id FROM report_unstored
            WHERE record_id IN (${x}, ${y}) ORDER BY record_id`.execute(trx);
          expect(unstored.rows.map((r) => r.record_id)).toEqual([x, y].sort());
          throw new Error('crash before commit');
        }),
      ).rejects.toThrow('crash before commit');
      // ... and with it rolled back, all are as they were.
      expect(await snapshot()).toEqual(before);
    },
  );

  test(
    'each drill-down pages every finding of its figure exactly once, in order',
    SLOW,
    async () => {
      const report = await complianceReport(source(), request);
      let pages = 0;
      for (const unit of report.units) {
        const names = namesOf(unit).filter((n) => (figureOf(unit, n)?.count ?? 0) > 0);
        expect(names.length).toBeGreaterThan(3);
        for (const figure of names) {
          const all: ReportFinding[] = [];
          const keys: string[] = [];
          let after: string | null = null;
          do {
            const page = await complianceFindings(source(), {
              ...request,
              unitIds: [unit.unitId],
              figure,
              limit: 7,
              ...(after === null ? {} : { after: decode(after) }),
            });
            pages += 1;
            expect(page.findings.length).toBeLessThanOrEqual(7);
            const t0 = new Map(page.records.map((r) => [r.recordId, r.t0]));
            for (const f of page.findings) {
              expect(t0.has(f.recordId), figure).toBe(true);
              keys.push(`${t0.get(f.recordId) ?? ''}|${f.recordId}`);
            }
            all.push(...page.findings);
            after = page.nextCursor;
          } while (after !== null);
          expect(keys, figure).toEqual([...keys].sort());
          expect(sortFindings(all), `${unit.unitId} ${figure}`).toEqual(
            sortFindings(figureOf(unit, figure)?.findings ?? []),
          );
        }
      }
      expect(pages).toBeGreaterThan(50);
    },
  );

  test('stale stored findings are not used: the record is folded from the log', SLOW, async () => {
    const pick = await sql<{ record_id: string }>`
      SELECT record_id FROM record_findings ORDER BY record_id LIMIT 6`.execute(database.db);
    const [a, b, c, d, e] = pick.rows.map((r) => r.record_id);
    // Rows that say less than the log, under the record's current version ...
    await sql`UPDATE record_findings SET findings = ${JSON.stringify({
      recordId: a,
      t0: '2020-01-01T00:00:00.000Z',
      findings: [],
      notifications: [],
    })}, version = version - 1 WHERE record_id = ${a}`.execute(database.db);
    // ... under other limits, of another unit, or with fewer tablet entries; and one missing.
    await sql`UPDATE record_findings SET limits = '{}' WHERE record_id = ${b}`.execute(database.db);
    await sql`UPDATE record_findings SET unit_id = 'elsewhere' WHERE record_id = ${c}`.execute(
      database.db,
    );
    await sql`UPDATE record_findings SET findings = ${JSON.stringify({
      recordId: e,
      t0: '2020-01-01T00:00:00.000Z',
      findings: [],
      notifications: [],
    })}, device_entries = device_entries + 1 WHERE record_id = ${e}`.execute(database.db);
    await sql`DELETE FROM record_findings WHERE record_id = ${d}`.execute(database.db);
    const gone = await sql<{ n: number | string }>`
      SELECT count(*) AS n FROM report_findings WHERE record_id = ${d}`.execute(database.db);
    expect(Number(gone.rows[0]?.n)).toBe(0);
    await countsKept(database);
    // Every one of them but the one under other limits (checked per request) is kept as stale.
    const kept = await unstoredKept(database);
    for (const id of [a, c, d, e]) expect(kept).toContain(id);
    expect(kept).not.toContain(b);
    await expectSame();
    // A row of a stale record never shows in a drill-down; its folded findings do.
    const report = await complianceReport(source(), request);
    for (const unit of report.units) {
      const page = await complianceFindings(source(), {
        ...request,
        unitIds: [unit.unitId],
        figure: 'detentions',
        limit: 200,
      });
      expect(sortFindings(page.findings)).toEqual(sortFindings(unit.detentions.findings));
    }
    await storeFinalFindings({
      database,
      store,
      settings: defaultCustodySettings(),
      now: NOW.toISOString(),
    });
    await countsKept(database);
    expect(await unstoredKept(database)).not.toContain(a);
    await expectSame();
  });
});

function decode(cursor: string) {
  const [t0, recordId, seq] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [
    string,
    string,
    number,
  ];
  return { t0, recordId, seq };
}
