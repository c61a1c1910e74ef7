const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map<string, number>(
  Array.from({ length: B64.length }, (_, i) => [B64.charAt(i), i]),
);
const CANONICAL_B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Lower-case hexadecimal encoding. */
export function toHex(b: Uint8Array): string {
  let out = '';
  for (const byte of b) out += (HEX[byte >> 4] ?? '') + (HEX[byte & 15] ?? '');
  return out;
}

/** Decodes hexadecimal (either case); throws on odd length or a non-hex character. */
export function fromHex(s: string): Uint8Array {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) {
    throw new TypeError('invalid hex string');
  }
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function b64char(n: number): string {
  return B64.charAt(n & 63);
}

/** Standard padded base64 (RFC 4648 §4), as used by C2SP signed notes and checkpoints. */
export function toBase64(b: Uint8Array): string {
  const char = b64char;
  let out = '';
  const whole = b.length - (b.length % 3);
  for (let i = 0; i < whole; i += 3) {
    const n = ((b[i] ?? 0) << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += char(n >> 18) + char(n >> 12) + char(n >> 6) + char(n);
  }
  if (whole < b.length) {
    const two = b.length - whole === 2;
    const n = ((b[whole] ?? 0) << 16) | (two ? (b[whole + 1] ?? 0) << 8 : 0);
    out += char(n >> 18) + char(n >> 12) + (two ? char(n >> 6) : '=') + '=';
  }
  return out;
}

/**
 * Strict RFC 4648 §4 base64: padding required, no whitespace, no URL alphabet, and the unused
 * bits of the last character must be zero (RFC 4648 §3.5), so every byte string has exactly one
 * accepted encoding.
 */
export function fromBase64(s: string): Uint8Array {
  if (!CANONICAL_B64.test(s)) throw new TypeError('invalid base64');
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) n = (n << 6) | (B64_INDEX.get(s.charAt(i + j)) ?? 0);
    for (const shift of [16, 8, 0]) if (o < out.length) out[o++] = (n >> shift) & 255;
    if (i + 4 === s.length && (pad === 2 ? n & 0xffff : pad === 1 ? n & 0xff : 0) !== 0) {
      throw new TypeError('non-canonical base64');
    }
  }
  return out;
}

/** Byte-wise equality. Not constant-time: every value compared here is public. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
