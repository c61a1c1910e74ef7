import { describe, expect, test } from 'vitest';
import { hours, RecordBuilder } from './clock.fixture.ts';
import { obligations } from './obligations.ts';
import { PROFILES } from './profiles.ts';
import { clockSettingsSchema, DEFAULT_CLOCK_SETTINGS, resolveClockSettings } from './settings.ts';

describe('clock settings', () => {
  test('the defaults of domain.md §4 validate', () => {
    expect(clockSettingsSchema.parse(DEFAULT_CLOCK_SETTINGS)).toEqual(DEFAULT_CLOCK_SETTINGS);
    expect(DEFAULT_CLOCK_SETTINGS).toMatchObject({
      cellCheckMinutes: 60,
      atRiskCellCheckMinutes: 30,
      cellCheckWarningMinutes: 10,
      mealIntervalMinutes: 360,
      restMinutes: 480,
      notificationOverdueMinutes: 30,
      notificationEscalateMinutes: 180,
      deliveryExplanationMinutes: 60,
      interrogationContinuousMinutes: 120,
      interrogationDailyMinutes: 480,
      lateEntryMinutes: 15,
      timeZone: 'Europe/Kyiv',
    });
  });

  test.each([
    [{ cellCheckMinutes: 0 }],
    [{ cellCheckMinutes: 1.5 }],
    [{ timeZone: 'Europe/Atlantis' }],
    [{ unknownSetting: 1 }],
  ])('rejects %j', (overrides) => {
    expect(() => resolveClockSettings(overrides)).toThrow();
  });

  test('a unit override changes the deadline it governs', () => {
    const settings = resolveClockSettings({ cellCheckMinutes: 45 });
    const b = new RecordBuilder('2025-06-10T05:00:00.000Z').detained().delivered(0);
    const next = obligations({ events: b.events, settings, now: b.at(1) }).find(
      (o) => o.id === 'cell_check:next',
    );
    expect(next?.dueAt).toBe(b.at(45));
  });
});

describe('profiles as data', () => {
  test.each(Object.values(PROFILES).flatMap((p) => p.rules.map((r) => [p.id, r.id, r] as const)))(
    '%s %s: warning before the deadline, basis cited',
    (_profile, _id, rule) => {
      expect(rule.warnOffsetMinutes).toBeLessThan(rule.offsetMinutes);
      expect(rule.basis.article).not.toBe('');
      expect(rule.requirement.uk).not.toBe(rule.requirement.en);
    },
  );

  test('explanations carry the numbers of the rule', () => {
    const b = new RecordBuilder('2025-06-10T05:00:00.000Z').detained().delivered(0);
    const limit = obligations({ events: b.events, now: b.at(1) }).find(
      (o) => o.id === 'detention_limit_72h',
    );
    expect(limit?.explanation.uk).toContain(
      '72 год від фактичного затримання (Конституція ст. 29 ч. 3)',
    );
    expect(limit?.explanation.en).toContain('72 h from actual detention (Constitution art. 29(3))');
  });
});

describe('PACE extensions and reviews', () => {
  const pace = () => new RecordBuilder('2025-06-10T05:00:00.000Z').detained('ew_pace').delivered(0);

  test('a superintendent cannot authorise beyond 36 h (s.42)', () => {
    // The schema allows up to 96 h for any kind; the clock caps by the authority.
    const b = pace().paceAuthorisation(hours(20), 'superintendent_extension', 48);
    const limit = obligations({ events: b.events, now: b.at(hours(21)) }).find(
      (o) => o.id === 'pace_limit',
    );
    expect(limit).toMatchObject({ dueAt: b.at(hours(36)), basis: { act: 'PACE', article: '42' } });
  });

  test('reviews every 9 h after the first, none after a warrant', () => {
    const b = pace().paceReview(hours(6)).paceReview(hours(15));
    const next = () =>
      obligations({ events: b.events, now: b.at(hours(16)) }).find(
        (o) => o.id === 'pace_review:next',
      );
    expect(next()).toMatchObject({ dueAt: b.at(hours(24)), status: 'upcoming' });
    b.paceAuthorisation(hours(20), 'warrant_of_further_detention', 72);
    expect(next()?.status).toBe('not_applicable');
  });

  test('relevant time is 24 h after arrest when arrival is later (s.41(2)(d))', () => {
    const b = new RecordBuilder('2025-06-10T05:00:00.000Z')
      .detained('ew_pace')
      .delivered(hours(30));
    const limit = obligations({ events: b.events, now: b.at(hours(31)) }).find(
      (o) => o.id === 'pace_limit',
    );
    expect(limit?.dueAt).toBe(b.at(hours(48)));
  });
});
