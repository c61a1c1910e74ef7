import { describe, expect, test } from 'vitest';
import { formatDuration, formatInZone, startOfZonedDay, toIso, zoneOffsetMinutes } from './time.ts';

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
