import { describe, expect, it } from 'vitest';
import { dutyTranslate, type DutyT } from './i18n/use-duty-t.ts';
import { formatCountdown, formatDuration, fromLocalInput, toLocalInput } from './time.ts';

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
