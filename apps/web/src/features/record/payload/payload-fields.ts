import type { Locale } from '../../../i18n/index.ts';
import { formatDateTime } from '../../../ui/index.ts';
import { fieldLabel } from './field-labels.ts';

/** One labelled line of an entry's payload as the timeline shows it. */
export interface PayloadField {
  readonly label: string;
  readonly value: string;
}

export interface PayloadFormat {
  readonly locale: Locale;
  readonly timeZone?: string | undefined;
  readonly yes: string;
  readonly no: string;
  /** The reader's name of an enumerated value of a field, when one is known. */
  readonly valueLabel?: ((key: string, value: string) => string | undefined) | undefined;
}

/**
 * Internal references (ids, hashes) that mean nothing to a reader of the timeline, and the offset
 * a time was stated in (`<field>Offset`: the time itself is shown on the unit's clock).
 */
const HIDDEN_KEY = /(^id$|Id$|Ids$|^sha256$|Sha256$|Hash$|Offset$)/;
/**
 * Identifiers a person reads and looks up: the number of the body-worn camera typed at detention
 * (the footage is found by it). A uuid value is still left out (`scalar`).
 */
const SHOWN_IDS: ReadonlySet<string> = new Set(['cameraId']);

/** Whether a payload field is an internal reference left out of the timeline. */
export function isHiddenKey(key: string): boolean {
  return HIDDEN_KEY.test(key) && !SHOWN_IDS.has(key);
}

/**
 * Nested objects whose fields read on their own: the person of a detention is the entry's
 * subject, so "ПІБ", not "Особа › ПІБ" (its `kind` is named by `fieldLabel('person.kind')`); a
 * defender reads "Захисник: …" and "Номер свідоцтва захисника: …", not "Захисник › Ім’я".
 */
const FLAT_PARENTS: ReadonlySet<string> = new Set(['person', 'defender']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** RFC 3339 instants as the contracts carry them (domain.md §3: times to the minute). */
export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A calendar date as the contracts carry it (a date of birth). */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A language code as the forms record it ("uk", "pl", "pt-BR"), and a country code ("PL"). */
const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Z]{2})?$/;
const COUNTRY_CODE = /^[A-Z]{2}$/;

/**
 * The reader's name of a language or country code ("uk" → "українська", "PL" → "Польща"), from
 * the browser's own names (Intl.DisplayNames); the code itself when it has none.
 */
function codeName(code: string, type: 'language' | 'region', locale: Locale): string {
  try {
    return new Intl.DisplayNames([locale], { type, fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function scalar(value: unknown, format: PayloadFormat, key = ''): string | null {
  if (typeof value === 'boolean') return value ? format.yes : format.no;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text === '' || UUID.test(text)) return null;
  if (INSTANT.test(text)) return formatDateTime(text, format.locale, format.timeZone);
  const date = DATE.exec(text);
  if (date) {
    // A day, not an instant: no zone applies. "01.05.1990" in Ukrainian, "01/05/1990" in English.
    const [, y, m, d] = date;
    return format.locale === 'uk'
      ? `${d ?? ''}.${m ?? ''}.${y ?? ''}`
      : `${d ?? ''}/${m ?? ''}/${y ?? ''}`;
  }
  if (/language$/i.test(key) && LANGUAGE_CODE.test(text)) {
    return codeName(text, 'language', format.locale);
  }
  if (/(nationality|country)$/i.test(key) && COUNTRY_CODE.test(text)) {
    return codeName(text, 'region', format.locale);
  }
  return format.valueLabel?.(key, text) ?? text;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** A nested object in one phrase: "Label value, Label value" of its visible scalar fields. */
function inline(value: unknown, format: PayloadFormat, key = ''): string | null {
  const direct = scalar(value, format, key);
  if (direct !== null || !isObject(value)) return direct;
  const fields = visible(value);
  const [only] = fields;
  if (fields.length === 1 && only) return inline(only[1], format, only[0]);
  const parts = fields
    .map(([k, v]) => {
      const text = inline(v, format, k);
      return text === null ? null : `${fieldLabel(k, format.locale)}: ${text}`;
    })
    .filter((p): p is string => p !== null);
  return parts.length ? parts.join(', ') : null;
}

function visible(value: Record<string, unknown>): [string, unknown][] {
  return Object.entries(value).filter(([k, v]) => !isHiddenKey(k) && v !== undefined);
}

function collect(
  value: unknown,
  key: string,
  label: string,
  format: PayloadFormat,
  out: PayloadField[],
) {
  if (Array.isArray(value)) {
    const items = value.map((v) => inline(v, format, key)).filter((t): t is string => t !== null);
    if (items.length)
      out.push({ label, value: items.join(items.some((i) => i.includes(',')) ? '; ' : ', ') });
    return;
  }
  if (isObject(value)) {
    const fields = visible(value);
    const [only] = fields;
    // A nested object with one visible field reads as its parent: "Made by: Марія Тест", not
    // "Made by › Name: Марія Тест" (its id is hidden).
    if (label && fields.length === 1 && only) {
      collect(only[1], only[0], label, format, out);
      return;
    }
    for (const [k, v] of fields) {
      if (label && FLAT_PARENTS.has(key)) {
        collect(v, k, fieldLabel(`${key}.${k}`, format.locale), format, out);
        continue;
      }
      const name = fieldLabel(k, format.locale);
      collect(v, k, label ? `${label} › ${name}` : name, format, out);
    }
    return;
  }
  const text = scalar(value, format, key);
  if (text !== null) out.push({ label, value: text });
}

/**
 * An entry's payload as labelled, human lines (domain.md §3: the timeline is read by people):
 * field names translated or turned into words, instants in the unit's time zone, booleans as
 * yes/no, arrays as comma lists, and internal references (ids, uuids, hashes) left out.
 */
export function payloadFields(payload: unknown, format: PayloadFormat): PayloadField[] {
  const out: PayloadField[] = [];
  collect(payload, '', '', format, out);
  return out;
}
