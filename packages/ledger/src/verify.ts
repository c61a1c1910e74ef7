import { equalBytes } from './bytes.ts';
import { EMPTY_ROOT, HASH_SIZE, nodeHash } from './hash.ts';
import { isPowerOfTwo, isTreeSize } from './tree-math.ts';

const half = (n: number): number => Math.floor(n / 2);
const odd = (n: number): boolean => n % 2 === 1;

function allHashes(...hashes: readonly Uint8Array[]): boolean {
  return hashes.every((h) => h.length === HASH_SIZE);
}

/**
 * RFC 9162 §2.1.3.2: checks that `leaf` (a leaf hash) is at `index` in the tree of `size` leaves
 * whose root is `root`. Every hash must be 32 bytes; sizes must be integers up to 2^53.
 */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isTreeSize(size) || !Number.isInteger(index) || index < 0 || index >= size) return false;
  if (!allHashes(leaf, root, ...proof)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(r, root);
}

/**
 * RFC 9162 §2.1.4.2: checks that the tree of `oldSize` leaves with `oldRoot` is a prefix of the
 * tree of `newSize` leaves with `newRoot`. Equal sizes need an empty proof and equal roots (and
 * the empty-tree root at size 0). From size 0 the old root must be the empty tree's and the
 * proof empty: "the empty tree is consistent with any tree, so no proof is necessary"
 * (c2sp.org/tlog-witness §add-checkpoint, which answers 422 to a non-empty one).
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isTreeSize(oldSize) || !isTreeSize(newSize) || oldSize > newSize) return false;
  if (!allHashes(oldRoot, newRoot, ...proof)) return false;
  if (oldSize === newSize) {
    const emptyOk = oldSize !== 0 || equalBytes(oldRoot, EMPTY_ROOT);
    return proof.length === 0 && emptyOk && equalBytes(oldRoot, newRoot);
  }
  if (oldSize === 0) return proof.length === 0 && equalBytes(oldRoot, EMPTY_ROOT);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Uint8Array;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(fr, oldRoot) && equalBytes(sr, newRoot);
}
