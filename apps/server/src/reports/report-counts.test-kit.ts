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
  const { rows } = await sql<{
    unit_id: string;
    figure: string;
    t0: string;
    first_of_record: number | string;
  }>`SELECT unit_id, figure, t0, first_of_record FROM report_findings`.execute(database.db);
  const expected = new Map<string, { n: number; records: number }>();
  for (const row of rows) {
    const hour = Math.floor(Date.parse(row.t0) / HOUR);
    COUNT_SPANS.forEach((span, level) => {
      const key = `${String(level)}|${String(Math.floor(hour / span))}|${row.unit_id}|${row.figure}`;
      const c = expected.get(key) ?? { n: 0, records: 0 };
      expected.set(key, { n: c.n + 1, records: c.records + Number(row.first_of_record) });
    });
  }
  const kept = await sql<{
    level: number | string;
    block: number | string;
    unit_id: string;
    figure: string;
    n: number | string;
    records: number | string;
  }>`SELECT level, block, unit_id, figure, n, records FROM report_counts`.execute(database.db);
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
