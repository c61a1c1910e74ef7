/** Bytes backed by a plain ArrayBuffer, as WebCrypto's BufferSource requires. */
export type Bytes = Uint8Array<ArrayBuffer>;

const HEX = /^(?:[0-9a-f]{2})*$/;
const CANONICAL_B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Lower-case hexadecimal. */
export function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Decodes lower-case hex (the form every hash of the API takes); throws otherwise. */
export function fromHex(s: string): Bytes {
  if (!HEX.test(s)) throw new TypeError('invalid hex');
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Strict RFC 4648 §4 base64 as C2SP notes use it: padding required, no whitespace, and zero
 * unused bits (§3.5), so that one byte string has exactly one accepted text.
 */
export function fromBase64(s: string): Bytes {
  if (!CANONICAL_B64.test(s)) throw new TypeError('invalid base64');
  const binary = atob(s);
  const out = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  if (toBase64(out) !== s) throw new TypeError('non-canonical base64');
  return out;
}

/** Standard padded base64 (RFC 4648 §4). */
export function toBase64(b: Uint8Array): string {
  return btoa(Array.from(b, (x) => String.fromCharCode(x)).join(''));
}

export function concatBytes(...parts: readonly Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Byte-wise equality; every value compared here is public, so timing does not matter. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

const utf8 = new TextEncoder();

export function utf8Bytes(s: string): Bytes {
  return utf8.encode(s);
}
