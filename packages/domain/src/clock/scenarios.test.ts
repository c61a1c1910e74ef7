import { describe, expect, test } from 'vitest';
import { hours, RecordBuilder } from './clock.fixture.ts';
import { severityTier } from './severity.ts';
import { obligations } from './obligations.ts';
import { recordClock } from './record-clock.ts';
import { formatInZone } from './time.ts';
import type { Obligation } from './types.ts';

function byId(list: Obligation[], id: string): Obligation {
  const o = list.find((x) => x.id === id);
  if (o === undefined) throw new Error(`no ${id} in ${list.map((x) => x.id).join(', ')}`);
  return o;
}

describe('a juvenile foreigner detained under КПК ст. 208 at 23:50 on the night the clocks change', () => {
  // 2025-03-30 03:00 EET → 04:00 EEST in Kyiv; 23:50 on the 29th is 21:50Z.
  const b = new RecordBuilder('2025-03-29T21:50:00.000Z')
    .detained('ua_criminal_208', { juvenile: true, foreigner: true })
    .delivered(40)
    .notified('legal_aid_centre', 20)
    .notified('parents_guardians', 50)
    .consular('requested', 70);
  const list = obligations({ events: b.events, now: b.at(hours(3) + 1) });

  test('every deadline is elapsed time from T0, whatever the wall clock did', () => {
    expect(byId(list, 'suspicion_notice_24h').dueAt).toBe('2025-03-30T21:50:00.000Z');
    expect(byId(list, 'court_60h').dueAt).toBe('2025-04-01T09:50:00.000Z');
    expect(byId(list, 'detention_limit_72h').dueAt).toBe('2025-04-01T21:50:00.000Z');
  });

  test('the 72 h deadline shows an hour later on the wall clock (23:50 → 00:50)', () => {
    expect(formatInZone(b.t0)).toBe('29.03.2025, 23:50 GMT+2');
    expect(formatInZone('2025-04-01T21:50:00.000Z')).toBe('02.04.2025, 00:50 GMT+3');
  });

  test('juvenile and foreigner overlays: who is notified, and how late', () => {
    expect(byId(list, 'notification:legal_aid_centre')).toMatchObject({
      status: 'met',
      metLate: false,
    });
    expect(byId(list, 'notification:parents_guardians')).toMatchObject({
      status: 'met',
      metLate: true,
    });
    expect(byId(list, 'notification:relative').status).toBe('overdue');
    expect(byId(list, 'notification:guardianship_authority')).toMatchObject({
      status: 'overdue',
      escalateAt: b.at(hours(3)),
    });
    expect(byId(list, 'notification:consulate')).toMatchObject({
      status: 'overdue',
      dueAt: b.at(100),
      basis: { act: 'Vienna Convention', article: '36' },
    });
    expect(byId(list, 'juvenile_defender')).toMatchObject({ status: 'upcoming', dueAt: null });
  });

  test('a juvenile interrogated without a defender is a breach that stays after release', () => {
    const c = new RecordBuilder(b.t0).detained('ua_criminal_208', { juvenile: true });
    c.interrogation('start', 120, false).interrogation('end', 150).released(200);
    const after = obligations({ events: c.events, now: c.at(300) });
    const duty = after.find((o) => o.kind === 'juvenile_defender');
    expect(duty).toMatchObject({ status: 'overdue', dueAt: c.at(120) });
  });

  test('a juvenile interrogated with a defender present meets the duty', () => {
    const c = new RecordBuilder(b.t0).detained('ua_criminal_208', { juvenile: true });
    c.interrogation('start', 120, true).interrogation('end', 150);
    const duty = obligations({ events: c.events, now: c.at(300) }).find(
      (o) => o.kind === 'juvenile_defender',
    );
    expect(duty).toMatchObject({ status: 'met', metAt: c.at(120), metLate: false });
  });
});

