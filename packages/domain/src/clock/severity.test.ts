import { describe, expect, test } from 'vitest';
import { hours, RecordBuilder } from './clock.fixture.ts';
import { recordClock } from './record-clock.ts';
import { byUrgency, compareUrgency, mostUrgent, severityTier, type Rankable } from './severity.ts';

const T0 = '2026-11-01T08:00:00.000Z';
const ob = (
  id: string,
  kind: Rankable['kind'],
  status: Rankable['status'],
  dueHours: number,
  absolute?: boolean,
): Rankable => ({
  id,
  kind,
  status,
  dueAt: new Date(Date.parse(T0) + dueHours * 3_600_000).toISOString(),
  ...(absolute === undefined ? {} : { absolute }),
});

describe('severity by legal tier (domain.md §4 "Severity")', () => {
  test('tiers: absolute limits; court; suspicion notice; defender and notifications; interrogation; welfare', () => {
    expect(severityTier(ob('a', 'detention_limit', 'upcoming', 72, true))).toBe(1); // Конституція ст. 29; КПК ст. 211
    expect(severityTier(ob('a', 'administrative_delivery_stay', 'upcoming', 1))).toBe(1); // КУпАП ст. 259
    expect(severityTier(ob('c', 'court_appearance', 'upcoming', 60))).toBe(2); // КПК ст. 211 ч. 2
    expect(severityTier(ob('s', 'suspicion_notice', 'upcoming', 24))).toBe(3); // КПК ст. 278
    expect(severityTier(ob('n', 'notification', 'upcoming', 1))).toBe(4); // КПК ст. 213; CMU 1363
    expect(severityTier(ob('j', 'juvenile_defender', 'upcoming', 1))).toBe(4); // КПК ст. 490
    expect(severityTier(ob('i', 'interrogation_break', 'upcoming', 2))).toBe(5); // КПК ст. 224
    expect(severityTier(ob('r', 'rest', 'upcoming', 16))).toBe(6); // unit policy
    // Any absolute limit is tier 1 whatever its kind (e.g. a PACE limit with a court kind).
    expect(severityTier(ob('x', 'court_appearance', 'upcoming', 96, true))).toBe(1);
  });

  test('the demo case of issue 14: 72 h limit in warning and court 9 h overdue outrank an overdue rest', () => {
    const list = [
      ob('rest:1', 'rest', 'overdue', 16),
      ob('court_60h', 'court_appearance', 'overdue', 60),
      ob('detention_limit_72h', 'detention_limit', 'warning', 72, true),
    ];
    expect(byUrgency(list).map((o) => o.id)).toEqual([
      'detention_limit_72h',
      'court_60h',
      'rest:1',
    ]);
  });

  test('overdue beats warning within a tier; then the oldest breach first', () => {
    const list = [
      ob('notification:relative', 'notification', 'warning', 1),
      ob('notification:legal_aid_centre', 'notification', 'overdue', 2),
      ob('notification:consulate', 'notification', 'overdue', 1),
    ];
    expect(byUrgency(list).map((o) => o.id)).toEqual([
      'notification:consulate',
      'notification:legal_aid_centre',
      'notification:relative',
    ]);
  });

  test('an overdue welfare routine comes before a statutory deadline that does not press yet', () => {
    const check = ob('cell_check:next', 'cell_check', 'overdue', 1);
    const limit = ob('detention_limit_72h', 'detention_limit', 'upcoming', 72, true);
    expect(mostUrgent([limit, check])).toBe(check);
  });

  test('among upcoming deadlines the one that presses first (earliest warning point) leads', () => {
    const notice = {
      ...ob('suspicion_notice_24h', 'suspicion_notice', 'upcoming', 24),
      warnAt: T0,
    };
    const check = ob('cell_check:next', 'cell_check', 'upcoming', 1);
    expect(mostUrgent([check, notice])).toBe(notice);
    expect(compareUrgency(check, { ...notice, warnAt: ob('x', 'meal', 'upcoming', 5).dueAt })).toBe(
      -1,
    );
  });

  test('met and not-applicable deadlines are never the most urgent', () => {
    expect(
      mostUrgent([
        ob('court_60h', 'court_appearance', 'met', 60),
        ob('detention_limit_72h', 'detention_limit', 'not_applicable', 72, true),
      ]),
    ).toBeUndefined();
  });

  test('a record held 69 h on КПК ст. 208, no court, rest never given: the 72 h limit is shown', () => {
    const b = new RecordBuilder(T0).detained('ua_criminal_208').delivered(30).suspicion(hours(10));
    const clock = recordClock({ events: b.events, now: b.at(hours(69)) });
    expect(clock.mostUrgent?.id).toBe('detention_limit_72h');
    expect(clock.mostUrgent?.status).toBe('warning');
    // The next deadline to fall due is still reported separately.
    expect(clock.nextDue?.id).not.toBe(undefined);
    expect(clock.obligations.some((o) => o.kind === 'rest' && o.status === 'overdue')).toBe(true);
    expect(clock.obligations.find((o) => o.id === 'court_60h')?.status).toBe('overdue');
  });
});
