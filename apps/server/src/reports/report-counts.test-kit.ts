import type {
  ComplianceCounts,
  ComplianceReport,
  FigureCount,
  ReportFigure,
  UnitCompliance,
} from '@custody/contracts';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../db/database.ts';
import { readSnapshot } from '../db/snapshot.ts';
import { FIGURE_KEYS } from './record-findings.ts';
import { COUNT_SPANS } from './report-figures.ts';

/** A figure of the whole report by its name in the counts answer (report-figures.ts). */
export function figureOf(unit: UnitCompliance, name: string): ReportFigure | undefined {
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
export function namesOf(unit: UnitCompliance): string[] {
  return [
    'detentions',
    ...FIGURE_KEYS,
    ...unit.lateNotifications.flatMap((n) =>
      ['late', ...Object.keys(n.buckets)].map((b) => `notification.${n.kind}.${b}`),
    ),
  ];
}

/** The counts the whole report gives: what the counts answer must equal. */
export function countsOfReport(
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

const HOUR = 3600 * 1000;

/**
 * Asserts that `report_counts` holds exactly what `report_findings` gives now, block by block of
 * every span (report-figures.ts): the rows and the records among them per unit, figure and block;
 * a count taken down to zero may stay as a zero row.
 */
export async function countsKept(database: Database): Promise<number> {
  // One state of both tables: a background storing (a policy change's) may run meanwhile.
  const { rows, kept } = await readSnapshot(database, async (db) => ({
    rows: (
      await sql<{
        unit_id: string;
        figure: string;
        t0: string;
        first_of_record: number | string;
      }>`SELECT unit_id, figure, t0, first_of_record FROM report_findings`.execute(db)
    ).rows,
    kept: await sql<{
      level: number | string;
      block: number | string;
      unit_id: string;
      figure: string;
      n: number | string;
      records: number | string;
    }>`SELECT level, block, unit_id, figure, n, records FROM report_counts`.execute(db),
  }));
  const expected = new Map<string, { n: number; records: number }>();
  for (const row of rows) {
    const hour = Math.floor(Date.parse(row.t0) / HOUR);
    COUNT_SPANS.forEach((span, level) => {
      const key = `${String(level)}|${String(Math.floor(hour / span))}|${row.unit_id}|${row.figure}`;
      const c = expected.get(key) ?? { n: 0, records: 0 };
      expected.set(key, { n: c.n + 1, records: c.records + Number(row.first_of_record) });
    });
  }
  const actual = new Map<string, { n: number; records: number }>();
  for (const row of kept.rows) {
    const c = { n: Number(row.n), records: Number(row.records) };
    if (c.n === 0 && c.records === 0) continue;
    actual.set(`${String(row.level)}|${String(row.block)}|${row.unit_id}|${row.figure}`, c);
  }
  const sorted = (m: Map<string, unknown>) => [...m].sort(([a], [b]) => a.localeCompare(b));
  expect(sorted(actual)).toEqual(sorted(expected));
  return rows.length;
}

/**
 * Asserts that `report_unstored` holds exactly the records whose stored findings cannot be used
 * whatever the limits, worked out here from the three tables it is kept from: a summary without
 * a stored row, or whose row is of another version or unit, or saw another count of accepted
 * tablet entries. Returns them.
 */
export async function unstoredKept(database: Database): Promise<string[]> {
  const [summaries, findings, devices, kept] = await readSnapshot(database, (db) =>
    Promise.all([
      sql<{ record_id: string; unit_id: string; t0: string; version: number | string }>`
      SELECT record_id, unit_id, t0, version FROM record_summaries`.execute(db),
      sql<{
        record_id: string;
        unit_id: string | null;
        version: number | string;
        device_entries: number | string;
      }>`SELECT record_id, unit_id, version, device_entries FROM record_findings`.execute(db),
      sql<{ record_id: string; status: string }>`
      SELECT record_id, status FROM device_entries`.execute(db),
      sql<{
        record_id: string;
        unit_id: string;
        t0: string;
        version: number | string;
        stored: number | string;
      }>`SELECT record_id, unit_id, t0, version, stored FROM report_unstored`.execute(db),
    ]),
  );
  const stored = new Map(findings.rows.map((f) => [f.record_id, f]));
  const accepted = new Map<string, number>();
  for (const d of devices.rows) {
    if (d.status === 'accepted') accepted.set(d.record_id, (accepted.get(d.record_id) ?? 0) + 1);
  }
  const expected = summaries.rows.flatMap((s) => {
    const f = stored.get(s.record_id);
    const holds =
      f !== undefined &&
      Number(f.version) === Number(s.version) &&
      f.unit_id === s.unit_id &&
      Number(f.device_entries) === (accepted.get(s.record_id) ?? 0);
    if (holds) return [];
    const row = { unit: s.unit_id, t0: s.t0, version: Number(s.version), stored: f !== undefined };
    return [[s.record_id, row] as const];
  });
  const actual = kept.rows.map((u) => {
    const row = { unit: u.unit_id, t0: u.t0, version: Number(u.version), stored: Number(u.stored) };
    return [u.record_id, { ...row, stored: row.stored === 1 }] as const;
  });
  const sorted = <T>(list: readonly (readonly [string, T])[]) =>
    [...list].sort(([a], [b]) => a.localeCompare(b));
  expect(sorted(actual)).toEqual(sorted(expected));
  return expected.map(([id]) => id).sort();
}