describe('daylight saving: 72 h of elapsed time across each change', () => {
  test.each([
    [
      'spring (03:00 → 04:00)',
      '2025-03-29T06:00:00.000Z',
      '29.03.2025, 08:00 GMT+2',
      '01.04.2025, 09:00 GMT+3',
    ],
    [
      'autumn (04:00 → 03:00)',
      '2025-10-25T05:00:00.000Z',
      '25.10.2025, 08:00 GMT+3',
      '28.10.2025, 07:00 GMT+2',
    ],
  ])('%s', (_label, t0, shownT0, shownDue) => {
    const b = new RecordBuilder(t0).detained().delivered(20);
    const limit = byId(obligations({ events: b.events, now: t0 }), 'detention_limit_72h');
    expect(limit.dueAt).toBe(new Date(Date.parse(t0) + 72 * 3_600_000).toISOString());
    expect(formatInZone(t0)).toBe(shownT0);
    expect(formatInZone(limit.dueAt ?? '')).toBe(shownDue);
  });

  test('detained at 02:30 on the autumn night: 01:00Z is the second 03:00', () => {
    expect(formatInZone('2025-10-26T00:30:00.000Z')).toBe('26.10.2025, 03:30 GMT+3');
    expect(formatInZone('2025-10-26T01:30:00.000Z')).toBe('26.10.2025, 03:30 GMT+2');
  });

  test('English display', () => {
    expect(formatInZone('2025-04-01T21:50:00.000Z', 'Europe/Kyiv', 'en-GB')).toBe(
      '02/04/2025, 00:50 EEST',
    );
  });
});

describe('administrative detention that becomes criminal', () => {
  const base = () =>
    new RecordBuilder('2025-06-10T05:00:00.000Z').detained('ua_administrative').delivered(20);

  test('reclassified in time: the 3 h limit is met, the criminal clock counts from actual detention', () => {
    const b = base().reclassified(hours(2), 'ua_criminal_208');
    const clock = recordClock({ events: b.events, now: b.at(hours(5)) });
    expect(byId(clock.obligations, 'administrative_limit_3h')).toMatchObject({
      status: 'met',
      metLate: false,
    });
    expect(byId(clock.obligations, 'suspicion_notice_24h')).toMatchObject({
      status: 'upcoming',
      dueAt: b.at(hours(24)),
    });
    expect(byId(clock.obligations, 'detention_limit_72h').dueAt).toBe(b.at(hours(72)));
    expect(clock.overDetention).toBe(false);
  });

  test('reclassified after the 3 h limit: breach recorded as met late, over-detention ends', () => {
    const b = base();
    expect(recordClock({ events: b.events, now: b.at(hours(3.5)) })).toMatchObject({
      overDetention: true,
      overDetentionSince: b.at(20 + hours(3)),
    });
    b.reclassified(hours(4), 'ua_criminal_208');
    const clock = recordClock({ events: b.events, now: b.at(hours(4) + 1) });
    expect(byId(clock.obligations, 'administrative_limit_3h')).toMatchObject({
      status: 'met',
      metLate: true,
    });
    expect(clock.overDetention).toBe(false);
  });

  test('a stated clockStartsAt moves T0 of the new profile', () => {
    const b = base();
    b.reclassified(hours(2), 'ua_criminal_208', b.at(60));
    const list = obligations({ events: b.events, now: b.at(hours(3)) });
    expect(byId(list, 'suspicion_notice_24h').dueAt).toBe(b.at(60 + hours(24)));
  });
});

