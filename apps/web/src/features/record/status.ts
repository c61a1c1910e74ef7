import type { BoardObligation, ObligationStatus, WorstStatus } from '@custody/contracts';
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
