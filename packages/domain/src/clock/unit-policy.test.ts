import { describe, expect, test } from 'vitest';
import { hours, RecordBuilder } from './clock.fixture.ts';
import { cite } from './obligation.ts';
import { obligations } from './obligations.ts';
import { DEFAULT_CLOCK_SETTINGS, settingsAt } from './settings.ts';
import { toMs } from './time.ts';
import type { Obligation } from './types.ts';
import {
  policyHistory,
  UNIT_POLICY_KEYS,
  unitPolicyBasis,
  unitPolicyOf,
  unitPolicyPatchSchema,
  unitPolicySchema,
} from './unit-policy.ts';

const T0 = '2026-09-14T07:00:00.000Z';
const byId = (list: Obligation[], id: string) => list.find((o) => o.id === id);
const base = DEFAULT_CLOCK_SETTINGS;

describe('unit policy: the figures no Ukrainian act sets (domain.md §4)', () => {
  test('holds the welfare, rights and notification figures, never a statutory limit', () => {
    expect(UNIT_POLICY_KEYS).toEqual([
      'cellCheckMinutes',
      'atRiskCellCheckMinutes',
      'cellCheckWarningMinutes',
      'mealIntervalMinutes',
      'restMinutes',
      'restWindowMinutes',
      'welfareWarningMinutes',
      'rightsOverdueMinutes',
      'notificationOverdueMinutes',
      'notificationEscalateMinutes',
      'notificationWarningMinutes',
    ]);
    // КПК ст. 224 (2 h / 8 h), the installation's zone and late-entry limit are not the unit's.
    for (const k of [
      'interrogationContinuousMinutes',
      'interrogationDailyMinutes',
      'timeZone',
      'lateEntryMinutes',
      'deliveryExplanationMinutes',
    ]) {
      expect(UNIT_POLICY_KEYS as string[]).not.toContain(k);
    }
    expect(unitPolicySchema.safeParse(unitPolicyOf(base)).success).toBe(true);
  });

  test('a figure out of its range, or contradicting another, is refused', () => {
    const ok = unitPolicyOf(base);
    const issues = (p: unknown) =>
      unitPolicySchema.safeParse(p).error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(issues({ ...ok, cellCheckMinutes: 4 })).toContain('cellCheckMinutes');
    expect(issues({ ...ok, cellCheckMinutes: 241 })).toEqual(['cellCheckMinutes']);
    expect(issues({ ...ok, cellCheckMinutes: 30.5 })).toEqual(['cellCheckMinutes']);
    expect(issues({ ...ok, atRiskCellCheckMinutes: 45, cellCheckMinutes: 40 })).toEqual([
      'atRiskCellCheckMinutes',
    ]);
    expect(issues({ ...ok, atRiskCellCheckMinutes: 30, cellCheckMinutes: 30 })).toEqual([]);
    expect(issues({ ...ok, restMinutes: 720, restWindowMinutes: 720 })).toEqual(['restMinutes']);
    expect(issues({ ...ok, notificationEscalateMinutes: 30 })).toEqual([
      'notificationOverdueMinutes',
    ]);
    expect(issues({ ...ok, interrogationDailyMinutes: 600 })).toEqual(['']);
    expect(unitPolicyPatchSchema.safeParse({}).success).toBe(false);
    expect(unitPolicyPatchSchema.safeParse({ timeZone: 'UTC' }).success).toBe(false);
    expect(unitPolicyPatchSchema.safeParse({ cellCheckMinutes: 30 }).success).toBe(true);
  });

  test('each figure is labelled unit policy, modelled on Code C where it follows it', () => {
    expect(cite(unitPolicyBasis('cellCheckMinutes'), 'en')).toBe(
      'unit policy, modelled on PACE Code C 9.3',
    );
    expect(cite(unitPolicyBasis('cellCheckMinutes'), 'uk')).toBe(
      'політика підрозділу; за зразком англійського Кодексу практики C, п. 9.3',
    );
    expect(cite(unitPolicyBasis('mealIntervalMinutes'), 'en')).toBe(
      'unit policy, modelled on PACE Code C 8.6',
    );
    expect(cite(unitPolicyBasis('rightsOverdueMinutes'), 'uk')).toBe('політика підрозділу');
    expect(cite(unitPolicyBasis('notificationOverdueMinutes'), 'en')).toBe('unit policy');
  });
});

