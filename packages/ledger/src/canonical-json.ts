/** The JSON values RFC 8785 canonicalises (I-JSON, RFC 7493). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

const LONE_SURROGATE = /\p{Cs}/u;
/**
 * Text that `JSON.stringify` writes as itself between quotes: no quote, backslash or C0 control,
 * and no surrogate (a pair is well-formed, but takes the longer way with the lone ones).
 */
// eslint-disable-next-line no-control-regex
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/**
 * The keys from the root to the value being encoded (a name, or an array's index), pushed and
 * popped as the encoder descends: the text of the path (`$.a[2]`) is written only into the message
 * of a failure, not built for every value.
 */
type Path = (string | number)[];

function fail(path: Path, what: string): never {
  let at = '';
  for (const k of path) at += typeof k === 'number' ? `[${String(k)}]` : `.${k}`;
  throw new TypeError(`canonicalJson: ${what} at ${at || '$'}`);
}

function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * RFC 8785 §3.2.2.2 of a well-formed string (no lone surrogate): `JSON.stringify` escapes exactly
 * as it requires; plain text (nearly every string of a record) is written between quotes without
 * it, for about half the cost.
 */
export function quoteWellFormed(s: string): string {
  return PLAIN.test(s) ? `"${s}"` : JSON.stringify(s);
}

function encodeString(s: string, path: Path): string {
  if (PLAIN.test(s)) return `"${s}"`;
  if (LONE_SURROGATE.test(s)) fail(path, 'lone surrogate in string');
  return JSON.stringify(s);
}

function encode(value: unknown, path: Path, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) fail(path, 'non-finite number');
      // RFC 8785 §3.2.2.3: ECMAScript Number::toString; -0 serialises as 0.
      return String(value);
    case 'string':
      return encodeString(value, path);
    case 'object':
      if (value === null) return 'null';
      return encodeContainer(value, path, ancestors);
    case 'undefined':
    case 'bigint':
    case 'symbol':
    case 'function':
      return fail(path, `${typeof value} is not a JSON value`);
  }
}

function encodeContainer(value: object, path: Path, ancestors: Set<object>): string {
  if (ancestors.has(value)) fail(path, 'cycle');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items: string[] = [];
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        if (!(i in value)) fail(path, 'sparse array');
        items.push(encode(value[i], path, ancestors));
        path.pop();
      }
      return `[${items.join(',')}]`;
    }
    if (!isPlainObject(value)) fail(path, 'not a plain object');
    if (Object.getOwnPropertySymbols(value).length > 0) fail(path, 'symbol key');
    const record = value as Record<string, unknown>;
    // RFC 8785 §3.2.3: keys sorted by their UTF-16 code units, which is the default sort order.
    const keys = Object.keys(record).sort();
    const members: string[] = [];
    for (const k of keys) {
      const name = encodeString(k, path);
      path.push(k);
      members.push(`${name}:${encode(record[k], path, ancestors)}`);
      path.pop();
    }
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}

/**
 * RFC 8785 JSON Canonicalization Scheme over JSON values: no whitespace, object keys sorted by
 * UTF-16 code units (§3.2.3), numbers as ECMAScript Number::toString (§3.2.2.3), minimal string
 * escaping (§3.2.2.2). Throws a TypeError on anything that is not a JSON value: undefined,
 * NaN, ±Infinity, bigint, functions, symbols, Dates and other non-plain objects, sparse arrays,
 * cycles and strings with lone surrogates (I-JSON, RFC 7493 §2.1).
 */
export function canonicalJson(value: unknown): string {
  return encode(value, [], new Set());
}
