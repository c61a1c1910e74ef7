function encodeString(s: string): string {
  if (/\p{Cs}/u.test(s)) throw new TypeError('canonicalJson: lone surrogate');
  // JSON.stringify escapes exactly as RFC 8785 §3.2.2.2 requires for well-formed strings.
  return JSON.stringify(s);
}

function encodeObject(value: object): string {
  if (Array.isArray(value)) return `[${value.map((v: unknown) => canonicalJson(v)).join(',')}]`;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError('canonicalJson: not a plain object');
  }
  const record = value as Record<string, unknown>;
  // RFC 8785 §3.2.3: keys sorted by UTF-16 code units, which is Array.prototype.sort's order.
  const members = Object.keys(record)
    .sort()
    .map((k) => `${encodeString(k)}:${canonicalJson(record[k])}`);
  return `{${members.join(',')}}`;
}

/**
 * RFC 8785 JSON Canonicalization Scheme: no whitespace, keys sorted by UTF-16 code units
 * (§3.2.3), numbers as ECMAScript Number::toString (§3.2.2.3), minimal string escapes
 * (§3.2.2.2). Throws on anything that is not a JSON value. The browser twin of the ledger's.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return String(value);
    case 'string':
      return encodeString(value);
    case 'object':
      return value === null ? 'null' : encodeObject(value);
    case 'undefined':
    case 'bigint':
    case 'symbol':
    case 'function':
      throw new TypeError(`canonicalJson: ${typeof value} is not a JSON value`);
  }
}