describe('a change of policy during a record: each interval takes the policy in force when it started', () => {
  const change = (b: RecordBuilder, minutes: number, policy: Partial<typeof base>) =>
    policyHistory(base, [
      { from: toMs(b.at(minutes)), policy: { ...unitPolicyOf(base), ...policy } },
    ]);

  test('cell checks: the interval running at the change keeps 60 min, the next one is 30', () => {
    const b = new RecordBuilder(T0).detained().delivered(20).cellCheck(70);
    const settings = change(b, 100, { cellCheckMinutes: 30, cellCheckWarningMinutes: 5 });
    expect(settingsAt(settings, toMs(b.at(99))).cellCheckMinutes).toBe(60);
    expect(settingsAt(settings, toMs(b.at(100))).cellCheckMinutes).toBe(30);
    let next = byId(obligations({ events: b.events, settings, now: b.at(110) }), 'cell_check:next');
    expect(next?.dueAt).toBe(b.at(130));
    expect(next?.warnAt).toBe(b.at(120));
    expect(next?.explanation.en).toContain('every 1 h');
    b.cellCheck(125);
    next = byId(obligations({ events: b.events, settings, now: b.at(126) }), 'cell_check:next');
    expect(next?.dueAt).toBe(b.at(155));
    expect(next?.warnAt).toBe(b.at(150));
    expect(next?.explanation.en).toContain('every 30 min');
    expect(next?.basis).toEqual({ act: 'unit policy', article: 'PACE Code C 9.3' });
  });

  test('a breach under the old policy stays a breach after the policy is relaxed', () => {
    const b = new RecordBuilder(T0).detained().delivered(20).cellCheck(110);
    const relaxed = change(b, 120, { cellCheckMinutes: 120 });
    const list = obligations({ events: b.events, settings: relaxed, now: b.at(130) });
    expect(byId(list, `cell_check:${b.events.at(-1)?.id ?? ''}`)).toMatchObject({
      status: 'met',
      metLate: true,
      dueAt: b.at(80),
    });
    // The check at 110 started its interval before the change: 60 min, due at 170.
    expect(byId(list, 'cell_check:next')?.dueAt).toBe(b.at(170));
  });

  test('meals and rest follow the policy in force when their interval began', () => {
    const b = new RecordBuilder(T0).detained().delivered(20).meal(200);
    const settings = change(b, 300, { mealIntervalMinutes: 240 });
    let list = obligations({ events: b.events, settings, now: b.at(310) });
    expect(byId(list, 'meal:next')?.dueAt).toBe(b.at(200 + 360));
    b.meal(400);
    list = obligations({ events: b.events, settings, now: b.at(410) });
    expect(byId(list, 'meal:next')?.dueAt).toBe(b.at(400 + 240));
    expect(byId(list, 'meal:next')?.explanation.uk).toContain('кожні 4 год');
  });

  test('rights and notifications run from actual detention: the policy in force then', () => {
    const before = new RecordBuilder(T0).detained().delivered(20);
    const settings = change(before, 30, {
      rightsOverdueMinutes: 30,
      notificationOverdueMinutes: 15,
    });
    const old = obligations({ events: before.events, settings, now: before.at(40) });
    expect(byId(old, 'rights_explained')?.dueAt).toBe(before.at(60));
    expect(byId(old, 'notification:relative')?.dueAt).toBe(before.at(30));
    const after = new RecordBuilder(before.at(45)).detained().delivered(10);
    const fresh = obligations({ events: after.events, settings, now: after.at(5) });
    expect(byId(fresh, 'rights_explained')?.dueAt).toBe(after.at(30));
    expect(byId(fresh, 'rights_explained')?.explanation.en).toContain('overdue after 30 min');
    expect(byId(fresh, 'notification:relative')?.dueAt).toBe(after.at(15));
  });

  test('statutory limits do not move, whatever the policy', () => {
    const b = new RecordBuilder(T0).detained().delivered(20);
    const settings = change(b, 0, { cellCheckMinutes: 15, cellCheckWarningMinutes: 5 });
    const list = obligations({ events: b.events, settings, now: b.at(hours(1)) });
    const plain = obligations({ events: b.events, now: b.at(hours(1)) });
    for (const id of ['suspicion_notice_24h', 'court_60h', 'detention_limit_72h']) {
      expect(byId(list, id)?.dueAt).toBe(byId(plain, id)?.dueAt);
    }
    expect(byId(list, 'cell_check:next')?.dueAt).toBe(b.at(35));
  });
});
