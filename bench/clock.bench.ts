import { pathToFileURL } from 'node:url';
import type { CustodyEvent } from '../packages/domain/src/index.ts';
import { hours, RecordBuilder } from '../packages/domain/src/clock/clock.fixture.ts';
import {
  foldFacts,
  obligations,
  obligationsOfFacts,
  summarise,
  whiteboardClock,
} from '../packages/domain/src/clock/index.ts';
import { median, result, type BenchResult } from './result.ts';

const RECORDS = 200;
const NOW = '2025-06-12T05:00:00.000Z';

/** One active record of about 60 events over its first 40 hours. */
function activeRecord(i: number): CustodyEvent[] {
  const t0 = new Date(Date.parse('2025-06-10T12:00:00.000Z') + i * 7 * 60_000).toISOString();
  const profile = i % 10 === 0 ? 'ua_administrative' : i % 25 === 1 ? 'ew_pace' : 'ua_criminal_208';
  const b = new RecordBuilder(t0).detained(profile, {
    juvenile: i % 13 === 0,
    foreigner: i % 17 === 0,
  });
  b.delivered(35).notified('legal_aid_centre', 20).notified('relative', 40);
  if (i % 10 === 0) b.reclassified(hours(2), 'ua_criminal_208');
  if (i % 7 === 0) b.martialLaw(hours(5));
  b.intoxicated(40).suspicion(hours(20));
  b.interrogation('start', hours(3)).interrogation('pause', hours(4.5));
  b.interrogation('resume', hours(5)).interrogation('end', hours(6));
  b.rest(hours(8), hours(16)).intoxicated(hours(6), false);
  // Checks every 25 min while intoxicated (first 6 h), then every 55 min; a meal about every 6 h.
  for (let m = 60; b.events.length < 60; m += m < hours(6) ? 25 : 55) {
    if (m % 360 < 55 && m > hours(6)) b.meal(m);
    else b.cellCheck(m, true);
  }
  return b.events;
}

/** The plain fold every projection does anyway: each event's time read, state replaced. */
function plainFold(events: readonly CustodyEvent[]): number {
  let state = { count: 0, last: 0, types: 0 };
  for (const e of events) {
    state = {
      count: state.count + 1,
      last: Date.parse(e.occurredAt),
      types: state.types ^ e.type.length,
    };
  }
  return state.last + state.count + state.types;
}

function time(runs: number, fn: () => unknown): number {
  const samples: number[] = [];
  let sink = 0;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const out = fn();
    samples.push(performance.now() - start);
    sink += typeof out === 'number' ? out : 1;
  }
  if (sink === -1) console.log(sink);
  return median(samples);
}

/**
 * The legal clock of 200 active records (about 60 events each); the budget for a unit's
 * whiteboard is well under 10 ms. Baseline: a plain fold over the same events in the same run.
 *
 * - full: every obligation of every record from its events (the record page and reports);
 * - whiteboard from events: fold, then only the open obligations and the record's status;
 * - whiteboard over cached facts: what `GET /units/:id/whiteboard` computes per request, the
 *   server keeping each record's facts per stream version (records/record-cache.ts);
 * - full over cached facts: the same request as it was before the open-only path (for comparison).
 */
export async function run(): Promise<BenchResult[]> {
  const records = Array.from({ length: RECORDS }, (_, i) => activeRecord(i));
  const nowMs = Date.parse(NOW);
  const full = () => records.reduce((n, events) => n + obligations({ events, now: NOW }).length, 0);
  const fromEvents = () =>
    records.reduce(
      (n, events) => n + whiteboardClock(foldFacts(events), undefined, nowMs).obligations.length,
      0,
    );
  const facts = records.map((events) => foldFacts(events));
  const cached = () =>
    facts.reduce((n, f) => n + whiteboardClock(f, undefined, nowMs).obligations.length, 0);
  const cachedFull = () =>
    facts.reduce(
      (n, f) => n + summarise(obligationsOfFacts(f, undefined, nowMs)).obligations.length,
      0,
    );
  const fold = () => records.reduce((n, events) => n + plainFold(events), 0);
  for (let w = 0; w < 30; w++) {
    full();
    fromEvents();
    cached();
    cachedFull();
    fold();
  }
  const fullMs = time(100, full);
  const fromEventsMs = time(100, fromEvents);
  const cachedMs = time(100, cached);
  const cachedFullMs = time(100, cachedFull);
  const foldMs = time(100, fold);
  const events = records.reduce((n, e) => n + e.length, 0);
  const of = `${RECORDS} records`;
  return Promise.resolve([
    result(`clock: all obligations for ${of} (${events} events)`, fullMs, 'ms', foldMs),
    result(`clock: whiteboard of ${of} from events (fold + open)`, fromEventsMs, 'ms', foldMs),
    result(`clock: whiteboard of ${of} over cached facts`, cachedMs, 'ms', foldMs),
    result(`clock: all obligations of ${of} over cached facts`, cachedFullMs, 'ms', foldMs),
  ]);
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  for (const r of await run()) {
    console.log(
      `${r.name}: ${r.value.toFixed(3)} ${r.unit} (baseline ${r.baseline.toFixed(3)}, ratio ${r.ratio.toFixed(1)})`,
    );
  }
}
