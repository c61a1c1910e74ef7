import type { BoardObligation, ObligationStatus, WorstStatus } from '@custody/contracts';
import { byUrgency } from '@custody/domain';
import type { DeadlineStatus } from '../../ui/index.ts';

/** The whiteboard colour of a record: past the absolute limit is over-detention (domain.md §4). */
export function rowStatus(worst: WorstStatus): DeadlineStatus {
  switch (worst) {
    case 'ok':
      return 'ok';
    case 'warning':
      return 'warning';
    case 'overdue':
      return 'overdue';
    case 'over_detention':
      return 'over-detention';
  }
}

/** The badge of one deadline; an absolute limit that is overdue is over-detention. */
export function obligationStatus(status: ObligationStatus, absolute = false): DeadlineStatus {
  switch (status) {
    case 'upcoming':
    case 'met':
    case 'not_applicable':
      return 'ok';
    case 'warning':
      return 'warning';
    case 'overdue':
      return absolute ? 'over-detention' : 'overdue';
  }
}

const SEVERITY: Readonly<Record<DeadlineStatus, number>> = {
  ok: 0,
  warning: 1,
  overdue: 2,
  'over-detention': 3,
};

/**
 * The colour of a record's row: the status of the deadline it shows (the server's `mostUrgent`,
 * ranked by the domain), or the record's own worst status when that is worse (an overdue welfare
 * routine behind a statutory deadline in warning still colours the row overdue, and an
 * over-detention is never shown milder than it is).
 */
export function urgentStatus(
  shown: BoardObligation | null | undefined,
  worst: WorstStatus,
): DeadlineStatus {
  const record = rowStatus(worst);
  if (!shown) return record;
  const deadline = obligationStatus(shown.status, shown.absolute ?? false);
  return SEVERITY[record] > SEVERITY[deadline] ? record : deadline;
}

/** The badge of one deadline, from the deadline itself. */
function ownStatus(o: BoardObligation): DeadlineStatus {
  return obligationStatus(o.status, o.absolute ?? false);
}

/**
 * The deadline that makes a row worse than the deadline it shows, or undefined when the shown one
 * is as bad as the row. The row shows the deadline the domain ranks first (legal weight, then
 * time): a 72-hour limit in warning ranks before an overdue cell check, yet the row is overdue.
 * So that the row's badge never names a state its shown deadline is not in, the row also shows
 * this one: of the deadlines in the row's state, the first by the same ranking (domain
 * severity.ts).
 */
export function worseThanShown(
  obligations: readonly BoardObligation[],
  shown: BoardObligation | null | undefined,
  worst: WorstStatus,
): BoardObligation | undefined {
  const status = urgentStatus(shown, worst);
  if (status === 'ok' || (shown && ownStatus(shown) === status)) return undefined;
  return byUrgency(obligations).find((o) => o.id !== shown?.id && ownStatus(o) === status);
}
