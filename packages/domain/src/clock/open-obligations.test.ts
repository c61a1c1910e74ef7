import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { LEGAL_PROFILES } from '../payloads/arrest.payloads.ts';
import { OBSERVATION_LEVELS } from '../payloads/health.payloads.ts';
import { NOTIFICATION_KINDS } from '../payloads/rights.payloads.ts';
import { hours, RecordBuilder } from './clock.fixture.ts';
import { foldFacts } from './facts.ts';
import { obligationsOfFacts } from './obligations.ts';
import { OPEN_STATUSES, openObligationsOfFacts, whiteboardClock } from './open-obligations.ts';
import { summarise, type RecordClock } from './record-clock.ts';
import { compareUrgency, severityTier } from './severity.ts';
import {
  DEFAULT_CLOCK_SETTINGS,
  resolveClockSettings,
  settingsAt,
  type ClockSettings,
  type ClockSettingsInput,
} from './settings.ts';
import { policyHistory, unitPolicyOf } from './unit-policy.ts';
import { toMs } from './time.ts';
import type { Obligation } from './types.ts';

const T0 = '2025-03-28T21:50:00.000Z'; // two days before Kyiv's clocks go forward

/** One entry of a random record: what happens and when, in minutes after T0 (any order). */
type Step =
  | { kind: 'delivered'; at: number; explained: boolean }
  | { kind: 'notified'; at: number; what: (typeof NOTIFICATION_KINDS)[number] }
  | { kind: 'rights'; at: number }
  | { kind: 'suspicion' | 'court' | 'released' | 'transferred' | 'protocol'; at: number }
  | { kind: 'martialLaw'; at: number; bySupervisor: boolean }
  | { kind: 'reclassified'; at: number; to: (typeof LEGAL_PROFILES)[number]; startsAt?: number }
  | {
      kind: 'interrogation';
      at: number;
      step: 'start' | 'pause' | 'resume' | 'end';
      defender: boolean;
    }
  | { kind: 'cellCheck'; at: number; roused: boolean }
  | { kind: 'meal'; at: number }
  | { kind: 'rest'; at: number; length: number; interrupted: boolean }
  | { kind: 'intoxicated'; at: number; value: boolean }
  | { kind: 'atRisk'; at: number; value: boolean }
  | { kind: 'observation'; at: number; level: (typeof OBSERVATION_LEVELS)[number] }
  | { kind: 'consular'; at: number; what: 'requested' | 'declined' }
  | {
      kind: 'pace';
      at: number;
      what: 'superintendent_extension' | 'warrant_of_further_detention' | 'warrant_extension';
      limit: number;
    }
  | { kind: 'paceReview'; at: number }
  | { kind: 'correction'; at: number; target: number; moveBy: number };

const at = fc.integer({ min: -60, max: hours(240) });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('delivered'),
    at: fc.integer({ min: 0, max: 180 }),
    explained: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('notified'), at, what: fc.constantFrom(...NOTIFICATION_KINDS) }),
  fc.record({ kind: fc.constant('rights'), at: fc.integer({ min: -30, max: 240 }) }),
  fc.record({
    kind: fc.constantFrom('suspicion', 'court', 'released', 'transferred', 'protocol'),
    at,
  }),
  fc.record({ kind: fc.constant('martialLaw'), at, bySupervisor: fc.boolean() }),
  fc.record(
    {
      kind: fc.constant('reclassified'),
      at,
      to: fc.constantFrom(...LEGAL_PROFILES),
      startsAt: fc.integer({ min: -120, max: 600 }),
    },
    { requiredKeys: ['kind', 'at', 'to'] },
  ),
  // Interrogations weigh more: their days and runs are the subtle part of the open mode.
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('interrogation'),
      at,
      step: fc.constantFrom('start', 'pause', 'resume', 'end'),
      defender: fc.boolean(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('cellCheck'), at, roused: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('meal'), at }) },
  fc.record({
    kind: fc.constant('rest'),
    at,
    length: fc.integer({ min: 60, max: hours(10) }),
    interrupted: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('intoxicated'), at, value: fc.boolean() }),
  fc.record({ kind: fc.constant('atRisk'), at, value: fc.boolean() }),
  fc.record({
    kind: fc.constant('observation'),
    at,
    level: fc.constantFrom(...OBSERVATION_LEVELS),
  }),
  fc.record({ kind: fc.constant('consular'), at, what: fc.constantFrom('requested', 'declined') }),
  fc.record({
    kind: fc.constant('pace'),
    at,
    what: fc.constantFrom(
      'superintendent_extension',
      'warrant_of_further_detention',
      'warrant_extension',
    ),
    limit: fc.integer({ min: 24, max: 96 }),
  }),
  fc.record({ kind: fc.constant('paceReview'), at }),
  fc.record({
    kind: fc.constant('correction'),
    at,
    target: fc.nat(),
    moveBy: fc.integer({ min: -hours(3), max: hours(3) }),
  }),
);

