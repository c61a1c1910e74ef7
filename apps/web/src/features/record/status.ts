import type { ObligationStatus, WorstStatus } from '@custody/contracts';
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