describe('martial law (КПК ст. 615)', () => {
  const detained = () => new RecordBuilder('2025-06-10T05:00:00.000Z').detained().delivered(20);

  test('recorded at hour 70: no over-detention at 72 h, over-detention after 216 h', () => {
    const b = detained().court(hours(300));
    b.events.pop();
    b.martialLaw(hours(70));
    const at72 = recordClock({ events: b.events, now: b.at(hours(72) + 1) });
    expect(at72.overDetention).toBe(false);
    expect(at72.martialLaw).toBe(true);
    expect(byId(at72.obligations, 'detention_limit_72h').status).toBe('not_applicable');
    // The 60 h had already passed when the conditions were recorded: that stays visible.
    expect(byId(at72.obligations, 'court_60h')).toMatchObject({
      status: 'overdue',
      martialLaw: true,
    });
    expect(byId(at72.obligations, 'court_60h').absolute).toBeUndefined();
    expect(byId(at72.obligations, 'detention_limit_216h')).toMatchObject({
      status: 'upcoming',
      martialLaw: true,
      absolute: true,
      basis: { act: 'КПК', article: '615' },
    });
    const at216 = recordClock({ events: b.events, now: b.at(hours(216) + 1) });
    expect(at216).toMatchObject({
      overDetention: true,
      overDetentionSince: b.at(hours(216)),
      worstStatus: 'over_detention',
    });
    const stays = recordClock({ events: b.events, now: b.at(hours(400)) });
    expect(stays.overDetention).toBe(true);
    b.released(hours(220));
    const released = recordClock({ events: b.events, now: b.at(hours(400)) });
    expect(released.overDetention).toBe(false);
    expect(byId(released.obligations, 'detention_limit_216h')).toMatchObject({
      status: 'met',
      metLate: true,
    });
  });

  test('off by default: without the record the 72 h limit holds', () => {
    const b = detained();
    const clock = recordClock({ events: b.events, now: b.at(hours(72) + 1) });
    expect(clock).toMatchObject({
      overDetention: true,
      overDetentionSince: b.at(hours(72)),
      martialLaw: false,
    });
  });

  test('conditions recorded by someone who is not a supervisor are ignored', () => {
    const b = detained().martialLaw(hours(10), 'investigator');
    expect(recordClock({ events: b.events, now: b.at(hours(73)) }).overDetention).toBe(true);
  });

  test('recorded only after 72 h: the breach stays on the record, over-detention stops', () => {
    const b = detained().martialLaw(hours(80));
    const clock = recordClock({ events: b.events, now: b.at(hours(81)) });
    const limit = byId(clock.obligations, 'detention_limit_72h');
    expect(limit.status).toBe('overdue');
    expect(limit.absolute).toBeUndefined();
    expect(clock.overDetention).toBe(false);
    expect(clock.worstStatus).toBe('overdue');
  });
});

describe('over-detention and the end of custody', () => {
  const b = () => new RecordBuilder('2025-06-10T05:00:00.000Z').detained().delivered(20);

  test.each([
    ['release', (r: RecordBuilder) => r.released(hours(75))],
    ['transfer', (r: RecordBuilder) => r.transferred(hours(75))],
    ['court decision', (r: RecordBuilder) => r.court(hours(75))],
  ])('stays until a %s is recorded', (_label, end) => {
    const r = b();
    expect(recordClock({ events: r.events, now: r.at(hours(74)) }).overDetention).toBe(true);
    end(r);
    const clock = recordClock({ events: r.events, now: r.at(hours(76)) });
    expect(clock.overDetention).toBe(false);
    expect(byId(clock.obligations, 'detention_limit_72h')).toMatchObject({
      status: 'met',
      metLate: true,
    });
  });

  test('a released record: open duties end, breaches stay', () => {
    const r = b().notified('legal_aid_centre', 10).released(hours(10));
    const clock = recordClock({ events: r.events, now: r.at(hours(30)) });
    const status = (id: string) => byId(clock.obligations, id).status;
    expect(status('suspicion_notice_24h')).toBe('met');
    expect(status('notification:legal_aid_centre')).toBe('met');
    expect(status('notification:relative')).toBe('overdue');
    expect(status('cell_check:next')).toBe('overdue');
    expect(status('meal:next')).toBe('overdue');
    expect(status('rest:next')).toBe('not_applicable');
    expect(clock.nextDue).toBeUndefined();
    expect(clock.overDetention).toBe(false);
  });

  test('released before anything fell due: nothing is owed', () => {
    const r = b().released(25);
    const clock = recordClock({ events: r.events, now: r.at(hours(30)) });
    expect(clock.worstStatus).toBe('ok');
    expect(
      clock.obligations.every((o) => o.status === 'met' || o.status === 'not_applicable'),
    ).toBe(true);
  });
});

describe('recordClock summary', () => {
  test('nextDue is the earliest open deadline; warning beats ok', () => {
    const b = new RecordBuilder('2025-06-10T05:00:00.000Z').detained().delivered(5);
    b.rightsExplained(4).notified('relative', 5).notified('legal_aid_centre', 6);
    const clock = recordClock({ events: b.events, now: b.at(55) });
    expect(clock.nextDue?.id).toBe('cell_check:next');
    expect(clock.worstStatus).toBe('warning');
  });
});