interface RandomRecord {
  profile: (typeof LEGAL_PROFILES)[number];
  juvenile: boolean;
  foreigner: boolean;
  steps: Step[];
}

const record: fc.Arbitrary<RandomRecord> = fc.record({
  // КПК ст. 208 more often: martial law (КПК ст. 615) applies to it alone.
  profile: fc.oneof(fc.constant('ua_criminal_208' as const), fc.constantFrom(...LEGAL_PROFILES)),
  juvenile: fc.boolean(),
  foreigner: fc.boolean(),
  steps: fc.array(step, { minLength: 1, maxLength: 60, size: 'max' }),
});

function build(r: RandomRecord): RecordBuilder {
  const b = new RecordBuilder(T0).detained(r.profile, {
    juvenile: r.juvenile,
    foreigner: r.foreigner,
  });
  for (const s of r.steps) {
    switch (s.kind) {
      case 'delivered':
        b.delivered(s.at, s.explained ? 'затор на дорозі' : undefined);
        break;
      case 'notified':
        b.notified(s.what, s.at);
        break;
      case 'rights':
        b.rightsExplained(s.at);
        break;
      case 'suspicion':
        b.suspicion(s.at);
        break;
      case 'court':
        b.court(s.at);
        break;
      case 'released':
        b.released(s.at);
        break;
      case 'transferred':
        b.transferred(s.at);
        break;
      case 'protocol':
        b.protocol(s.at);
        break;
      case 'martialLaw':
        b.martialLaw(s.at, s.bySupervisor ? 'supervisor' : 'custody_inspector');
        break;
      case 'reclassified':
        b.reclassified(s.at, s.to, s.startsAt === undefined ? undefined : b.at(s.startsAt));
        break;
      case 'interrogation':
        b.interrogation(s.step, s.at, s.defender);
        break;
      case 'cellCheck':
        b.cellCheck(s.at, s.roused);
        break;
      case 'meal':
        b.meal(s.at);
        break;
      case 'rest':
        b.rest(s.at, s.at + s.length, s.interrupted);
        break;
      case 'intoxicated':
        b.intoxicated(s.at, s.value);
        break;
      case 'atRisk':
        b.add('RiskAssessed', s.at, { atRisk: s.value, factors: [], summary: 'оцінка' });
        break;
      case 'observation':
        b.observation(s.at, s.level);
        break;
      case 'consular':
        b.consular(s.what, s.at);
        break;
      case 'pace':
        b.paceAuthorisation(s.at, s.what, s.limit);
        break;
      case 'paceReview':
        b.paceReview(s.at);
        break;
      case 'correction': {
        const target = b.events[s.target % b.events.length];
        if (target === undefined) break;
        b.add('EntryCorrected', s.at, {
          targetEventId: target.id,
          reason: 'час уточнено',
          correctedFields: {},
          correctedOccurredAt: new Date(toMs(target.occurredAt) + s.moveBy * 60_000).toISOString(),
        });
        break;
      }
    }
  }
  return b;
}

const plainSettings: fc.Arbitrary<ClockSettings> = fc.oneof(
  fc.constant(DEFAULT_CLOCK_SETTINGS),
  fc
    .record({
      cellCheckMinutes: fc.integer({ min: 15, max: 120 }),
      atRiskCellCheckMinutes: fc.integer({ min: 10, max: 60 }),
      mealIntervalMinutes: fc.integer({ min: 120, max: 480 }),
      restMinutes: fc.integer({ min: 240, max: 600 }),
      notificationOverdueMinutes: fc.integer({ min: 5, max: 120 }),
      rightsOverdueMinutes: fc.integer({ min: 10, max: 240 }),
      interrogationDailyMinutes: fc.integer({ min: 60, max: 600 }),
      interrogationContinuousMinutes: fc.integer({ min: 30, max: 240 }),
      timeZone: fc.constantFrom('Europe/Kyiv', 'Europe/London', 'UTC', 'America/New_York'),
    })
    .map((o) => resolveClockSettings(o)),
);

