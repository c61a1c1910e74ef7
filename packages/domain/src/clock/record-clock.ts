import type { ClockInput } from './obligations.ts';
import { obligations } from './obligations.ts';
import { mostUrgent } from './severity.ts';
import type { Obligation } from './types.ts';

/** The clock of one record in one line: what the whiteboard shows in colour. */
export type WorstStatus = 'ok' | 'warning' | 'overdue' | 'over_detention';

/** The clock of one record at `now`. */
export interface RecordClock {
  obligations: Obligation[];
  /** Past the absolute limit with no release, transfer or court decision (domain.md §4). */
  overDetention: boolean;
  overDetentionSince?: string;
  /** The open obligation that falls due first. */
  nextDue?: Obligation;
  /** The open obligation that ranks first by legal weight, then time (severity.ts, domain.md §4). */
  mostUrgent?: Obligation;
  worstStatus: WorstStatus;
  /** Martial-law conditions (КПК ст. 615) recorded by a supervisor apply to this record. */
  martialLaw: boolean;
}

/**
 * Summarises {@link obligations}: over-detention is an absolute limit (Конституція ст. 29 and
 * КПК ст. 211: 72 h; КПК ст. 615: 216 h; КУпАП ст. 263; PACE s.41-44) that is overdue, i.e. passed
 * with no release, transfer or court decision; it lasts until one of them is recorded.
 */
export function recordClock(input: ClockInput): RecordClock {
  return summarise(obligations(input));
}

/** {@link recordClock} over obligations already computed. */
export function summarise(list: Obligation[]): RecordClock {
  let breach: Obligation | undefined;
  let nextDue: Obligation | undefined;
  let overdue = false;
  let warning = false;
  let martialLaw = false;
  for (const o of list) {
    if (o.martialLaw === true && o.absolute === true) martialLaw = true;
    if (o.status === 'overdue') {
      overdue = true;
      if (o.absolute === true && (breach === undefined || earlier(o, breach))) breach = o;
    }
    if (o.status === 'warning') warning = true;
    if ((o.status === 'upcoming' || o.status === 'warning') && o.dueAt !== null) {
      if (nextDue === undefined || earlier(o, nextDue)) nextDue = o;
    }
  }
  const clock: RecordClock = {
    obligations: list,
    overDetention: breach !== undefined,
    worstStatus:
      breach !== undefined ? 'over_detention' : overdue ? 'overdue' : warning ? 'warning' : 'ok',
    martialLaw,
  };
  if (breach?.dueAt != null) clock.overDetentionSince = breach.dueAt;
  if (nextDue !== undefined) clock.nextDue = nextDue;
  const urgent = mostUrgent(list);
  if (urgent !== undefined) clock.mostUrgent = urgent;
  return clock;
}

function earlier(a: Obligation, b: Obligation): boolean {
  return (a.dueAt ?? '') < (b.dueAt ?? '');
}
