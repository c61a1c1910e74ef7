import type { Obligation, ObligationKind } from './types.ts';

/**
 * The legal weight of a deadline (domain.md §4 "Severity"), 1 the heaviest:
 * 1 over-detention and absolute limits (Конституція ст. 29; КПК ст. 211, 615; КУпАП ст. 259, 263;
 *   PACE s.41-44);
 * 2 court or judge (КПК ст. 191, 211 ч. 2; PACE s.40 reviews);
 * 3 notice of suspicion (КПК ст. 278), and the other notices owed to the detained person about
 *   the detention itself: rights and grounds explained without delay (Конституція ст. 29;
 *   КПК ст. 208 ч. 4; КУпАП ст. 261), delivery over 1 h explained (КПК ст. 210; КУпАП ст. 259);
 * 4 defender, legal aid and the notifications of §3.5 (КПК ст. 213, 490; CMU 1363; Vienna
 *   Convention art. 36), and the prosecutor's written notice (КУпАП ст. 263 ч. 2);
 * 5 interrogation limits (КПК ст. 224);
 * 6 welfare routines (cell checks, meals, rest: unit policy on Ukrainian profiles).
 */
export type SeverityTier = 1 | 2 | 3 | 4 | 5 | 6;

const TIER: Readonly<Record<ObligationKind, SeverityTier>> = {
  detention_limit: 1,
  administrative_delivery_stay: 1,
  court_appearance: 2,
  pace_review: 2,
  suspicion_notice: 3,
  rights_explained: 3,
  delivery_explanation: 3,
  notification: 4,
  juvenile_defender: 4,
  prosecutor_notice: 4,
  interrogation_break: 5,
  interrogation_daily: 5,
  cell_check: 6,
  meal: 6,
  rest: 6,
};

/** What the ranking reads of a deadline (a domain, API or whiteboard obligation all fit). */
export type Rankable = Pick<Obligation, 'id' | 'kind' | 'status' | 'dueAt'> & {
  warnAt?: string | null | undefined;
  absolute?: boolean | undefined;
  outcome?: { kind: string } | undefined;
};

/** The legal tier of a deadline; any absolute limit is tier 1 whatever its kind. */
export function severityTier(o: Rankable): SeverityTier {
  return o.absolute === true ? 1 : TIER[o.kind];
}

/** A deadline breached at the end of custody ranks as an overdue one: a breach stays a breach. */
const breached = (o: Rankable): boolean => o.outcome?.kind === 'breached';

function band(o: Rankable): number {
  if (breached(o)) return 0;
  switch (o.status) {
    case 'overdue':
    case 'warning':
      return 0;
    case 'upcoming':
      return 1;
    case 'met':
    case 'not_applicable':
      return 2;
  }
}

const dueMs = (o: Rankable): number =>
  o.dueAt === null ? Number.POSITIVE_INFINITY : Date.parse(o.dueAt);

const warnMs = (o: Rankable): number =>
  o.warnAt === null || o.warnAt === undefined ? dueMs(o) : Date.parse(o.warnAt);

/**
 * Most urgent first (domain.md §4 "Severity"). Deadlines that press (overdue or in warning) come
 * before those merely upcoming, and among them the legal tier decides: so an overdue welfare
 * routine (tier 6) never hides a statutory deadline that is overdue or in warning, while it does
 * come before a statutory deadline still days away. Within a tier overdue beats warning, then the
 * earlier due time (the oldest breach first). Once custody has ended, a deadline whose final outcome
 * is a breach ranks with the overdue ones, so documents list breaches first. Upcoming deadlines do not press yet: among them the
 * one whose warning point comes first (it will press first), then the tier, then the due time. Met
 * and not-applicable ones last. Ties break on the id, so the order is total and stable.
 */
export function compareUrgency(a: Rankable, b: Rankable): number {
  const byBand = band(a) - band(b);
  if (byBand !== 0) return byBand;
  if (a.status === 'upcoming') {
    const wa = warnMs(a);
    const wb = warnMs(b);
    if (wa !== wb) return wa < wb ? -1 : 1;
  }
  const byTier = severityTier(a) - severityTier(b);
  if (byTier !== 0) return byTier;
  if (band(a) === 0) {
    const overdue = (o: Rankable) => (o.status === 'overdue' || breached(o) ? 0 : 1);
    const byStatus = overdue(a) - overdue(b);
    if (byStatus !== 0) return byStatus;
  }
  const da = dueMs(a);
  const db = dueMs(b);
  if (da !== db) return da < db ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Whether a deadline is still open (upcoming, warning or overdue). */
export function isOpenObligation(o: Rankable): boolean {
  return o.status === 'upcoming' || o.status === 'warning' || o.status === 'overdue';
}

/**
 * The open deadline that ranks first by {@link compareUrgency}, or undefined when none is open.
 * Once custody has ended nothing runs: a deadline with a final outcome is never the most urgent.
 */
export function mostUrgent<O extends Rankable>(list: readonly O[]): O | undefined {
  let best: O | undefined;
  for (const o of list) {
    if (!isOpenObligation(o) || o.outcome !== undefined) continue;
    if (best === undefined || compareUrgency(o, best) < 0) best = o;
  }
  return best;
}

/** A copy of `list` sorted most urgent first. */
export function byUrgency<O extends Rankable>(list: readonly O[]): O[] {
  return [...list].sort(compareUrgency);
}
