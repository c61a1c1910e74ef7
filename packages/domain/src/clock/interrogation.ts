import type { At, RecordFacts, Segment } from './facts.ts';
import type { Draft, DraftMode } from './obligation.ts';
import { cite, explanationOf } from './obligation.ts';
import type { ClockSettings } from './settings.ts';
import { formatDuration, MINUTE_MS, startOfZonedDayMs, zonedDate } from './time.ts';
import type { LegalBasis } from './types.ts';

const ART_224: LegalBasis = { act: 'КПК', article: '224', part: '2' };
const ART_490: LegalBasis = { act: 'КПК', article: '490' };

/**
 * КПК ст. 224 ч. 2: an interrogation may not run more than 2 h without a break, nor more than 8 h
 * a day. One obligation per run between a start/resume and a pause/end, and one per calendar day
 * (in the unit's zone) with interrogation time. In `open` mode the runs already ended are left
 * out, and so are the days when no run is still going (a day's duty is met by its last run's end).
 */
export function interrogationDrafts(
  facts: RecordFacts,
  s: ClockSettings,
  now: number,
  mode: DraftMode = 'all',
): Draft[] {
  const drafts: Draft[] = [];
  let running = false;
  for (const interrogation of facts.interrogations) {
    for (const [n, segment] of interrogation.segments.entries()) {
      if (segment.end === undefined) running = true;
      else if (mode === 'open') continue;
      drafts.push(breakDraft(`interrogation_break:${interrogation.startEventId}:${n}`, segment, s));
    }
  }
  if (mode === 'all') drafts.push(...dailyDrafts(facts, s, now));
  else if (running) drafts.push(...dailyDrafts(facts, s, now).filter((d) => d.met === undefined));
  return drafts;
}

function breakDraft(id: string, segment: Segment, s: ClockSettings): Draft {
  const limit = s.interrogationContinuousMinutes;
  const due = segment.start.at + limit * MINUTE_MS;
  const draft: Draft = {
    id,
    kind: 'interrogation_break',
    due,
    warn: due - s.interrogationWarningMinutes * MINUTE_MS,
    basis: ART_224,
    explanation: explanationOf(`interrogation_break|${limit}`, () => ({
      uk: `Допит без перерви не довше ${formatDuration(limit, 'uk')} (${cite(ART_224, 'uk')})`,
      en: `An interrogation runs at most ${formatDuration(limit, 'en')} without a break (${cite(ART_224, 'en')})`,
    })),
  };
  if (segment.end !== undefined) draft.met = segment.end;
  return draft;
}

interface Run {
  from: number;
  to: number;
  /** The pause or end that closed the run, or the day boundary that cut it; absent while running. */
  end?: At;
}

function dailyDrafts(facts: RecordFacts, s: ClockSettings, now: number): Draft[] {
  const byDay = new Map<number, Run[]>();
  for (const interrogation of facts.interrogations) {
    for (const segment of interrogation.segments) {
      const to = segment.end?.at ?? Math.max(now, segment.start.at);
      splitByDay(segment.start.at, to, s.timeZone, (dayStart, from, until) => {
        const runs = byDay.get(dayStart) ?? [];
        const run: Run = { from, to: until };
        if (until < to) run.end = { at: until, eventId: segment.start.eventId };
        else if (segment.end !== undefined) run.end = segment.end;
        runs.push(run);
        byDay.set(dayStart, runs);
      });
    }
  }
  return [...byDay.entries()].map(([dayStart, runs]) => dailyDraft(dayStart, runs, s, now));
}

function splitByDay(
  from: number,
  to: number,
  timeZone: string,
  emit: (dayStart: number, from: number, to: number) => void,
): void {
  let start = from;
  while (start < to) {
    const dayStart = startOfZonedDayMs(start, timeZone);
    const nextDay = startOfZonedDayMs(dayStart + 25 * 60 * MINUTE_MS, timeZone);
    const until = Math.min(to, nextDay);
    emit(dayStart, start, until);
    start = until;
  }
  if (from === to) emit(startOfZonedDayMs(from, timeZone), from, to);
}

function dailyDraft(dayStart: number, runs: Run[], s: ClockSettings, now: number): Draft {
  const limit = s.interrogationDailyMinutes * MINUTE_MS;
  let total = 0;
  let crossed: number | null = null;
  for (const run of runs) {
    const length = run.to - run.from;
    if (crossed === null && total + length > limit) crossed = run.from + (limit - total);
    total += length;
  }
  const last = runs.at(-1);
  const running = last?.end === undefined;
  const due = crossed ?? (running ? now + (limit - total) : null);
  const day = zonedDate(dayStart, s.timeZone);
  // The day as people write it (the id keeps the ISO date): "04.12.2026", "04/12/2026".
  const [y, m, d] = day.split('-');
  const shown = { uk: `${d ?? ''}.${m ?? ''}.${y ?? ''}`, en: `${d ?? ''}/${m ?? ''}/${y ?? ''}` };
  const draft: Draft = {
    id: `interrogation_daily:${day}`,
    kind: 'interrogation_daily',
    due,
    warn: due === null ? null : due - s.interrogationWarningMinutes * MINUTE_MS,
    basis: ART_224,
    explanation: {
      uk: `Допит не довше ${formatDuration(s.interrogationDailyMinutes, 'uk')} на день, ${shown.uk} (${cite(ART_224, 'uk')}); вже ${formatDuration(Math.round(total / MINUTE_MS), 'uk')}`,
      en: `Interrogation at most ${formatDuration(s.interrogationDailyMinutes, 'en')} a day, ${shown.en} (${cite(ART_224, 'en')}); so far ${formatDuration(Math.round(total / MINUTE_MS), 'en')}`,
    },
  };
  if (last?.end !== undefined) draft.met = last.end;
  return draft;
}

const DEFENDER_FROM_THE_START = Object.freeze({
  uk: `Неповнолітнього допитують лише за участі захисника, з початку допиту (${cite(ART_490, 'uk')})`,
  en: `A juvenile is interrogated only with a defender present from the start (${cite(ART_490, 'en')})`,
});

/**
 * КПК ст. 490 (with ст. 52): a juvenile is interrogated only with a defender present, from the
 * start of each run. Before any interrogation the duty is shown without a time.
 */
export function juvenileDefenderDrafts(facts: RecordFacts): Draft[] {
  if (facts.detention?.juvenile !== true) return [];
  const base = {
    kind: 'juvenile_defender' as const,
    warn: null,
    basis: ART_490,
    explanation: DEFENDER_FROM_THE_START,
  };
  if (facts.interrogations.length === 0) {
    return [{ ...base, id: 'juvenile_defender', due: null }];
  }
  return facts.interrogations.map((interrogation) => {
    const first = interrogation.segments[0];
    const without = interrogation.segments.find((seg) => !seg.defenderPresent);
    const due = (without ?? first)?.start.at ?? null;
    const draft: Draft = { ...base, id: `juvenile_defender:${interrogation.startEventId}`, due };
    if (without === undefined && first !== undefined) draft.met = first.start;
    return draft;
  });
}
