import type { Locale } from '../i18n/index.ts';

/** Date and time to the minute (domain.md §3: times are recorded to the minute), in the interface language. */
export function formatDateTime(iso: string | null, locale: Locale, timeZone?: string): string {
  if (iso === null) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'uk' ? 'uk-UA' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'short',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}
