import * as nodeCrypto from 'node:crypto';
import { HASH_SIZE } from './hash.ts';

type OneShot = (data: Uint8Array) => Buffer;

/** `crypto.hash` exists from Node 20.12 / 21.7; older runtimes fall back to createHash. */
const oneShot: OneShot =
  typeof nodeCrypto.hash === 'function'
    ? (data) => nodeCrypto.hash('sha256', data, 'buffer')
    : (data) => nodeCrypto.createHash('sha256').update(data).digest();

const view = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/**
 * SHA-256 (FIPS 180-4) in one native call: the same digest as {@link sha256}, without a Hash
 * object per call. For hot loops (append, verification).
 */
export function sha256Once(data: Uint8Array): Uint8Array {
  return view(oneShot(data));
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
  return view(oneShot(prefixed(0, leaf)));
}

/** RFC 9162 §2.1.1 node hash SHA-256(0x01 || left || right), equal to {@link nodeHash}. */
export function nodeHashOnce(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    return view(oneShot(Buffer.concat([Buffer.from([1]), left, right])));
  }
  return view(oneShot(prefixed(1, left, right)));
}
