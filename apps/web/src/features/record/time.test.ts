import { describe, expect, it } from 'vitest';
import { zonedDate } from '@custody/domain';
import { dutyTranslate, type DutyT } from './i18n/use-duty-t.ts';
import {
  formatCountdown,
  formatDue,
  formatDuration,
  fromLocalInput,
  rezoneLocalInput,
  startOfDay,
  toLocalInput,
  zoneName,
} from './time.ts';

const dt: DutyT = (key, vars) => dutyTranslate('uk', key, vars);
const MIN = 60_000;

describe('formatDuration', () => {
  it('rounds down to the minute and grows units with the duration', () => {
    expect(formatDuration(59_999, dt)).toBe('0 хв');
    expect(formatDuration(42 * MIN + 59_000, dt)).toBe('42 хв');
    expect(formatDuration(5 * 60 * MIN + 7 * MIN, dt)).toBe('5 год 07 хв');
    expect(formatDuration(50 * 60 * MIN, dt)).toBe('2 д 2 год');
    expect(formatDuration(-5 * MIN, dt)).toBe('0 хв');
  });
});

describe('formatCountdown', () => {
  const due = '2026-03-01T12:00:00Z';
  const at = Date.parse(due);
  it('counts down before the deadline and up after it', () => {
    expect(formatCountdown(due, at - 90 * MIN, dt)).toBe('через 1 год 30 хв');
    expect(formatCountdown(due, at, dt)).toBe('через 0 хв');
    expect(formatCountdown(due, at + 12 * MIN, dt)).toBe('прострочено на 12 хв');
  });
  it('can keep the duration on one line and let the words before it wrap', () => {
    expect(formatCountdown(due, at + 125 * MIN, dt, true)).toBe(
      'прострочено на 2\u00a0год\u00a005\u00a0хв',
    );
  });
});

describe('datetime-local', () => {
  it('round-trips an instant to the minute in the device time zone', () => {
    const instant = new Date(2026, 2, 1, 9, 5, 42);
    const local = toLocalInput(instant);
    expect(local).toBe('2026-03-01T09:05');
    const back = fromLocalInput(local);
    expect(back).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/);
    expect(Date.parse(back ?? '')).toBe(new Date(2026, 2, 1, 9, 5).getTime());
  });

  it('refuses empty and malformed values', () => {
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('2026-03-01')).toBeUndefined();
    expect(fromLocalInput('2026-13-45T99:99')).toBeUndefined();
  });
});

describe('datetime-local in the unit time zone', () => {
  it('shows an instant as the wall clock of the unit, whatever the device zone', () => {
    const winter = new Date('2026-01-15T10:05:42Z');
    expect(toLocalInput(winter, 'Europe/Kyiv')).toBe('2026-01-15T12:05');
    expect(toLocalInput(winter, 'America/New_York')).toBe('2026-01-15T05:05');
    const summer = new Date('2026-07-15T21:30:00Z');
    expect(toLocalInput(summer, 'Europe/Kyiv')).toBe('2026-07-16T00:30');
  });

  it('reads a wall-clock time in the unit time zone as the right UTC instant', () => {
    expect(fromLocalInput('2026-01-15T12:05', 'Europe/Kyiv')).toBe('2026-01-15T10:05:00Z');
    expect(fromLocalInput('2026-07-16T00:30', 'Europe/Kyiv')).toBe('2026-07-15T21:30:00Z');
    expect(fromLocalInput('2026-01-15T05:05', 'America/New_York')).toBe('2026-01-15T10:05:00Z');
    expect(fromLocalInput('2026-02-30T10:00', 'Europe/Kyiv')).toBeUndefined();
    expect(fromLocalInput('2026-03-01T24:00', 'Europe/Kyiv')).toBeUndefined();
  });

  it('round-trips across the changes of offset (Kyiv: last Sunday of March and October)', () => {
    for (const iso of [
      '2026-03-29T00:59:00Z',
      '2026-03-29T01:00:00Z',
      '2026-10-25T00:30:00Z',
      '2026-10-25T02:00:00Z',
    ]) {
      const local = toLocalInput(new Date(iso), 'Europe/Kyiv');
      expect(fromLocalInput(local, 'Europe/Kyiv'), `${iso} as ${local}`).toBe(iso);
    }
    // 03:30 does not exist in Kyiv on 29 March 2026 (clocks go from 03:00 to 04:00).
    expect(fromLocalInput('2026-03-29T03:30', 'Europe/Kyiv')).toBe('2026-03-29T01:30:00Z');
    // 03:30 happens twice on 25 October 2026 (04:00 back to 03:00): the earlier one is meant.
    expect(fromLocalInput('2026-10-25T03:30', 'Europe/Kyiv')).toBe('2026-10-25T00:30:00Z');
  });
});

