import { describe, expect, test } from 'vitest';
import { hours, RecordBuilder } from './clock.fixture.ts';
import { obligations } from './obligations.ts';
import type { Obligation } from './types.ts';

const T0 = '2025-06-10T05:00:00.000Z';

function find(list: Obligation[], id: string): Obligation {
  const found = list.find((o) => o.id === id || (id.endsWith(':') && o.id.startsWith(id)));
  if (found === undefined)
    throw new Error(`no obligation ${id} in ${list.map((o) => o.id).join(', ')}`);
  return found;
}

interface Row {
  name: string;
  id: string;
  setup: (b: RecordBuilder) => RecordBuilder;
  warn: number;
  due: number;
  meet: (b: RecordBuilder, minutes: number) => RecordBuilder;
}

const criminal = (b: RecordBuilder) => b.detained().delivered(30);
const rows: Row[] = [
  {
    name: 'КПК ст. 278: suspicion notice 24 h',
    id: 'suspicion_notice_24h',
    setup: criminal,
    warn: hours(20),
    due: hours(24),
    meet: (b, m) => b.suspicion(m),
  },
  {
    name: 'КПК ст. 211 ч. 2: court 60 h',
    id: 'court_60h',
    setup: criminal,
    warn: hours(48),
    due: hours(60),
    meet: (b, m) => b.court(m),
  },
  {
    name: 'Конституція ст. 29: absolute 72 h',
    id: 'detention_limit_72h',
    setup: criminal,
    warn: hours(66),
    due: hours(72),
    meet: (b, m) => b.released(m),
  },
  {
    name: 'КПК ст. 191: ruling 36 h',
    id: 'ruling_36h',
    setup: (b) => b.detained('ua_ruling_191').delivered(30),
    warn: hours(30),
    due: hours(36),
    meet: (b, m) => b.court(m),
  },
  {
    name: 'КПК ст. 615: martial law 216 h',
    id: 'detention_limit_216h',
    setup: (b) => criminal(b).martialLaw(40),
    warn: hours(204),
    due: hours(216),
    meet: (b, m) => b.transferred(m),
  },
  {
    name: 'КУпАП ст. 259: delivered person 1 h',
    id: 'administrative_delivery_1h',
    setup: (b) => b.detained('ua_administrative').delivered(30),
    warn: 30 + 45,
    due: 30 + 60,
    meet: (b, m) => b.protocol(m),
  },
  {
    name: 'КУпАП ст. 263 ч. 1: administrative 3 h',
    id: 'administrative_limit_3h',
    setup: (b) => b.detained('ua_administrative').delivered(30),
    warn: 30 + 150,
    due: 30 + 180,
    meet: (b, m) => b.released(m),
  },
  {
    name: 'КУпАП ст. 263 ч. 2: prosecutor 24 h',
    id: 'prosecutor_notice_24h',
    setup: (b) => b.detained('ua_administrative_border').delivered(30),
    warn: 30 + hours(20),
    due: 30 + hours(24),
    meet: (b, m) => b.notified('prosecutor', m),
  },
  {
    name: 'КУпАП ст. 263 ч. 2: border 3 days',
    id: 'administrative_limit_3d',
    setup: (b) => b.detained('ua_administrative_border').delivered(30),
    warn: 30 + hours(66),
    due: 30 + hours(72),
    meet: (b, m) => b.transferred(m),
  },
  {
    name: 'PACE s.41: 24 h from the relevant time',
    id: 'pace_limit',
    setup: (b) => b.detained('ew_pace').delivered(30),
    warn: 30 + hours(22),
    due: 30 + hours(24),
    meet: (b, m) => b.released(m),
  },
  {
    name: 'PACE s.42: superintendent 36 h',
    id: 'pace_limit',
    setup: (b) =>
      b
        .detained('ew_pace')
        .delivered(30)
        .paceAuthorisation(hours(20), 'superintendent_extension', 36),
    warn: 30 + hours(34),
    due: 30 + hours(36),
    meet: (b, m) => b.released(m),
  },
  {
    name: 'PACE s.44: warrant 96 h',
    id: 'pace_limit',
    setup: (b) =>
      b.detained('ew_pace').delivered(30).paceAuthorisation(hours(30), 'warrant_extension', 96),
    warn: 30 + hours(94),
    due: 30 + hours(96),
    meet: (b, m) => b.released(m),
  },
  {
    name: 'КПК ст. 213: relative',
    id: 'notification:relative',
    setup: criminal,
    warn: 15,
    due: 30,
    meet: (b, m) => b.notified('relative', m),
  },
  {
    name: 'CMU 1363: legal aid centre',
    id: 'notification:legal_aid_centre',
    setup: criminal,
    warn: 15,
    due: 30,
    meet: (b, m) => b.notified('legal_aid_centre', m),
  },
  {
    name: 'КУпАП ст. 261: relative (administrative)',
    id: 'notification:relative',
    setup: (b) => b.detained('ua_administrative').delivered(30),
    warn: 15,
    due: 30,
    meet: (b, m) => b.notified('relative', m),
  },
  {
    name: 'juvenile: parents or guardians',
    id: 'notification:parents_guardians',
    setup: (b) => b.detained('ua_criminal_208', { juvenile: true }),
    warn: 15,
    due: 30,
    meet: (b, m) => b.notified('parents_guardians', m),
  },
  {
    name: 'juvenile: guardianship authority',
    id: 'notification:guardianship_authority',
    setup: (b) => b.detained('ua_criminal_208', { juvenile: true }),
    warn: 15,
    due: 30,
    meet: (b, m) => b.notified('guardianship_authority', m),
  },
  {
    name: 'Vienna Convention art. 36: consulate on request',
    id: 'notification:consulate',
    setup: (b) => b.detained('ua_criminal_208', { foreigner: true }).consular('requested', 60),
    warn: 75,
    due: 90,
    meet: (b, m) => b.notified('consulate', m),
  },
  {
    name: 'КПК ст. 210: delivery over 1 h explained',
    id: 'delivery_explanation',
    setup: (b) => b.detained(),
    warn: 45,
    due: 60,
    meet: (b, m) => b.delivered(m, 'затор на мосту'),
  },
  {
    name: 'КПК ст. 224: 2 h without a break',
    id: 'interrogation_break:',
    setup: (b) => criminal(b).interrogation('start', 60),
    warn: 60 + 105,
    due: 60 + 120,
    meet: (b, m) => b.interrogation('pause', m),
  },
  {
    name: 'КПК ст. 224: 8 h a day',
    id: 'interrogation_daily:2025-06-10',
    setup: (b) => criminal(b).interrogation('start', 60),
    warn: 60 + 465,
    due: 60 + 480,
    meet: (b, m) => b.interrogation('end', m),
  },
];

