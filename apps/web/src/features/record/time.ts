import type { DutyT } from './i18n/use-duty-t.ts';

const MINUTE = 60_000;

/** A duration as "2 д 3 год", "5 год 07 хв" or "42 хв", rounded down to the minute. */
export function formatDuration(ms: number, t: DutyT): string {
  const total = Math.max(0, Math.floor(ms / MINUTE));
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutes = total % 60;
  if (days > 0) return t('common.daysHours', { d: days, h: hours });
  if (hours > 0) return t('common.hoursMinutes', { h: hours, m: String(minutes).padStart(2, '0') });
  return t('common.minutes', { m: minutes });
}

/** "через 1 год 05 хв" before the deadline, "прострочено на 12 хв" after it. */
export function formatCountdown(dueAt: string, now: number, t: DutyT): string {
  const left = Date.parse(dueAt) - now;
  return left >= 0
    ? t('common.in', { time: formatDuration(left, t) })
    : t('common.overdueBy', { time: formatDuration(-left, t) });
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * The value of an `<input type="datetime-local">` for an instant, in the device's time zone and
 * to the minute (КПК ст. 208: date and time to the minute).
 */
export function toLocalInput(instant: Date): string {
  return (
    `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}` +
    `T${pad(instant.getHours())}:${pad(instant.getMinutes())}`
  );
}

/** The UTC instant ('…Z', to the minute) of a `datetime-local` value; undefined when empty or invalid. */
export function fromLocalInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  return `${date.toISOString().slice(0, 16)}:00Z`;
}
