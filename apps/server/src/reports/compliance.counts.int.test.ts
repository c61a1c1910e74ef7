import type {
  ComplianceCounts,
  ComplianceReport,
  FigureCount,
  ReportFigure,
  ReportFinding,
  UnitCompliance,
} from '@custody/contracts';
import { generateSignerKey, signerFromSkey } from '@custody/ledger';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/databases.ts';
import { listUnits } from '../accounts/units.ts';
import { migrate } from '../db/migrate.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { allMigrations } from '../ops/serve.ts';
import { defaultCustodySettings } from '../records/custody-deps.ts';
import { createEventStore, type EventStore } from '../store/index.ts';
import { complianceCounts, complianceFindings } from './compliance.counts.ts';
import { complianceReport, type ComplianceRequest } from './compliance.query.ts';
import { FIGURE_KEYS } from './record-findings.ts';
import { reportLimits, storeFinalFindings } from './stored-findings.ts';

const NOW = new Date('2025-03-01T10:00:00.000Z');
const ORIGIN = 'custody.counts-test/log';
const SLOW = { timeout: 300_000 };
const DAY = 24 * 3600 * 1000;

/** A figure of the whole report by its name in the counts answer (report-figures.ts). */
function figureOf(unit: UnitCompliance, name: string): ReportFigure | undefined {
  if (name === 'detentions') return unit.detentions;
  const [head, part] = name.split('.');
  if (head === 'notification') {
    const [, kind, bucket] = name.split('.');
    const n = unit.lateNotifications.find((x) => x.kind === kind);
    if (n === undefined) return undefined;
    return bucket === 'late' ? n.late : n.buckets[bucket as keyof typeof n.buckets];
  }
  if (part === undefined) return unit[head as 'lateEntries'];
  if (head === 'cellChecks') return unit.cellChecks[part as 'late'];
  return unit.breaches[head as 'court60h'][part as 'overdue'];
}

/** Every figure name the whole report holds for a unit. */
function namesOf(unit: UnitCompliance): string[] {
  return [
    'detentions',
    ...FIGURE_KEYS,
    ...unit.lateNotifications.flatMap((n) =>
      ['late', ...Object.keys(n.buckets)].map((b) => `notification.${n.kind}.${b}`),
    ),
  ];
}

/** The counts the whole report gives: what the counts answer must equal. */
function countsOfReport(
  report: ComplianceReport,
): Pick<ComplianceCounts, 'units' | 'detentionsPerDay'> {
  const days = new Map<string, number>();
  for (const u of report.units) {
    for (const d of u.detentionsPerDay) days.set(d.date, (days.get(d.date) ?? 0) + d.count);
  }
  return {
    units: report.units.map((u) => {
      const figures: Record<string, FigureCount> = {};
      for (const name of namesOf(u).sort()) {
        const f = figureOf(u, name);
        if (f !== undefined && f.count > 0) {
          figures[name] = { count: f.count, records: f.recordIds.length };
        }
      }
      return { unitId: u.unitId, figures };
    }),
    detentionsPerDay: [...days]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, count]) => ({ date, count })),
  };
}

const sortFindings = (list: readonly ReportFinding[]) =>
  [...list].map((f) => JSON.stringify(f, Object.keys(f).sort())).sort();

describe.each(DIALECTS)('compliance counts and drill-downs over the demo (%s)', (dialect) => {
  let database: TestDatabase;
  let store: EventStore;
  let request: ComplianceRequest;

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
    await migrate(database, allMigrations);
    const { skey } = generateSignerKey(ORIGIN);
    store = await createEventStore({ database, signer: signerFromSkey(skey), origin: ORIGIN });
    await seedDemo({ database, store }, { now: NOW, closed: dialect === 'sqlite' ? 120 : 60 });
    const settings = defaultCustodySettings();
    await storeFinalFindings({ database, store, settings, now: NOW.toISOString() });
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
