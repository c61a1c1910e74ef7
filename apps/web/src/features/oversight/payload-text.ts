const MAX_PARTS = 8;
const MAX_TEXT = 240;

function scalar(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function collect(value: unknown, path: string, out: string[]): void {
  if (out.length >= MAX_PARTS) return;
  const text = scalar(value);
  if (text !== null) {
    if (text !== '') out.push(path ? `${path}: ${text}` : text);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      collect(v, path ? `${path} ${i + 1}` : String(i + 1), out);
    });
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'recordId') continue;
      collect(v, path ? `${path}.${k}` : k, out);
    }
  }
}

/**
 * One line of an entry's payload for a read-only timeline: its scalar fields as "path: value",
 * at most eight of them, cut at 240 characters. The full entry stays in the extract.
 */
export function payloadText(payload: unknown): string {
  const parts: string[] = [];
  collect(payload, '', parts);
  const text = parts.join('; ');
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
