/** The JSON values RFC 8785 canonicalises (I-JSON, RFC 7493). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

const LONE_SURROGATE = /\p{Cs}/u;

function fail(path: string, what: string): never {
  throw new TypeError(`canonicalJson: ${what} at ${path || '$'}`);
}

function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function encodeString(s: string, path: string): string {
  if (LONE_SURROGATE.test(s)) fail(path, 'lone surrogate in string');
  // JSON.stringify escapes exactly as RFC 8785 §3.2.2.2 requires for well-formed strings.
  return JSON.stringify(s);
}

function encode(value: unknown, path: string, ancestors: Set<object>): string {
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

function encodeContainer(value: object, path: string, ancestors: Set<object>): string {
  if (ancestors.has(value)) fail(path, 'cycle');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items: string[] = [];
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) fail(`${path}[${i}]`, 'sparse array');
        items.push(encode(value[i], `${path}[${i}]`, ancestors));
      }
      return `[${items.join(',')}]`;
    }
    if (!isPlainObject(value)) fail(path, 'not a plain object');
    if (Object.getOwnPropertySymbols(value).length > 0) fail(path, 'symbol key');
    const record = value as Record<string, unknown>;
    // RFC 8785 §3.2.3: keys sorted by their UTF-16 code units, which is the default sort order.
    const keys = Object.keys(record).sort();
    const members = keys.map(
      (k) => `${encodeString(k, path)}:${encode(record[k], `${path}.${k}`, ancestors)}`,
    );
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
  return encode(value, '', new Set());
}
