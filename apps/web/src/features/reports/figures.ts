import type { ComplianceCounts } from '@custody/contracts';
import { zonedDate } from '@custody/domain';
import { startOfDay } from '../record/time.ts';

/**
 * What a figure of the dashboard is made of: per unit, a figure of the counts answer
 * (`GET /reports/compliance/counts`) and how often it occurs there. Its findings are loaded a
 * page at a time when the drill-down opens it (`GET /reports/compliance/findings`).
 */
export interface Part {
  readonly unitId: string;
  readonly figure: string;
  readonly count: number;
}

/** A figure of the dashboard: what it counts and the parts behind it (drill-down). */
export interface Bar {
  readonly key: string;
  readonly count: number;
  readonly parts: readonly Part[];
}

/** The parts of every unit whose figures `match`, largest first. */
export function partsOf(counts: ComplianceCounts, match: (figure: string) => boolean): Part[] {
  return counts.units
    .flatMap((u) =>
      Object.entries(u.figures)
        .filter(([figure, c]) => match(figure) && c.count > 0)
        .map(([figure, c]) => ({ unitId: u.unitId, figure, count: c.count })),
    )
    .sort((a, b) => b.count - a.count || a.unitId.localeCompare(b.unitId));
}

function barOf(key: string, parts: readonly Part[]): Bar {
  return { key, count: parts.reduce((n, p) => n + p.count, 0), parts };
}

/**
 * Detentions per day over every unit, by date (YYYY-MM-DD, each unit's days in its own zone),
 * oldest first. A day's parts are asked for when it is opened (the counts of that day).
 */
export function detentionsPerDay(counts: ComplianceCounts): Bar[] {
  return counts.detentionsPerDay.map((d) => ({ key: d.date, count: d.count, parts: [] }));
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

const DEADLINES = ['suspicionNotice24h', 'court60h', 'limit72h', 'otherLimits'] as const;
const isDeadline = (kind: string): kind is (typeof DEADLINES)[number] =>
  (DEADLINES as readonly string[]).includes(kind);

/** The figures of the counts answer a breach kind is made of. */
function breachFigure(kind: BreachKind): (figure: string) => boolean {
  if (kind === 'lateNotifications') return (f) => /^notification\.[^.]+\.late$/.test(f);
  if (isDeadline(kind)) return (f) => f === `${kind}.metLate` || f === `${kind}.overdue`;
  if (kind === 'cellChecksLate') return (f) => f === 'cellChecks.late';
  if (kind === 'cellChecksMissed') return (f) => f === 'cellChecks.missed';
  return (f) => f === kind;
}

/**
 * Breaches by kind over every unit (domain.md §7): a deadline counts when it was met late or is
 * still overdue; a notification when it was made after the overdue point or never.
 */
export function breachesByKind(counts: ComplianceCounts): Bar[] {
  return BREACH_KINDS.map((kind) => barOf(kind, partsOf(counts, breachFigure(kind))));
}

export const DELAY_BUCKETS = ['within30m', 'within1h', 'within3h', 'over3h', 'never'] as const;

/** Notification delays after actual detention, every kind and unit together, as histogram buckets. */
export function notificationDelays(counts: ComplianceCounts): Bar[] {
  return DELAY_BUCKETS.map((bucket) =>
    barOf(
      bucket,
      partsOf(counts, (f) => f.startsWith('notification.') && f.endsWith(`.${bucket}`)),
    ),
  );
}

/** Late entries (recorded past the limit after they occurred, domain.md §3) per unit. */
export function lateEntriesByUnit(counts: ComplianceCounts): Bar[] {
  return counts.units.map((u) =>
    barOf(
      u.unitId,
      partsOf({ ...counts, units: [u] }, (f) => f === 'lateEntries'),
    ),
  );
}

/** The headline numbers: detentions, breaches, late notifications and late entries. */
export function totals(
  counts: ComplianceCounts,
): Record<'detentions' | 'breaches' | 'lateNotifications' | 'lateEntries', Bar> {
  const breach = BREACH_KINDS.map(breachFigure);
  return {
    detentions: barOf(
      'detentions',
      partsOf(counts, (f) => f === 'detentions'),
    ),
    breaches: barOf(
      'breaches',
      partsOf(counts, (f) => breach.some((m) => m(f))),
    ),
    lateNotifications: barOf(
      'lateNotifications',
      partsOf(counts, breachFigure('lateNotifications')),
    ),
    lateEntries: barOf(
      'lateEntries',
      partsOf(counts, (f) => f === 'lateEntries'),
    ),
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
  const to = zonedDate(now, timeZone);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY).toISOString().slice(0, 10);
  return { from, to };
}
