import type { CustodyEvent } from '../envelope.ts';
import type { RecordFacts } from './facts.ts';
import { foldFacts } from './facts.ts';
import { interrogationDrafts, juvenileDefenderDrafts } from './interrogation.ts';
import { deliveryDraft, notificationDrafts, rightsDraft } from './notifications.ts';
import type { Draft, DraftMode } from './obligation.ts';
import { finalize } from './obligation.ts';
import { pacePeriodDrafts } from './pace.ts';
import type { ClockSettingsInput } from './settings.ts';
import { DEFAULT_CLOCK_SETTINGS, settingsAt } from './settings.ts';
import { profilePeriods, uaPeriodDrafts } from './statutory.ts';
import { toMs } from './time.ts';
import type { Obligation } from './types.ts';
import { cellCheckDrafts, mealDrafts, restDrafts } from './welfare.ts';

/** Input of the legal clock: one record's events, the unit's settings and the present instant. */
export interface ClockInput {
  events: readonly CustodyEvent[];
  /** The unit's settings, or their history when its policy changed (see unit-policy.ts). */
  settings?: ClockSettingsInput;
  /** ISO-8601 instant; the clock never reads the system time itself. */
  now: string;
}

/**
 * The drafts of every rule, in a fixed order. In `open` mode the rules that repeat (cell checks,
 * meals, rest, PACE reviews, interrogation runs and days) leave out what an event already met.
 * Settings that changed over time apply as the unit's policy says (domain.md §4): a welfare
 * routine's interval takes the policy in force when that interval started; the rights and
 * notification delays, which run from actual detention, the policy in force at detention.
 */
export function drafts(
  facts: RecordFacts,
  settings: ClockSettingsInput,
  now: number,
  mode: DraftMode = 'all',
): Draft[] {
  const policy = (at: number) => settingsAt(settings, at);
  const s = policy(facts.detention?.at ?? now);
  // Nothing runs after custody ends: an interrogation left open is counted up to the end only.
  if (facts.closed !== undefined && facts.closed.at < now) now = facts.closed.at;
  const all: Draft[] = [];
  for (const period of profilePeriods(facts)) {
    all.push(
      ...(period.profile === 'ew_pace'
        ? pacePeriodDrafts(period, facts, mode)
        : uaPeriodDrafts(period, facts)),
    );
  }
  all.push(
    ...deliveryDraft(facts, s),
    ...rightsDraft(facts, s),
    ...notificationDrafts(facts, s),
    ...interrogationDrafts(facts, s, now, mode),
    ...juvenileDefenderDrafts(facts),
    ...cellCheckDrafts(facts, policy, mode),
    ...mealDrafts(facts, policy, mode),
    ...restDrafts(facts, policy, mode),
  );
  return all;
}

/**
 * Every deadline of one custody record at `now` (domain.md §4): the profile comes from
 * DetentionRecorded and any DetentionReclassified, overlays from the juvenile and foreigner
 * flags, recorded martial-law conditions (КПК ст. 615), intoxication and risk. Pure: the same
 * input gives the same output. Welfare obligations only report; they never block an entry.
 */
export function obligations(input: ClockInput): Obligation[] {
  return obligationsOfFacts(foldFacts(input.events), input.settings, toMs(input.now));
}

/** {@link obligations} over facts already folded (the whiteboard keeps them per record). */
export function obligationsOfFacts(
  facts: RecordFacts,
  settings: ClockSettingsInput = DEFAULT_CLOCK_SETTINGS,
  now: number,
): Obligation[] {
  return drafts(facts, settings, now).map((d) => finalize(d, now, facts.closed));
}
