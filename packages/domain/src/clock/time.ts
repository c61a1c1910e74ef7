/** Milliseconds in one minute; every offset in the clock is stated in whole minutes. */
export const MINUTE_MS = 60_000;
export const HOUR_MINUTES = 60;
export const DAY_MINUTES = 24 * HOUR_MINUTES;
const DAY_MS = DAY_MINUTES * MINUTE_MS;

/**
 * Milliseconds since the epoch of an ISO-8601 instant. Deadlines are elapsed time, so every
 * computation runs on instants; wall-clock time only appears when a deadline is shown.
 */
export function toMs(instant: string): number {
  const canonical = canonicalMs(instant);
  if (!Number.isNaN(canonical)) return canonical;
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 instant: ${instant}`);
  return ms;
}

/** Two decimal digits at `i`, or -1. */
function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days-from-civil), year ≥ 1. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * `YYYY-MM-DDTHH:MM:SS.sssZ` (what {@link toIso} and `Date#toISOString` write, years 1000-9999)
 * by integer arithmetic, or NaN for anything else, which `Date.parse` then reads: every event
 * time goes through here when a record is folded.
 */
function canonicalMs(s: string): number {
  if (
    s.length !== 24 ||
    s.charCodeAt(4) !== 45 || // -
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 || // T
    s.charCodeAt(13) !== 58 || // :
    s.charCodeAt(16) !== 58 ||
    s.charCodeAt(19) !== 46 || // .
    s.charCodeAt(23) !== 90 // Z
  ) {
    return Number.NaN;
  }
  const century = digits2(s, 0);
  const yy = digits2(s, 2);
  const month = digits2(s, 5);
  const day = digits2(s, 8);
  const hour = digits2(s, 11);
  const minute = digits2(s, 14);
  const second = digits2(s, 17);
  const centis = digits2(s, 20);
  const milli = s.charCodeAt(22) - 48;
  if (
    century < 10 ||
    yy < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59 ||
    centis < 0 ||
    milli < 0 ||
    milli > 9
  ) {
    return Number.NaN;
  }
  const year = century * 100 + yy;
  if (day > daysInMonth(year, month)) return Number.NaN;
  return (
    daysFromCivil(year, month, day) * DAY_MS +
    hour * 3_600_000 +
    minute * 60_000 +
    second * 1000 +
    centis * 10 +
    milli
  );
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * The UTC ISO instant of a number of milliseconds since the epoch, exactly as
 * `Date#toISOString` writes it for years 1000-9999, by integer arithmetic (H. Hinnant's
 * civil-from-days): the whiteboard formats thousands of deadlines per refresh.
 */
export function toIso(ms: number): string {
  if (!Number.isInteger(ms) || ms < -30610224000000 || ms >= 253402300800000) {
    return new Date(ms).toISOString();
  }
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}.${pad3(milli)}Z`;
}

/** `instant` plus a number of minutes of elapsed time, as a UTC ISO instant. */
export function addMinutes(instant: string, minutes: number): string {
  return toIso(toMs(instant) + minutes * MINUTE_MS);
}

/** Whole minutes of elapsed time from `from` to `to` (negative when `to` is earlier). */
export function minutesBetween(from: string, to: string): number {
  return Math.floor((toMs(to) - toMs(from)) / MINUTE_MS);
}

/** The time zone of the Ukrainian custody units; deadlines are shown in it unless told otherwise. */
export const DEFAULT_TIME_ZONE = 'Europe/Kyiv';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, locale: string): Intl.DateTimeFormat {
  const key = `${timeZone}|${locale}`;
  let f = formatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(key, f);
  }
  return f;
}

/**
 * An instant as local wall-clock time in `timeZone` (default Europe/Kyiv, which moves 03:00→04:00
 * on the last Sunday of March and 04:00→03:00 on the last Sunday of October). The deadline itself
 * never moves: only its display does.
 */
export function formatInZone(
  instant: string,
  timeZone = DEFAULT_TIME_ZONE,
  locale = 'uk-UA',
): string {
  return formatter(timeZone, locale).format(new Date(toMs(instant)));
}

/** Local calendar fields of an instant in a time zone. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

/** The local date and time of an instant in `timeZone`, as numbers. */
export function zonedParts(instant: string, timeZone = DEFAULT_TIME_ZONE): ZonedParts {
  const local = new Date(toMs(instant) + offsetAtMs(toMs(instant), timeZone) * MINUTE_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
  };
}

function intlOffset(ms: number, timeZone: string): number {
  let f = partFormatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    partFormatters.set(timeZone, f);
  }
  const fields: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    fields['year'] ?? 0,
    (fields['month'] ?? 1) - 1,
    fields['day'] ?? 1,
    fields['hour'] ?? 0,
    fields['minute'] ?? 0,
  );
  return Math.round((asUtc - (ms - (ms % MINUTE_MS))) / MINUTE_MS);
}

const QUARTER_HOUR_MS = 15 * MINUTE_MS;
const offsetCache = new Map<string, Map<number, number>>();

/**
 * Offset of local time from UTC in minutes at an instant (ms). Zones change their offset only on
 * quarter-hour boundaries, so the Intl answer is cached per quarter hour.
 */
export function offsetAtMs(ms: number, timeZone = DEFAULT_TIME_ZONE): number {
  let cache = offsetCache.get(timeZone);
  if (cache === undefined) {
    cache = new Map();
    offsetCache.set(timeZone, cache);
  }
  const bucket = Math.floor(ms / QUARTER_HOUR_MS);
  let offset = cache.get(bucket);
  if (offset === undefined) {
    offset = intlOffset(bucket * QUARTER_HOUR_MS, timeZone);
    cache.set(bucket, offset);
  }
  return offset;
}

/** Offset of local time from UTC at an instant, in minutes (Kyiv: +120 in winter, +180 in summer). */
export function zoneOffsetMinutes(instant: string, timeZone = DEFAULT_TIME_ZONE): number {
  return offsetAtMs(toMs(instant), timeZone);
}

/**
 * The instant (ms) at which the local calendar day containing `ms` began in `timeZone`.
 * КПК ст. 224 counts interrogation time "на день", a calendar day where the unit is.
 */
export function startOfZonedDayMs(ms: number, timeZone = DEFAULT_TIME_ZONE): number {
  const local = ms + offsetAtMs(ms, timeZone) * MINUTE_MS;
  const localMidnight = local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
  // The second pass covers a zone whose offset at midnight differs from the one at `ms`.
  const guess = localMidnight - offsetAtMs(ms, timeZone) * MINUTE_MS;
  return localMidnight - offsetAtMs(guess, timeZone) * MINUTE_MS;
}

/** {@link startOfZonedDayMs} on ISO instants. */
export function startOfZonedDay(instant: string, timeZone = DEFAULT_TIME_ZONE): string {
  return toIso(startOfZonedDayMs(toMs(instant), timeZone));
}

/** The local calendar date (YYYY-MM-DD) of an instant (ms) in `timeZone`. */
export function zonedDate(ms: number, timeZone = DEFAULT_TIME_ZONE): string {
  return toIso(ms + offsetAtMs(ms, timeZone) * MINUTE_MS).slice(0, 10);
}

/** A duration in minutes written for people: "24 год" / "24 h", "30 хв" / "30 min", "3 доби" / "3 days". */
export function formatDuration(minutes: number, lang: 'uk' | 'en', inDays = false): string {
  if (inDays && minutes % DAY_MINUTES === 0) {
    const days = minutes / DAY_MINUTES;
    return lang === 'uk' ? `${days} ${days < 5 ? 'доби' : 'діб'}` : `${days} days`;
  }
  if (minutes % HOUR_MINUTES === 0) {
    return `${minutes / HOUR_MINUTES} ${lang === 'uk' ? 'год' : 'h'}`;
  }
  if (minutes > HOUR_MINUTES) {
    const h = Math.floor(minutes / HOUR_MINUTES);
    const m = minutes % HOUR_MINUTES;
    return lang === 'uk' ? `${h} год ${m} хв` : `${h} h ${m} min`;
  }
  return `${minutes} ${lang === 'uk' ? 'хв' : 'min'}`;
}