describe.each(rows)('$name', ({ id, setup, warn, due, meet }) => {
  const at = (b: RecordBuilder, minutes: number) =>
    find(obligations({ events: b.events, now: b.at(minutes) }), id);

  test.each([
    ['a minute before the warning', warn - 1, 'upcoming'],
    ['at the warning', warn, 'warning'],
    ['at the deadline', due, 'warning'],
    ['a minute after the deadline', due + 1, 'overdue'],
  ] as const)('unmet %s: %s', (_label, minutes, status) => {
    const b = setup(new RecordBuilder(T0));
    const o = at(b, minutes);
    expect(o.status).toBe(status);
    expect(o.dueAt).toBe(b.at(due));
    expect(o.warnAt).toBe(b.at(warn));
    expect(o.explanation.uk.length).toBeGreaterThan(10);
    expect(o.explanation.en.length).toBeGreaterThan(10);
  });

  test.each([
    ['a minute before the warning', warn - 1, false],
    ['at the deadline', due, false],
    ['a minute after the deadline', due + 1, true],
  ] as const)('met %s', (_label, minutes, late) => {
    const b = meet(setup(new RecordBuilder(T0)), minutes);
    const o = at(b, due + 60);
    expect(o.status).toBe('met');
    expect(o.metAt).toBe(b.at(minutes));
    expect(o.metByEventId).toBe(b.events.at(-1)?.id);
    expect(o.metLate).toBe(late);
  });
});

