import type { RecordFacts } from './facts.ts';
import { finalize, statusOf } from './obligation.ts';
import { drafts } from './obligations.ts';
import type { RecordClock } from './record-clock.ts';
import { summarise } from './record-clock.ts';
import type { ClockSettingsInput } from './settings.ts';
import { DEFAULT_CLOCK_SETTINGS } from './settings.ts';
import type { Obligation, ObligationStatus } from './types.ts';

/** The statuses a duty officer still has to act on; everything else is history. */
export const OPEN_STATUSES: ReadonlySet<ObligationStatus> = new Set([
  'upcoming',
  'warning',
  'overdue',
]);

/**
 * The open obligations of one record at `now` (upcoming, warning or overdue): exactly what
 * `obligationsOfFacts(...)` filtered to those statuses gives, in the same order, without building
 * the record's history (every past cell check, meal and interrogation run). Pure.
 */
export function openObligationsOfFacts(
  facts: RecordFacts,
  settings: ClockSettingsInput = DEFAULT_CLOCK_SETTINGS,
  now: number,
): Obligation[] {
  return openClock(facts, settings, now).open;
}

/**
 * The clock of one record as the whiteboard shows it: {@link summarise} of the full obligations
 * (status, over-detention, next deadline, martial law) with only the open obligations listed.
 * The record page and reports keep using the full `obligationsOfFacts` / `recordClock`.
 */
export function whiteboardClock(
  facts: RecordFacts,
  settings: ClockSettingsInput = DEFAULT_CLOCK_SETTINGS,
  now: number,
): RecordClock {
  const { open, martialLaw } = openClock(facts, settings, now);
  const clock = summarise(open);
  // Martial law shows on a superseded (not applicable) limit too, so it is read from every draft.
  clock.martialLaw = martialLaw;
  return clock;
}

function openClock(
  facts: RecordFacts,
  settings: ClockSettingsInput,
  now: number,
): { open: Obligation[]; martialLaw: boolean } {
  const closedAt = facts.closed?.at;
  const open: Obligation[] = [];
  let martialLaw = false;
  for (const d of drafts(facts, settings, now, 'open')) {
    if (d.martialLaw === true && d.absolute === true) martialLaw = true;
    if (OPEN_STATUSES.has(statusOf(d, now, closedAt))) open.push(finalize(d, now, facts.closed));
  }
  return { open, martialLaw };
}
