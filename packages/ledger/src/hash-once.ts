import { primitives } from '#primitives';
import { concatBytes } from './bytes.ts';
import { HASH_SIZE } from './hash.ts';

/**
 * SHA-256 (FIPS 180-4) in one native call: the same digest as {@link sha256}, without a Hash
 * object per call. For hot loops (append, verification).
 */
export function sha256Once(data: Uint8Array): Uint8Array {
  return primitives.sha256(data);
}

let scratch = new Uint8Array(1024);

function prefixed(prefix: number, a: Uint8Array, b?: Uint8Array): Uint8Array {
  const n = 1 + a.length + (b?.length ?? 0);
  if (scratch.length < n) scratch = new Uint8Array(Math.max(n, scratch.length * 2));
  scratch[0] = prefix;
  scratch.set(a, 1);
  if (b !== undefined) scratch.set(b, 1 + a.length);
  return scratch.subarray(0, n);
}

/** RFC 9162 §2.1.1 leaf hash SHA-256(0x00 || leaf), equal to {@link leafHash}, in one native call. */
export function leafHashOnce(leaf: Uint8Array): Uint8Array {
  return primitives.sha256(prefixed(0, leaf));
}

/** RFC 9162 §2.1.1 node hash SHA-256(0x01 || left || right), equal to {@link nodeHash}. */
export function nodeHashOnce(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    return primitives.sha256(concatBytes(Uint8Array.of(1), left, right));
  }
  return primitives.sha256(prefixed(1, left, right));
}
