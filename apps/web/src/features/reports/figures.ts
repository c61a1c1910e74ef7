import type {
  ComplianceReport,
  DelayBuckets,
  ReportFigure,
  UnitCompliance,
} from '@custody/contracts';
import { localDate, startOfDay } from '../record/time.ts';

/** A figure of the dashboard: what it counts and the records behind it (drill-down). */
export interface Bar {
  readonly key: string;
  readonly count: number;
  readonly figure: ReportFigure;
}

export const EMPTY_FIGURE: ReportFigure = { count: 0, recordIds: [], findings: [] };

/** Sums figures: counts added, distinct records merged and sorted, occurrences concatenated. */
export function mergeFigures(figures: readonly ReportFigure[]): ReportFigure {
  const ids = new Set<string>();
  for (const f of figures) for (const id of f.recordIds) ids.add(id);
  return {
    count: figures.reduce((n, f) => n + f.count, 0),
    recordIds: [...ids].sort(),
    findings: figures.flatMap((f) => f.findings),
  };
}

/**
 * Detentions per day over every unit, by date (YYYY-MM-DD as the server dates them: in its own
 * configured zone, CUSTODY_TIME_ZONE, not each unit's), oldest first.
 */
export function detentionsPerDay(report: ComplianceReport): Bar[] {
  const days = new Map<string, { count: number; ids: Set<string> }>();
  for (const unit of report.units) {
    for (const d of unit.detentionsPerDay) {
      const day = days.get(d.date) ?? { count: 0, ids: new Set<string>() };
      day.count += d.count;
      for (const id of d.recordIds) day.ids.add(id);
      days.set(d.date, day);
    }
  }
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, d]) => ({
      key: date,
      count: d.count,
      figure: { count: d.count, recordIds: [...d.ids].sort(), findings: [] },
    }));
}

/** The kinds of breach of domain.md §7 the dashboard counts, in the order it shows them. */
export const BREACH_KINDS = [
  'lateRegistrations',
  'lateNotifications',
  'rightsExplainedLate',
  'suspicionNotice24h',
  'court60h',
  'limit72h',
  'otherLimits',
  'overDetentions',
  'cellChecksLate',
  'cellChecksMissed',
  'deliveryDelays',
  'juvenilesWithoutDefender',
  'forceWithoutEntry',
] as const;
export type BreachKind = (typeof BREACH_KINDS)[number];

function breachOf(unit: UnitCompliance, kind: BreachKind): ReportFigure {
  const deadline = (d: { metLate: ReportFigure; overdue: ReportFigure }): ReportFigure =>
    mergeFigures([d.metLate, d.overdue]);
  switch (kind) {
    case 'lateRegistrations':
      return unit.lateRegistrations;
    case 'lateNotifications':
      return mergeFigures(unit.lateNotifications.map((n) => n.late));
    case 'suspicionNotice24h':
    case 'court60h':
    case 'limit72h':
    case 'otherLimits':
      return deadline(unit.breaches[kind]);
    case 'overDetentions':
      return unit.overDetentions;
    case 'rightsExplainedLate':
      return unit.rightsExplainedLate;
    case 'cellChecksLate':
      return unit.cellChecks.late;
    case 'cellChecksMissed':
      return unit.cellChecks.missed;
    case 'deliveryDelays':
      return unit.deliveryDelays;
    case 'juvenilesWithoutDefender':
      return unit.juvenilesWithoutDefender;
    case 'forceWithoutEntry':
      return unit.forceWithoutEntry;
  }
}

/**
 * Breaches by kind over every unit (domain.md §7): a deadline counts when it was met late or is
 * still overdue; a notification when it was made after the overdue point or never.
 */
export function breachesByKind(report: ComplianceReport): Bar[] {
  return BREACH_KINDS.map((kind) => {
    const figure = mergeFigures(report.units.map((u) => breachOf(u, kind)));
    return { key: kind, count: figure.count, figure };
  });
}

export const DELAY_BUCKETS = ['within30m', 'within1h', 'within3h', 'over3h', 'never'] as const;

/** Notification delays after actual detention, every kind and unit together, as histogram buckets. */
export function notificationDelays(report: ComplianceReport): Bar[] {
  const all = report.units.flatMap((u) => u.lateNotifications.map((n) => n.buckets));
  return DELAY_BUCKETS.map((bucket) => {
    const figure = mergeFigures(all.map((b: DelayBuckets) => b[bucket]));
    return { key: bucket, count: figure.count, figure };
  });
}

/** Late entries (recorded past the limit after they occurred, domain.md §3) per unit. */
export function lateEntriesByUnit(report: ComplianceReport): Bar[] {
  return report.units.map((u) => ({
    key: u.unitId,
    count: u.lateEntries.count,
    figure: u.lateEntries,
  }));
}

/** The headline numbers: detentions, breaches, late notifications and late entries. */
export function totals(
  report: ComplianceReport,
): Record<'detentions' | 'breaches' | 'lateNotifications' | 'lateEntries', ReportFigure> {
  const breaches = breachesByKind(report).map((b) => b.figure);
  return {
    detentions: mergeFigures(report.units.map((u) => u.detentions)),
    breaches: mergeFigures(breaches),
    lateNotifications: mergeFigures(
      report.units.flatMap((u) => u.lateNotifications.map((n) => n.late)),
    ),
    lateEntries: mergeFigures(report.units.map((u) => u.lateEntries)),
  };
}

const DAY = 24 * 3600 * 1000;
/** The longest period the server reports on (ComplianceQuery): 366 days. */
const MAX_PERIOD = 366 * DAY;

/** The calendar date after a YYYY-MM-DD date, or undefined when it is not one. */
function nextDate(date: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) ? undefined : new Date(ms + DAY).toISOString().slice(0, 10);
}

/**
 * `[from, to)` of the whole days `from` to `to` (inclusive) as the clock of `timeZone` counts them
 * (a day in Kyiv starts at 22:00 or 21:00 UTC), or null if invalid or longer than 366 days.
 */
export function periodOf(
  from: string,
  to: string,
  timeZone: string,
): { from: string; to: string } | null {
  const after = nextDate(to);
  const start = nextDate(from) === undefined ? undefined : startOfDay(from, timeZone);
  const end = after === undefined ? undefined : startOfDay(after, timeZone);
  if (start === undefined || end === undefined) return null;
  const length = Date.parse(end) - Date.parse(start);
  if (length <= 0 || length > MAX_PERIOD) return null;
  return { from: start, to: end };
}

/**
 * The zone whose days the dashboard counts: the chosen unit's; for every unit, theirs when they
 * share one, else `fallback` (the server's default zone).
 */
export function periodZone(
  unitId: string,
  units: readonly { readonly id: string; readonly timeZone: string }[],
  fallback: string,
): string {
  if (unitId) return units.find((u) => u.id === unitId)?.timeZone ?? fallback;
  const zones = new Set(units.map((u) => u.timeZone));
  const [only] = zones;
  return zones.size === 1 && only !== undefined ? only : fallback;
}

/** The default period: the 30 days ending today, as dates on the clock of `timeZone`. */
export function lastThirtyDays(now: number, timeZone: string): { from: string; to: string } {
  const to = localDate(now, timeZone);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY).toISOString().slice(0, 10);
  return { from, to };
}
