import { concatBytes, equalBytes, type Bytes } from './bytes.ts';

const HASH_SIZE = 32;

/** SHA-256 (FIPS 180-4) through WebCrypto. */
export async function sha256(data: Uint8Array): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', concatBytes(data)));
}

/** RFC 9162 §2.1.1: leaf hash = SHA-256(0x00 || leaf bytes). */
export function leafHash(leaf: Uint8Array): Promise<Bytes> {
  return sha256(concatBytes(Uint8Array.of(0), leaf));
}

/** RFC 9162 §2.1.1: node hash = SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Bytes> {
  return sha256(concatBytes(Uint8Array.of(1), left, right));
}

const half = (n: number): number => Math.floor(n / 2);
const odd = (n: number): boolean => n % 2 === 1;

/**
 * RFC 9162 §2.1.3.2: whether `leaf` (a leaf hash) is entry `index` of the tree of `size` leaves
 * whose root is `root`, by the audit path `proof`. Every hash must be 32 bytes.
 */
export async function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  if (!Number.isSafeInteger(size) || !Number.isSafeInteger(index)) return false;
  if (index < 0 || index >= size) return false;
  if (![leaf, root, ...proof].every((h) => h.length === HASH_SIZE)) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = await nodeHash(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(r, root);
}