/** Settings, or a unit's policy changed once or more during the record (unit-policy.ts). */
const settings: fc.Arbitrary<ClockSettingsInput> = fc.oneof(
  { weight: 2, arbitrary: plainSettings },
  {
    weight: 1,
    arbitrary: fc
      .record({
        initial: plainSettings,
        changes: fc.array(
          fc.record({ at: fc.integer({ min: -60, max: hours(100) }), s: plainSettings }),
          { minLength: 1, maxLength: 3 },
        ),
      })
      .map(({ initial, changes }) =>
        policyHistory(
          initial,
          changes.map((c) => ({ from: toMs(T0) + c.at * 60_000, policy: unitPolicyOf(c.s) })),
        ),
      ),
  },
);

/** What the whiteboard reads of a record's clock (the row, its colour and its columns). */
function whiteboardView(clock: RecordClock) {
  const open = clock.obligations.filter((o) => OPEN_STATUSES.has(o.status));
  const soonest = (list: Obligation[]) =>
    list.slice().sort((a, b) => (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff'));
  return {
    open,
    nextDue: clock.nextDue,
    mostUrgent: clock.mostUrgent,
    worstStatus: clock.worstStatus,
    overDetention: clock.overDetention,
    overDetentionSince: clock.overDetentionSince,
    martialLaw: clock.martialLaw,
    outstandingNotifications: open.filter((o) => o.kind === 'notification').map((o) => o.id),
    nextCheckDueAt: soonest(open).find((o) => o.kind === 'cell_check')?.dueAt ?? null,
  };
}

describe('the whiteboard clock (open obligations only)', () => {
  test('gives what the full clock gives for the whiteboard, for random records and times', () => {
    const seen = {
      history: 0,
      overDetention: 0,
      martialLaw: 0,
      openInterrogation: 0,
      closed: 0,
      worst: new Set<string>(),
    };
    fc.assert(
      fc.property(record, settings, fc.integer({ min: -120, max: hours(300) }), (r, s, minutes) => {
        const b = build(r);
        const facts = foldFacts(b.events);
        const now = toMs(b.at(minutes));
        const full = summarise(obligationsOfFacts(facts, s, now));
        const fast = whiteboardClock(facts, s, now);
        expect(whiteboardView(fast)).toEqual(whiteboardView(full));
        // Nothing but open obligations, and every one of them, in the full clock's order.
        expect(fast.obligations).toEqual(
          full.obligations.filter((o) => OPEN_STATUSES.has(o.status)),
        );
        expect(openObligationsOfFacts(facts, s, now)).toEqual(fast.obligations);
        if (full.obligations.length > fast.obligations.length) seen.history++;
        if (full.overDetention) seen.overDetention++;
        if (full.martialLaw) seen.martialLaw++;
        if (fast.obligations.some((o) => o.kind === 'interrogation_daily')) {
          seen.openInterrogation++;
        }
        if (facts.closed !== undefined) seen.closed++;
        seen.worst.add(full.worstStatus);
      }),
      { seed: 20_250_330, numRuns: 800 },
    );
    // The random records reach the cases that matter, so the equality above is not vacuous.
    expect(seen.history).toBeGreaterThan(600);
    expect(seen.overDetention).toBeGreaterThan(100);
    expect(seen.martialLaw).toBeGreaterThan(100);
    expect(seen.openInterrogation).toBeGreaterThan(100);
    expect(seen.closed).toBeGreaterThan(100);
    expect([...seen.worst].sort()).toEqual(['ok', 'over_detention', 'overdue', 'warning']);
  });

  test('a record with a long history: only the next check, meal and rest are listed', () => {
    const b = new RecordBuilder('2025-06-10T05:00:00.000Z').detained().delivered(20);
    for (let m = 90; m < hours(30); m += 90) b.cellCheck(m);
    for (let m = hours(7); m < hours(30); m += hours(7)) b.meal(m);
    const facts = foldFacts(b.events);
    const now = toMs(b.at(hours(30)));
    const full = obligationsOfFacts(facts, undefined, now);
    const fast = whiteboardClock(facts, undefined, now);
    expect(full.filter((o) => o.kind === 'cell_check').length).toBeGreaterThan(15);
    expect(fast.obligations.filter((o) => o.kind === 'cell_check').map((o) => o.id)).toEqual([
      'cell_check:next',
    ]);
    expect(fast.obligations.filter((o) => o.kind === 'meal').map((o) => o.id)).toEqual([
      'meal:next',
    ]);
    expect(fast.obligations.every((o) => OPEN_STATUSES.has(o.status))).toBe(true);
  });
});

const WELFARE = new Set(['cell_check', 'meal', 'rest']);
const pressing = (o: Obligation) => o.status === 'overdue' || o.status === 'warning';

describe('severity (domain.md §4): the most urgent deadline of random records', () => {
  test('by legal weight, then time; welfare never hides a pressing statutory deadline', () => {
    const seen = { welfareOverdueWithStatutory: 0, tierOverWarning: 0, closed: 0 };
    fc.assert(
      fc.property(record, settings, fc.integer({ min: -120, max: hours(300) }), (r, s, minutes) => {
        const b = build(r);
        const facts = foldFacts(b.events);
        const now = toMs(b.at(minutes));
        const clock = summarise(obligationsOfFacts(facts, s, now));
        const open = clock.obligations.filter((o) => OPEN_STATUSES.has(o.status));
        const top = clock.mostUrgent;
        // Citations follow the jurisdiction: PACE is cited only where the record was under PACE.
        const pace =
          facts.detention?.profile === 'ew_pace' ||
          facts.reclassifications.some((x) => x.profile === 'ew_pace');
        if (!pace) {
          for (const o of clock.obligations) expect(o.basis.act.startsWith('PACE')).toBe(false);
        }
        if (facts.closed !== undefined) {
          // Custody has ended: nothing runs, every deadline has its final outcome (domain.md §4).
          seen.closed++;
          expect(top).toBeUndefined();
          expect(clock.nextDue).toBeUndefined();
          if (now >= facts.closed.at) {
            const later = obligationsOfFacts(facts, s, now + hours(500) * 60_000);
            expect(later).toEqual(clock.obligations);
          }
          for (const o of clock.obligations) {
            const kind = o.outcome?.kind;
            expect(kind).toBeDefined();
            const breached = o.status === 'overdue' || (o.status === 'met' && o.metLate === true);
            expect(kind === 'breached').toBe(breached);
            if (kind === 'breached') expect(o.outcome?.exceededMinutes).toBeGreaterThan(0);
            if (o.status === 'met' && o.metLate !== true) expect(kind).toBe('met');
            if (o.status === 'not_applicable') {
              expect(['ended_before_due', 'not_applicable']).toContain(kind);
            }
            if (o.outcome?.afterMinutes !== undefined && o.outcome.limitMinutes !== undefined) {
              if (kind === 'breached' && o.status === 'met') {
                expect(o.outcome.afterMinutes).toBeGreaterThanOrEqual(o.outcome.limitMinutes);
              }
              if (kind === 'met') {
                expect(o.outcome.afterMinutes).toBeLessThanOrEqual(o.outcome.limitMinutes);
              }
            }
          }
          return;
        }
        expect(clock.obligations.some((o) => o.outcome !== undefined)).toBe(false);
        if (open.length === 0) {
          expect(top).toBeUndefined();
          return;
        }
        expect(top).toBeDefined();
        if (top === undefined) return;
        // It is open, and no open deadline ranks before it.
        expect(OPEN_STATUSES.has(top.status)).toBe(true);
        for (const o of open) expect(compareUrgency(top, o)).toBeLessThanOrEqual(0);
        const statutoryPressing = open.filter((o) => pressing(o) && !WELFARE.has(o.kind));
        // An overdue welfare routine never hides an overdue or warning statutory deadline.
        if (statutoryPressing.length > 0) {
          expect(WELFARE.has(top.kind)).toBe(false);
          expect(pressing(top)).toBe(true);
          if (open.some((o) => WELFARE.has(o.kind) && o.status === 'overdue')) {
            seen.welfareOverdueWithStatutory++;
          }
        }
        // Something pressing always beats something merely upcoming.
        if (open.some(pressing)) expect(pressing(top)).toBe(true);
        // Within the top's tier, an overdue deadline beats one in warning.
        const tier = severityTier(top);
        const sameTier = open.filter((o) => pressing(o) && severityTier(o) === tier);
        if (sameTier.some((o) => o.status === 'overdue')) {
          expect(top.status).toBe('overdue');
          if (sameTier.some((o) => o.status === 'warning')) seen.tierOverWarning++;
        }
        // No deadline of a heavier tier presses while the top is of a lighter one.
        if (pressing(top)) {
          for (const o of open.filter(pressing)) {
            expect(severityTier(o)).toBeGreaterThanOrEqual(tier);
          }
        }
        // The whiteboard's clock agrees (checked field by field above); the order is total.
        const sorted = open.slice().sort(compareUrgency);
        expect(sorted[0]).toBe(top);
        for (let i = 1; i < sorted.length; i++) {
          const prev = sorted[i - 1];
          const cur = sorted[i];
          if (prev !== undefined && cur !== undefined) {
            expect(compareUrgency(prev, cur)).toBeLessThanOrEqual(0);
            expect(compareUrgency(cur, prev)).toBeGreaterThanOrEqual(0);
          }
        }
      }),
      { seed: 20_261_206, numRuns: 600 },
    );
    expect(seen.welfareOverdueWithStatutory).toBeGreaterThan(50);
    expect(seen.closed).toBeGreaterThan(50);
  });
});

describe('rights explained without delay (КПК ст. 208 ч. 4; КУпАП ст. 261) in random records', () => {
  test('owed from actual detention, open until recorded, tier 3, and final once custody ends', () => {
    const seen = { open: 0, overdueOpen: 0, metInTime: 0, metLate: 0, breachedUnmet: 0, ended: 0 };
    fc.assert(
      fc.property(record, settings, fc.integer({ min: -120, max: hours(300) }), (r, s, minutes) => {
        const b = build(r);
        const facts = foldFacts(b.events);
        const now = toMs(b.at(minutes));
        const clock = summarise(obligationsOfFacts(facts, s, now));
        const all = clock.obligations.filter((o) => o.kind === 'rights_explained');
        const detention = facts.detention;
        if (detention === undefined) return;
        expect(all).toHaveLength(1);
        const o = all[0];
        if (o === undefined) return;
        // The policy in force at actual detention, where the duty starts.
        const p = settingsAt(s, detention.at);
        const due = detention.at + p.rightsOverdueMinutes * 60_000;
        expect(o.dueAt).toBe(new Date(due).toISOString());
        expect(severityTier(o)).toBe(3);
        const explained = facts.rightsExplained;
        const closed = facts.closed;
        if (explained !== undefined) {
          expect(o.status).toBe('met');
          expect(o.metAt).toBe(new Date(explained.at).toISOString());
          expect(o.metLate).toBe(explained.at > due);
        } else if (closed === undefined) {
          const want =
            now > due
              ? 'overdue'
              : now >= Math.max(detention.at, due - p.notificationWarningMinutes * 60_000);
          expect(o.status).toBe(want === 'overdue' ? 'overdue' : want ? 'warning' : 'upcoming');
          // Shown until recorded: it is on the whiteboard, and nothing lighter hides it.
          expect(whiteboardClock(facts, s, now).obligations.map((x) => x.id)).toContain(
            'rights_explained',
          );
          seen.open++;
          if (o.status === 'overdue') {
            seen.overdueOpen++;
            const top = clock.mostUrgent;
            expect(top).toBeDefined();
            if (top !== undefined) expect(severityTier(top)).toBeLessThanOrEqual(3);
          }
        }
        if (closed === undefined) {
          expect(o.outcome).toBeUndefined();
          return;
        }
        // Final outcome, from the clock alone: a breach stays a breach.
        const outcome = o.outcome;
        expect(outcome).toBeDefined();
        if (outcome === undefined) return;
        if (explained !== undefined && explained.at <= due) {
          expect(outcome.kind).toBe('met');
          seen.metInTime++;
        } else if (explained !== undefined) {
          expect(outcome.kind).toBe('breached');
          expect(outcome.exceededMinutes).toBe(
            Math.max(1, Math.ceil((explained.at - due) / 60_000)),
          );
          seen.metLate++;
        } else if (due < closed.at) {
          expect(outcome.kind).toBe('breached');
          expect(outcome.exceededMinutes).toBe(Math.max(1, Math.ceil((closed.at - due) / 60_000)));
          expect(outcome.text.uk).toMatch(/^порушено: не виконано/);
          seen.breachedUnmet++;
        } else {
          expect(outcome.kind).toBe('ended_before_due');
          seen.ended++;
        }
      }),
      { seed: 20_261_207, numRuns: 600 },
    );
    expect(seen.open).toBeGreaterThan(30);
    expect(seen.overdueOpen).toBeGreaterThan(10);
    expect(seen.metInTime).toBeGreaterThan(10);
    expect(seen.metLate).toBeGreaterThan(10);
    expect(seen.breachedUnmet).toBeGreaterThan(10);
    expect(seen.ended).toBeGreaterThan(0);
  });
});
