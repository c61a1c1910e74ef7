import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  formatDuration,
  formatInZone,
  startOfZonedDay,
  toIso,
  toMs,
  zonedDate,
  zoneOffsetMinutes,
} from './time.ts';

describe('time in Europe/Kyiv', () => {
  test.each([
    ['2025-03-30T00:59:00.000Z', 120],
    ['2025-03-30T01:00:00.000Z', 180],
    ['2025-10-26T00:59:00.000Z', 180],
    ['2025-10-26T01:00:00.000Z', 120],
  ])('offset at %s is %i min', (instant, offset) => {
    expect(zoneOffsetMinutes(instant)).toBe(offset);
  });

  test.each([
    ['2025-03-30T12:00:00.000Z', '2025-03-29T22:00:00.000Z'],
    ['2025-03-31T12:00:00.000Z', '2025-03-30T21:00:00.000Z'],
    ['2025-10-26T12:00:00.000Z', '2025-10-25T21:00:00.000Z'],
    ['2025-10-27T12:00:00.000Z', '2025-10-26T22:00:00.000Z'],
  ])('the local day of %s began at %s', (instant, start) => {
    expect(startOfZonedDay(instant)).toBe(start);
  });

  test('formatInZone takes any zone', () => {
    expect(formatInZone('2025-06-10T05:00:00.000Z', 'Europe/London', 'en-GB')).toBe(
      '10/06/2025, 06:00 BST',
    );
  });

  test.each([
    [1440, 'uk', false, '24 год'],
    [4320, 'uk', true, '3 доби'],
    [4320, 'en', true, '3 days'],
    [30, 'en', false, '30 min'],
    [150, 'uk', false, '2 год 30 хв'],
  ] as const)('formatDuration(%i, %s, %s) = %s', (minutes, lang, inDays, text) => {
    expect(formatDuration(minutes, lang, inDays)).toBe(text);
  });
});

describe('zonedDate', () => {
  test('the calendar day of an instant where the unit is', () => {
    const late = Date.parse('2026-03-01T22:30:00Z');
    expect(zonedDate(late, 'Europe/Kyiv')).toBe('2026-03-02');
    expect(zonedDate(late, 'America/New_York')).toBe('2026-03-01');
    expect(zonedDate(late, 'UTC')).toBe('2026-03-01');
    // The minute before and the minute of a midnight, across Kyiv's change to summer time.
    expect(zonedDate(Date.parse('2026-03-28T21:59:00Z'))).toBe('2026-03-28');
    expect(zonedDate(Date.parse('2026-03-28T22:00:00Z'))).toBe('2026-03-29');
    expect(zonedDate(Date.parse('2026-03-29T20:59:00Z'))).toBe('2026-03-29');
    expect(zonedDate(Date.parse('2026-03-29T21:00:00Z'))).toBe('2026-03-30');
  });

  test('is the date the wall clock of the zone shows (Intl), in zones with odd offsets too', () => {
    const zones = ['Europe/Kyiv', 'America/Santiago', 'Asia/Kathmandu', 'Australia/Lord_Howe'];
    const wall = new Map(
      zones.map((z) => [z, new Intl.DateTimeFormat('en-CA', { timeZone: z, dateStyle: 'short' })]),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2020-01-01'), max: Date.parse('2035-01-01') }),
        fc.constantFrom(...zones),
        (ms, zone) => zonedDate(ms, zone) === wall.get(zone)?.format(ms),
      ),
      { numRuns: 2000 },
    );
  });
});

describe('toIso', () => {
  test('writes exactly what Date#toISOString writes', () => {
    const samples = [
      0,
      951_782_400_000,
      1_743_296_400_000,
      -62_135_596_800_000 + 1,
      253_402_300_799_999,
    ];
    for (let i = 0; i < 20_000; i++)
      samples.push(Math.floor(((i * 2_654_435_761) % 2 ** 31) * 117_000.37));
    for (const ms of samples) expect(toIso(ms)).toBe(new Date(ms).toISOString());
  });
});

describe('toMs', () => {
  const parse = (s: string): number | 'throws' => {
    try {
      return toMs(s);
    } catch {
      return 'throws';
    }
  };
  const dateParse = (s: string): number | 'throws' =>
    Number.isNaN(Date.parse(s)) ? 'throws' : Date.parse(s);

  test('reads back every instant toIso writes (years 1000-9999)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30_610_224_000_000, max: 253_402_300_799_999 }), (ms) => {
        expect(toMs(toIso(ms))).toBe(ms);
      }),
      { seed: 20_250_612, numRuns: 20_000 },
    );
  });

  test('agrees with Date.parse on strings shaped like instants, valid or not', () => {
    // Each field mostly near its valid range (edges included), sometimes anything or not digits.
    const odd = fc.constantFrom('', '0', '+0', 'x', '1a', ' 1', '000', '-1');
    const two = (min: number, max: number) =>
      fc
        .oneof(
          { weight: 12, arbitrary: fc.integer({ min, max }) },
          { weight: 2, arbitrary: fc.integer({ min: 0, max: 99 }) },
          { weight: 1, arbitrary: odd },
        )
        .map((n) => (typeof n === 'string' ? n : String(n).padStart(2, '0')));
    const sep = (c: string) =>
      fc.oneof(
        { weight: 30, arbitrary: fc.constant(c) },
        fc.constantFrom('-', 'T', ':', '.', 'Z', 't', 'z', ' '),
      );
    const instant = fc
      .tuple(two(9, 99), two(0, 99), sep('-'), two(0, 13), sep('-'), two(0, 32), sep('T'))
      .chain((date) =>
        fc
          .tuple(
            two(0, 25),
            sep(':'),
            two(0, 61),
            sep(':'),
            two(0, 61),
            sep('.'),
            two(0, 99),
            fc.oneof(fc.integer({ min: 0, max: 9 }).map(String), odd),
            sep('Z'),
          )
          .map((time) => [...date, ...time].join('')),
      );
    fc.assert(
      fc.property(instant, (s) => {
        expect(parse(s)).toStrictEqual(dateParse(s));
      }),
      { seed: 20_250_613, numRuns: 20_000 },
    );
  });

  test.each([
    '2025-02-29T00:00:00.000Z',
    '2024-02-29T23:59:59.999Z',
    '2025-04-31T00:00:00.000Z',
    '2025-01-01T24:00:00.000Z',
    '2025-01-01T23:60:00.000Z',
    '1900-02-29T00:00:00.000Z',
    '2000-02-29T00:00:00.000Z',
    '0999-12-31T23:59:59.999Z',
    '2025-06-12T05:00:00Z',
    '2025-06-12T08:00:00.000+03:00',
  ])('%s as Date.parse reads it', (s) => {
    expect(parse(s)).toStrictEqual(dateParse(s));
  });
});
