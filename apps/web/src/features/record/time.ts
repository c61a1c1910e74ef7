import type { Locale } from '../../i18n/index.ts';
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

/**
 * "через 1 год 05 хв" before the deadline, "прострочено на 12 хв" after it. With `keepTogether`
 * the duration's spaces do not break, so a narrow column wraps only before the duration.
 */
export function formatCountdown(
  dueAt: string,
  now: number,
  t: DutyT,
  keepTogether = false,
): string {
  const left = Date.parse(dueAt) - now;
  const duration = (ms: number) => {
    const text = formatDuration(ms, t);
    return keepTogether ? text.replace(/ /g, '\u00a0') : text;
  };
  return left >= 0
    ? t('common.in', { time: duration(left) })
    : t('common.overdueBy', { time: duration(-left) });
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const DAY = 86_400_000;
const WALL = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock date and time of an instant in an IANA time zone. */
function wallClock(ms: number, timeZone: string) {
  let format = WALL.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    WALL.set(timeZone, format);
  }
  const part: Record<string, number> = {};
  for (const p of format.formatToParts(ms)) part[p.type] = Number(p.value);
  return {
    year: part['year'] ?? 0,
    month: part['month'] ?? 1,
    day: part['day'] ?? 1,
    hour: part['hour'] ?? 0,
    minute: part['minute'] ?? 0,
    second: part['second'] ?? 0,
  };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms (Kyiv in winter: +2 h). */
function zoneOffset(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * The value of an `<input type="datetime-local">` for an instant, to the minute (КПК ст. 208:
 * date and time to the minute): in `timeZone` (the unit's zone) when given, else the device's.
 */
export function toLocalInput(instant: Date, timeZone?: string): string {
  if (timeZone) {
    const w = wallClock(instant.getTime(), timeZone);
    return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
  }
  return (
    `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}` +
    `T${pad(instant.getHours())}:${pad(instant.getMinutes())}`
  );
}

/**
 * The UTC instant ('…Z', to the minute) of a `datetime-local` value read as wall-clock time in
 * `timeZone` when given, else in the device's zone; undefined when empty or invalid.
 */
export function fromLocalInput(value: string, timeZone?: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(wall);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute
  ) {
    return undefined;
  }
  let ms: number;
  if (timeZone) {
    // Around a change of offset a wall time may occur twice (autumn: the earlier is taken) or not
    // at all (spring: it is read with the offset before the change, i.e. moved forward by it).
    const before = zoneOffset(wall - DAY, timeZone);
    const after = zoneOffset(wall + DAY, timeZone);
    const valid = [wall - before, wall - after].filter((t) => wall - zoneOffset(t, timeZone) === t);
    ms = valid.length > 0 ? Math.min(...valid) : wall - before;
  } else {
    ms = new Date(value).getTime();
    if (Number.isNaN(ms)) return undefined;
  }
  return `${new Date(ms).toISOString().slice(0, 16)}:00Z`;
}

/**
 * A `datetime-local` value typed or prefilled on the clock of zone `from`, shown on the clock of
 * zone `to` for the same instant (the unit's zone became known after the field was filled with
 * "now" in the default zone). An empty or invalid value is left as it is.
 */
export function rezoneLocalInput(value: string, from: string, to: string): string {
  if (from === to) return value;
  const instant = fromLocalInput(value, from);
  return instant === undefined ? value : toLocalInput(new Date(instant), to);
}

/**
 * The instant a calendar date (YYYY-MM-DD) begins in a time zone ('…Z'); undefined when the date
 * is invalid. Where midnight does not exist (a change of offset at 00:00) it is the first minute.
 */
export function startOfDay(date: string, timeZone: string): string | undefined {
  return fromLocalInput(`${date}T00:00`, timeZone);
}

/**
 * When a deadline falls due, as the unit's clock shows it: the time alone when it is today there,
 * else the date and the time ("14:05", "28.11, 09:30"), so a wall display stays short.
 */
export function formatDue(iso: string, now: number, locale: Locale, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const tag = locale === 'uk' ? 'uk-UA' : 'en-GB';
  const day = new Intl.DateTimeFormat(tag, {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  });
  const time = new Intl.DateTimeFormat(tag, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  if (day.format(date) === day.format(new Date(now))) return time;
  const short = new Intl.DateTimeFormat(tag, { timeZone, day: '2-digit', month: '2-digit' });
  return `${short.format(date)}, ${time}`;
}

/** A zone as a reader recognises it: its offset now and its IANA name ("GMT+2, Europe/Kyiv"). */
export function zoneName(timeZone: string, at = Date.now()): string {
  const offset = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'shortOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  return offset ? `${offset}, ${timeZone}` : timeZone;
}
