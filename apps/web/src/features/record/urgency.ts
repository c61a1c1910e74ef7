import type { BoardObligation, WorstStatus } from '@custody/contracts';
import type { DeadlineStatus } from '../../ui/index.ts';
import { obligationStatus, rowStatus } from './status.ts';

/**
 * How pressing an open deadline is, most pressing first (domain.md §4): an absolute limit already
 * passed (over-detention), then any other overdue deadline, then one past its warning point, then
 * one still upcoming. Met and not-applicable deadlines come last. (A record page's obligations
 * and a whiteboard's, which carry no explanation, are both `BoardObligation`s.)
 */
function rank(o: BoardObligation): number {
  switch (o.status) {
    case 'overdue':
      return o.absolute === true ? 0 : 1;
    case 'warning':
      return 2;
    case 'upcoming':
      return 3;
    case 'met':
    case 'not_applicable':
      return 4;
  }
}

/** Sorts deadlines by urgency; within a rank the earliest due time first (overdue: oldest first). */
export function byUrgency(a: BoardObligation, b: BoardObligation): number {
  const r = rank(a) - rank(b);
  if (r !== 0) return r;
  // A deadline without a due time cannot be counted down: it goes after those that can.
  const due = (o: BoardObligation) =>
    o.dueAt === null ? Number.POSITIVE_INFINITY : Date.parse(o.dueAt);
  const d = due(a) - due(b);
  return Number.isNaN(d) || d === 0 ? a.id.localeCompare(b.id) : d;
}

/** Whether a deadline is still open (upcoming, warning or overdue). */
export function isOpen(o: BoardObligation): boolean {
  return o.status === 'upcoming' || o.status === 'warning' || o.status === 'overdue';
}

/**
 * The deadline a record's "next deadline" shows: the most urgent open one, not merely the next to
 * fall due, so that an overdue notification is not hidden behind an upcoming meal. Undefined when
 * nothing is open.
 */
export function mostUrgent<O extends BoardObligation>(obligations: readonly O[]): O | undefined {
  return obligations.filter(isOpen).sort(byUrgency)[0];
}

const SEVERITY: Readonly<Record<DeadlineStatus, number>> = {
  ok: 0,
  warning: 1,
  overdue: 2,
  'over-detention': 3,
};

/**
 * The colour of a record's row: the status of the deadline it shows, or the record's own worst
 * status from the server when that is worse (so an over-detention is never shown milder than it
 * is). With the server's obligations both are the same, and the colour agrees with the deadline.
 */
export function urgentStatus(
  shown: BoardObligation | undefined,
  worst: WorstStatus,
): DeadlineStatus {
  const record = rowStatus(worst);
  if (!shown) return record;
  const deadline = obligationStatus(shown.status, shown.absolute ?? false);
  return SEVERITY[record] > SEVERITY[deadline] ? record : deadline;
}