describe('interrogation (КПК ст. 224)', () => {
  test('runs across midnight in Kyiv count towards each calendar day', () => {
    // 2025-06-10 17:00Z is 20:00 Kyiv; 6 h until 02:00 on the 11th.
    const b = new RecordBuilder('2025-06-10T12:00:00.000Z').detained().delivered(10);
    b.interrogation('start', hours(5)).interrogation('pause', hours(7));
    b.interrogation('resume', hours(7.5)).interrogation('pause', hours(9.5));
    b.interrogation('resume', hours(10)).interrogation('end', hours(11));
    const list = obligations({ events: b.events, now: b.at(hours(12)) });
    const days = list.filter((o) => o.kind === 'interrogation_daily');
    expect(days.map((o) => o.id)).toEqual([
      'interrogation_daily:2025-06-10',
      'interrogation_daily:2025-06-11',
    ]);
    expect(days.every((o) => o.status === 'met')).toBe(true);
    expect(list.filter((o) => o.kind === 'interrogation_break').map((o) => o.status)).toEqual([
      'met',
      'met',
      'met',
    ]);
  });
});

describe('corrections', () => {
  test('a corrected time of actual detention moves T0', () => {
    const b = new RecordBuilder('2025-06-10T05:00:00.000Z').detained().delivered(20);
    const detention = b.events[0]?.id ?? '';
    b.add('EntryCorrected', 30, {
      targetEventId: detention,
      reason: 'час уточнено за відео',
      correctedFields: {},
      correctedOccurredAt: b.at(-30),
    });
    const list = obligations({ events: b.events, now: b.at(60) });
    expect(byId(list, 'detention_limit_72h').dueAt).toBe(b.at(hours(72) - 30));
  });
});

describe('rights explained without delay (Конституція ст. 29; КПК ст. 208 ч. 4; КУпАП ст. 261)', () => {
  const rights = (b: RecordBuilder, minutes: number) =>
    recordClock({ events: b.events, now: b.at(minutes) }).obligations.find(
      (o) => o.id === 'rights_explained',
    );

  test('is owed from the moment of actual detention and shown until recorded', () => {
    const b = new RecordBuilder('2025-06-10T05:00:00.000Z').detained().delivered(20);
    expect(rights(b, 10)).toMatchObject({
      kind: 'rights_explained',
      status: 'upcoming',
      dueAt: b.at(60),
      basis: { act: 'КПК', article: '208', part: '4' },
    });
    expect(rights(b, 50)?.status).toBe('warning');
    expect(rights(b, 61)?.status).toBe('overdue');
    expect(rights(b, 5 * 60)?.status).toBe('overdue');
    b.rightsExplained(70);
    expect(rights(b, 5 * 60)).toMatchObject({ status: 'met', metLate: true });
  });

  test('cites the profile: КПК ст. 208 ч. 4 or КУпАП ст. 261, with the policy delay labelled', () => {
    const criminal = rights(new RecordBuilder('2025-06-10T05:00:00.000Z').detained(), 1);
    expect(criminal?.explanation.uk).toContain('КПК ст. 208 ч. 4');
    expect(criminal?.explanation.uk).toContain('Конституція ст. 29');
    expect(criminal?.explanation.uk).toContain('політика підрозділу');
    expect(criminal?.explanation.en).toContain('CPC art. 208(4)');
    expect(criminal?.explanation.en).toContain('unit policy');
    const admin = rights(
      new RecordBuilder('2025-06-10T05:00:00.000Z').detained('ua_administrative'),
      1,
    );
    expect(admin?.basis).toEqual({ act: 'КУпАП', article: '261' });
    expect(admin?.explanation.uk).toContain('КУпАП ст. 261');
    expect(admin?.explanation.en).not.toContain('КУпАП');
  });

  test('ranks with the notice of suspicion (tier 3): above notifications and welfare routines', () => {
    const b = new RecordBuilder('2025-06-10T05:00:00.000Z').detained().delivered(5);
    const clock = recordClock({ events: b.events, now: b.at(3 * 60) });
    expect(clock.mostUrgent?.id).toBe('rights_explained');
    expect(
      severityTier({
        id: 'rights_explained',
        kind: 'rights_explained',
        status: 'overdue',
        dueAt: null,
      }),
    ).toBe(3);
  });
});
