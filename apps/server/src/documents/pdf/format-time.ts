/**
 * An instant in the unit's time zone with its UTC offset, e.g. "15.01.2025 10:40 (UTC+02:00)",
 * so a reader never has to guess the zone (КПК ст. 208: date and time to the minute).
 */
export function formatInstant(iso: string, timeZone: string, locale: 'uk' | 'en'): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  }).formatToParts(new Date(ms));
  const get = (t: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === t)?.value ?? '';
  const offset = get('timeZoneName').replace(/^GMT$/, 'GMT+00:00').replace('GMT', 'UTC');
  const date =
    locale === 'uk'
      ? `${get('day')}.${get('month')}.${get('year')}`
      : `${get('year')}-${get('month')}-${get('day')}`;
  return `${date} ${get('hour')}:${get('minute')} (${offset})`;
}

/** Minutes between two instants as "1 год 05 хв" / "1 h 05 min". */
export function formatElapsed(fromIso: string, toIso: string, locale: 'uk' | 'en'): string {
  const minutes = Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000);
  const sign = minutes < 0 ? '−' : '';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = String(abs % 60).padStart(2, '0');
  const [hu, mu] = locale === 'uk' ? ['год', 'хв'] : ['h', 'min'];
  return h === 0 ? `${sign}${abs} ${mu}` : `${sign}${h} ${hu} ${m} ${mu}`;
}

/** A calendar date (YYYY-MM-DD) as "02.04.1990" in Ukrainian documents, unchanged in English. */
export function formatDate(date: string, locale: 'uk' | 'en'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m === null || locale === 'en') return date;
  return `${m[3] ?? ''}.${m[2] ?? ''}.${m[1] ?? ''}`;
}

/**
 * A language code ("uk", "en", "pl") by its name in the document's language ("українська", not
 * "українська (uk)": a code is not for the reader); other text as is.
 */
export function languageName(language: string, locale: 'uk' | 'en'): string {
  const code = language.trim();
  if (!/^[a-z]{2,3}(-[A-Z]{2})?$/.test(code)) return language;
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' }).of(code);
    return name ?? language;
  } catch {
    return language;
  }
}
