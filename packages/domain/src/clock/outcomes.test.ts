import { describe, expect, test } from 'vitest';
import { hours, RecordBuilder } from './clock.fixture.ts';
import { obligations } from './obligations.ts';
import { recordClock } from './record-clock.ts';
import type { Obligation } from './types.ts';

const T0 = '2026-10-05T06:00:00.000Z';

function byId(list: Obligation[], id: string): Obligation {
  const o = list.find((x) => x.id === id);
  if (o === undefined) throw new Error(`no ${id} in ${list.map((x) => x.id).join(', ')}`);
  return o;
}

describe('final outcomes when custody ends (domain.md §4 "Outcomes at the end of custody")', () => {
  // КПК ст. 208: notice of suspicion served at 10 h, never brought before a court, released at 74 h 10 min.
  const late = new RecordBuilder(T0)
    .detained('ua_criminal_208')
    .delivered(30)
    .suspicion(hours(10))
    .released(hours(74) + 10);

  test('release after the 72 h limit (Конституція ст. 29; КПК ст. 211) is a breach, not "met"', () => {
    const list = obligations({ events: late.events, now: late.at(hours(75)) });
    const limit = byId(list, 'detention_limit_72h');
    expect(limit.outcome).toMatchObject({
      kind: 'breached',
      dueAt: '2026-10-08T06:00:00.000Z',
      at: late.at(hours(74) + 10),
      exceededMinutes: 130,
      afterMinutes: hours(74) + 10,
      limitMinutes: hours(72),
    });
    expect(limit.outcome?.text.uk).toBe(
      'порушено: звільнено через 74 год 10 хв, граничний строк 72 год',
    );
    expect(limit.outcome?.text.en).toBe('breached: released after 74 h 10 min, limit 72 h');
    // КПК ст. 211 ч. 2: release or court within 60 h, exceeded by 14 h 10 min.
    expect(byId(list, 'court_60h').outcome).toMatchObject({
      kind: 'breached',
      exceededMinutes: hours(14) + 10,
    });
    expect(byId(list, 'court_60h').outcome?.text.uk).toBe(
      'порушено: звільнено через 74 год 10 хв, строк 60 год',
    );
    // КПК ст. 278: the notice served at 10 h was in time.
    expect(byId(list, 'suspicion_notice_24h').outcome).toMatchObject({ kind: 'met' });
    expect(byId(list, 'suspicion_notice_24h').outcome?.text.uk).toBe(
      'вчасно: виконано через 10 год, строк 24 год',
    );
  });

  test('nothing runs after custody ends: twelve days later every outcome is the same', () => {
    const soon = obligations({ events: late.events, now: late.at(hours(75)) });
    const later = obligations({ events: late.events, now: late.at(hours(74 + 12 * 24)) });
    expect(later).toEqual(soon);
    expect(later.every((o) => o.outcome !== undefined)).toBe(true);
    // Cell checks never made before release are breaches by how long custody went on past them,
    // not by how long ago they fell due.
    const checks = later.filter((o) => o.kind === 'cell_check' && o.outcome?.kind === 'breached');
    expect(checks.length).toBeGreaterThan(0);
    for (const c of checks) {
      expect(Date.parse(c.outcome?.at ?? '')).toBe(Date.parse(late.at(hours(74) + 10)));
      expect(c.outcome?.exceededMinutes).toBeLessThanOrEqual(hours(74) + 10);
    }
    const clock = recordClock({ events: late.events, now: late.at(hours(74 + 12 * 24)) });
    expect(clock.mostUrgent).toBeUndefined();
    expect(clock.nextDue).toBeUndefined();
    expect(clock.overDetention).toBe(false);
  });

  test('release within 60 h complies with КПК ст. 211 ч. 2 (release or court), not a breach', () => {
    const b = new RecordBuilder(T0)
      .detained('ua_criminal_208')
      .delivered(30)
      .suspicion(hours(5))
      .released(hours(40));
    const list = obligations({ events: b.events, now: b.at(hours(100)) });
    expect(byId(list, 'court_60h').outcome).toMatchObject({ kind: 'met', afterMinutes: hours(40) });
    expect(byId(list, 'court_60h').outcome?.text.uk).toBe(
      'вчасно: звільнено через 40 год, строк 60 год',
    );
    expect(byId(list, 'court_60h').outcome?.text.en).toBe(
      'in time: released after 40 h, deadline 60 h',
    );
    expect(byId(list, 'detention_limit_72h').outcome?.kind).toBe('met');
    // No detention deadline is breached (notifications never made are, and stay, breaches).
    const detention = new Set(['suspicion_notice', 'court_appearance', 'detention_limit']);
    const judged = list.filter((o) => detention.has(o.kind));
    expect(judged.length).toBe(3);
    expect(judged.every((o) => o.outcome?.kind === 'met')).toBe(true);
    expect(byId(list, 'notification:relative').outcome?.kind).toBe('breached');
  });

  test('a deadline that would have fallen due after release ended before it fell due', () => {
    const b = new RecordBuilder(T0).detained('ua_criminal_208').delivered(30).released(hours(2));
    const list = obligations({ events: b.events, now: b.at(hours(30)) });
    // The suspicion notice was discharged by release in time (КПК ст. 278: "or release at once").
    expect(byId(list, 'suspicion_notice_24h').outcome?.kind).toBe('met');
    // A meal falling due after release: ended before due, neither met nor breached.
    const meal = list.find((o) => o.kind === 'meal' && o.status === 'not_applicable');
    expect(meal?.outcome?.kind).toBe('ended_before_due');
    expect(meal?.outcome?.text.en).toBe('custody ended before it fell due (released)');
  });

  test('a transfer ends custody the same way, and an active record has no outcomes yet', () => {
    const b = new RecordBuilder(T0)
      .detained('ua_criminal_208')
      .delivered(30)
      .transferred(hours(80));
    const list = obligations({ events: b.events, now: b.at(hours(90)) });
    expect(byId(list, 'detention_limit_72h').outcome?.text.uk).toBe(
      'порушено: передано через 80 год, граничний строк 72 год',
    );
    const active = new RecordBuilder(T0).detained('ua_criminal_208').delivered(30);
    expect(
      obligations({ events: active.events, now: active.at(hours(80)) }).some((o) => o.outcome),
    ).toBe(false);
  });
});