interface PeriodicRow {
  name: string;
  kind: string;
  setup: (b: RecordBuilder) => RecordBuilder;
  warn: number;
  due: number;
  every: number;
  meet: (b: RecordBuilder, minutes: number) => RecordBuilder;
}

const delivered = (b: RecordBuilder) => b.detained().delivered(0);
const periodic: PeriodicRow[] = [
  {
    name: 'unit policy (Code C 9.3): cell check every 60 min',
    kind: 'cell_check',
    setup: delivered,
    warn: 50,
    due: 60,
    every: 60,
    meet: (b, m) => b.cellCheck(m),
  },
  {
    name: 'unit policy (Code C Annex H): intoxicated, 30 min with rousing',
    kind: 'cell_check',
    setup: (b) => delivered(b).intoxicated(0),
    warn: 20,
    due: 30,
    every: 30,
    meet: (b, m) => b.cellCheck(m, true),
  },
  {
    name: 'unit policy (Annex H): raised observation level, 30 min',
    kind: 'cell_check',
    setup: (b) => delivered(b).observation(0, 'intermittent'),
    warn: 20,
    due: 30,
    every: 30,
    meet: (b, m) => b.cellCheck(m, true),
  },
  {
    name: 'unit policy (Code C 8.6): a meal every 6 h',
    kind: 'meal',
    setup: delivered,
    warn: hours(5.5),
    due: hours(6),
    every: hours(6),
    meet: (b, m) => b.meal(m),
  },
  {
    name: 'unit policy (Code C 12.2): 8 h rest begun within 16 h',
    kind: 'rest',
    setup: delivered,
    warn: hours(15.5),
    due: hours(16),
    every: hours(24),
    meet: (b, m) => b.rest(m, m + hours(8)),
  },
  {
    name: 'PACE s.40: first review at 6 h',
    kind: 'pace_review',
    setup: (b) => b.detained('ew_pace').delivered(0),
    warn: hours(5.5),
    due: hours(6),
    every: hours(9),
    meet: (b, m) => b.paceReview(m),
  },
];

describe.each(periodic)('$name', ({ kind, setup, warn, due, every, meet }) => {
  test.each([
    [warn - 1, 'upcoming'],
    [due, 'warning'],
    [due + 1, 'overdue'],
  ] as const)('unmet at minute %i: %s', (minutes, status) => {
    const b = setup(new RecordBuilder(T0));
    const next = find(obligations({ events: b.events, now: b.at(minutes) }), `${kind}:next`);
    expect(next.status).toBe(status);
    expect(next.dueAt).toBe(b.at(due));
  });

  test('met on time at the deadline: the next one moves, no breach recorded', () => {
    const b = meet(setup(new RecordBuilder(T0)), due);
    const list = obligations({ events: b.events, now: b.at(due + 1) });
    const next = find(list, `${kind}:next`);
    expect(next.status).toBe('upcoming');
    expect(next.dueAt).toBe(b.at(due + every));
    expect(list.filter((o) => o.kind === kind && o.id !== `${kind}:next`)).toEqual([]);
  });

  test('met a minute late: the breach stays as met late', () => {
    const b = meet(setup(new RecordBuilder(T0)), due + 1);
    const list = obligations({ events: b.events, now: b.at(due + 2) });
    const late = find(list, `${kind}:${b.events.at(-1)?.id ?? ''}`);
    expect(late).toMatchObject({ status: 'met', metLate: true, dueAt: b.at(due) });
    expect(find(list, `${kind}:next`).dueAt).toBe(b.at(due + 1 + every));
  });
});

test('КПК ст. 224: the day of the 8 h limit reads as people write a date, not ISO', () => {
  const b = criminal(new RecordBuilder(T0)).interrogation('start', 60);
  const o = find(
    obligations({ events: b.events, now: b.at(90) }),
    'interrogation_daily:2025-06-10',
  );
  expect(o.explanation.uk).toContain('на день, 10.06.2025 (КПК ст. 224 ч. 2)');
  expect(o.explanation.en).toContain('a day, 10/06/2025 (CPC art. 224(2))');
  expect(`${o.explanation.uk} ${o.explanation.en}`).not.toMatch(/\d{4}-\d{2}-\d{2}/);
});