describe('formatDue', () => {
  const now = Date.parse('2026-03-01T20:00:00Z'); // 22:00 in Kyiv, 15:00 in New York
  it('gives the time alone when the deadline falls due today in the unit zone', () => {
    expect(formatDue('2026-03-01T21:30:00Z', now, 'uk', 'Europe/Kyiv')).toBe('23:30');
    expect(formatDue('2026-03-01T21:30:00Z', now, 'en', 'America/New_York')).toBe('16:30');
  });
  it('adds the date when it is another day there', () => {
    // 22:30 UTC is already 2 March in Kyiv, still 1 March in New York.
    expect(formatDue('2026-03-01T22:30:00Z', now, 'uk', 'Europe/Kyiv')).toBe('02.03, 00:30');
    expect(formatDue('2026-03-01T22:30:00Z', now, 'en', 'America/New_York')).toBe('17:30');
    expect(formatDue('2026-02-27T08:00:00Z', now, 'en', 'Europe/Kyiv')).toBe('27/02, 10:00');
  });
});

describe('zoneName', () => {
  it('names the zone with its offset at the moment', () => {
    expect(zoneName('Europe/Kyiv', Date.parse('2026-01-15T10:00:00Z'))).toBe('GMT+2, Europe/Kyiv');
    expect(zoneName('Europe/Kyiv', Date.parse('2026-07-15T10:00:00Z'))).toBe('GMT+3, Europe/Kyiv');
  });
});

describe('rezoneLocalInput', () => {
  it('shows the same instant on the clock of another zone', () => {
    // "Now" prefilled in the default zone (Kyiv), then the unit turns out to be in London.
    expect(rezoneLocalInput('2026-01-15T12:05', 'Europe/Kyiv', 'Europe/London')).toBe(
      '2026-01-15T10:05',
    );
    expect(rezoneLocalInput('2026-01-15T00:30', 'Europe/Kyiv', 'America/New_York')).toBe(
      '2026-01-14T17:30',
    );
    const there = rezoneLocalInput('2026-07-16T00:30', 'Europe/Kyiv', 'Asia/Tokyo');
    expect(fromLocalInput(there, 'Asia/Tokyo')).toBe(
      fromLocalInput('2026-07-16T00:30', 'Europe/Kyiv'),
    );
  });

  it('leaves the value alone in the same zone and when it is empty or invalid', () => {
    expect(rezoneLocalInput('2026-01-15T12:05', 'Europe/Kyiv', 'Europe/Kyiv')).toBe(
      '2026-01-15T12:05',
    );
    expect(rezoneLocalInput('', 'Europe/Kyiv', 'Europe/London')).toBe('');
    expect(rezoneLocalInput('2026-02-30T10:00', 'Europe/Kyiv', 'Europe/London')).toBe(
      '2026-02-30T10:00',
    );
  });
});

describe('days on the clock of a zone', () => {
  it('gives the calendar date of an instant there from the domain, with no copy of its own', async () => {
    // One home for "the calendar day of an instant in a zone": the domain's zonedDate.
    expect(Object.keys(await import('./time.ts'))).not.toContain('localDate');
    const late = Date.parse('2026-03-01T22:30:00Z');
    expect(zonedDate(late, 'Europe/Kyiv')).toBe('2026-03-02');
    expect(zonedDate(late, 'America/New_York')).toBe('2026-03-01');
    expect(zonedDate(late, 'UTC')).toBe('2026-03-01');
  });

  it('gives the instant a date begins there, across changes of offset', () => {
    expect(startOfDay('2026-01-15', 'Europe/Kyiv')).toBe('2026-01-14T22:00:00Z');
    expect(startOfDay('2026-07-15', 'Europe/Kyiv')).toBe('2026-07-14T21:00:00Z');
    // Kyiv changes at 03:00, so both 29 March and 30 March begin at a plain midnight.
    expect(startOfDay('2026-03-29', 'Europe/Kyiv')).toBe('2026-03-28T22:00:00Z');
    expect(startOfDay('2026-03-30', 'Europe/Kyiv')).toBe('2026-03-29T21:00:00Z');
    // Santiago skips from 24:00 to 01:00 on 6 September 2026: the day begins at 01:00 (-03).
    expect(startOfDay('2026-09-06', 'America/Santiago')).toBe('2026-09-06T04:00:00Z');
    expect(startOfDay('2026-02-30', 'Europe/Kyiv')).toBeUndefined();
    expect(startOfDay('', 'Europe/Kyiv')).toBeUndefined();
  });
});
