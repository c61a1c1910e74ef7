/**
 * Text that came from outside, made safe to keep: every string the server stores goes through
 * RFC 8785 canonical JSON, which cannot encode a lone UTF-16 surrogate (I-JSON, RFC 7493 §2.1).
 * One home for the two rules: find a lone surrogate in a parsed JSON value (the body parser
 * refuses it), and cut text to a length without splitting a character.
 */

const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;

/** Whether a string can be encoded as UTF-8 (no lone surrogate). */
export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** The string with every lone surrogate replaced by U+FFFD. */
export function toWellFormed(text: string): string {
  return text.replace(LONE_SURROGATES, '\uFFFD');
}

/** The path (`body.payload.name`) of the first string or key holding a lone surrogate; or null. */
export function loneSurrogateAt(value: unknown, path: string): string | null {
  if (typeof value === 'string') return isWellFormed(value) ? null : path;
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = loneSurrogateAt(value[i], `${path}.${String(i)}`);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    if (!isWellFormed(key)) return `${path}.${toWellFormed(key)}`;
    const found = loneSurrogateAt(item, `${path}.${key}`);
    if (found !== null) return found;
  }
  return null;
}

/**
 * At most `max` code points of `text`, well formed: a surrogate pair is never split, and a lone
 * surrogate becomes U+FFFD.
 */
export function cutText(text: string, max: number): string {
  const whole = toWellFormed(text);
  if (whole.length <= max) return whole;
  let out = '';
  let count = 0;
  for (const ch of whole) {
    if (count === max) break;
    out += ch;
    count += 1;
  }
  return out;
}

const MAX_HEADER = 16 * 1024;

/**
 * A header's value as text: HTTP gives header bytes as Latin-1 characters; an ASCII value is
 * read as percent-encoded UTF-8 (kept as sent when it is not), other bytes as raw UTF-8 (an
 * invalid sequence becomes U+FFFD); cut to `max` code points. Never throws.
 */
export function headerText(value: string | string[] | undefined, max: number): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  // Node refuses a header block over 16 KiB (431); this bound only matters for injected requests.
  const head = raw.slice(0, MAX_HEADER);
  let text: string;
  if (!/[^\p{ASCII}]/u.test(head)) {
    try {
      text = decodeURIComponent(head);
    } catch {
      text = head;
    }
  } else {
    text = !/[\u0100-\uffff]/.test(head) ? Buffer.from(head, 'latin1').toString('utf8') : head;
  }
  return cutText(text, max);
}
