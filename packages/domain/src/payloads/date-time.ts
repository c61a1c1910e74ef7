/**
 * RFC 3339 date-times (§5.6) as callers send them, with any offset, and their normalisation to
 * the UTC instant the record is kept in. Officers state times to the minute (КПК ст. 208), so the
 * seconds are optional; a fraction of a second is kept as given.
 */
export const RFC3339_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-]\d{2}:\d{2})$/;

/** What an error says about a date-time that is not one. */
export const DATE_TIME_HINT =
  'expected an RFC 3339 date-time with Z or an offset, e.g. 2026-12-06T09:15:00+02:00 or 2026-12-06T07:15:00Z';

/** A date-time as kept: the UTC instant, and the offset the caller stated ('Z' for UTC). */
export interface NormalisedDateTime {
  /** ISO-8601 UTC instant ending in 'Z', to the precision given. */
  readonly instant: string;
  /** The offset as given: 'Z', or ±hh:mm (including '-00:00', "local offset unknown"). */
  readonly offset: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The UTC instant of an RFC 3339 date-time with any offset, to the precision given, and the
 * offset as given; undefined when the text is not one (a field out of range, a day the month
 * does not have, an offset beyond ±23:59).
 */
export function normaliseDateTime(text: string): NormalisedDateTime | undefined {
  const m = RFC3339_DATE_TIME.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = m[6] === undefined ? undefined : Number(m[6]);
  const fraction = m[7] ?? '';
  const zone = (m[8] ?? 'Z').toUpperCase();
  if (hour > 23 || minute > 59 || (second !== undefined && second > 59)) return undefined;
  const local = new Date(Date.UTC(year, month - 1, day, hour, minute));
  local.setUTCFullYear(year);
  if (local.getUTCMonth() !== month - 1 || local.getUTCDate() !== day) return undefined;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const h = Number(zone.slice(1, 3));
    const min = Number(zone.slice(4, 6));
    if (h > 23 || min > 59) return undefined;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (h * 60 + min);
  }
  const utc = new Date(local.getTime() - offsetMinutes * 60_000);
  const y = utc.getUTCFullYear();
  if (y < 0 || y > 9999) return undefined;
  const hm =
    `${pad(y, 4)}-${pad(utc.getUTCMonth() + 1)}-${pad(utc.getUTCDate())}` +
    `T${pad(utc.getUTCHours())}:${pad(utc.getUTCMinutes())}`;
  const seconds = second === undefined ? '' : `:${pad(second)}${fraction}`;
  return { instant: `${hm}${seconds}Z`, offset: zone };
}
