import type { Locale } from '../../i18n/index.ts';
import { formatDateTime } from '../../ui/format.ts';
import { INSTANT } from '../record/payload/payload-fields.ts';

const MAX_PARTS = 8;
const MAX_TEXT = 240;

/** How instants inside a payload are written: in the interface language, on the unit's clock. */
export interface InstantFormat {
  readonly locale: Locale;
  readonly timeZone: string;
}

function scalar(value: unknown, instants: InstantFormat | undefined): string | null {
  if (typeof value === 'string') {
    return instants && INSTANT.test(value)
      ? formatDateTime(value, instants.locale, instants.timeZone)
      : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function collect(
  value: unknown,
  path: string,
  out: string[],
  instants: InstantFormat | undefined,
): void {
  if (out.length >= MAX_PARTS) return;
  const text = scalar(value, instants);
  if (text !== null) {
    if (text !== '') out.push(path ? `${path}: ${text}` : text);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      collect(v, path ? `${path} ${i + 1}` : String(i + 1), out, instants);
    });
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'recordId') continue;
      collect(v, path ? `${path}.${k}` : k, out, instants);
    }
  }
}

/**
 * One line of an entry's payload for a read-only timeline: its scalar fields as "path: value",
 * at most eight of them, cut at 240 characters. The full entry stays in the extract. With
 * `instants`, a time inside the payload (a notification made at, a camera's from and to) is
 * written as the timeline's own columns are, on the unit's clock, not as a UTC string.
 */
export function payloadText(payload: unknown, instants?: InstantFormat): string {
  const parts: string[] = [];
  collect(payload, '', parts, instants);
  const text = parts.join('; ');
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
