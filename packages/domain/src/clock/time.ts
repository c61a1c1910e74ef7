/** Milliseconds in one minute; every offset in the clock is stated in whole minutes. */
export const MINUTE_MS = 60_000;
export const HOUR_MINUTES = 60;
export const DAY_MINUTES = 24 * HOUR_MINUTES;

/**
 * Milliseconds since the epoch of an ISO-8601 instant. Deadlines are elapsed time, so every
 * computation runs on instants; wall-clock time only appears when a deadline is shown.
 */
export function toMs(instant: string): number {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 instant: ${instant}`);
  return ms;
}

/** The UTC ISO instant of a number of milliseconds since the epoch. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
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
  for (const part of f.formatToParts(new Date(toMs(instant)))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields['year'] ?? 0,
    month: fields['month'] ?? 0,
    day: fields['day'] ?? 0,
    hour: fields['hour'] ?? 0,
    minute: fields['minute'] ?? 0,
  };
}

/** Offset of local time from UTC at an instant, in minutes (Kyiv: +120 in winter, +180 in summer). */
export function zoneOffsetMinutes(instant: string, timeZone = DEFAULT_TIME_ZONE): number {
  const p = zonedParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  const ms = toMs(instant);
  return Math.round((asUtc - (ms - (ms % MINUTE_MS))) / MINUTE_MS);
}

/**
 * The instant at which the local calendar day containing `instant` began in `timeZone`.
 * КПК ст. 224 counts interrogation time "на день", a calendar day where the unit is.
 */
export function startOfZonedDay(instant: string, timeZone = DEFAULT_TIME_ZONE): string {
  const p = zonedParts(instant, timeZone);
  const localMidnightAsUtc = Date.UTC(p.year, p.month - 1, p.day);
  // Kyiv changes its offset at 03:00/04:00, never at midnight, so the offset at the guess is right;
  // the second pass covers zones that change near midnight.
  let guess = localMidnightAsUtc - zoneOffsetMinutes(instant, timeZone) * MINUTE_MS;
  guess = localMidnightAsUtc - zoneOffsetMinutes(toIso(guess), timeZone) * MINUTE_MS;
  return toIso(guess);
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
