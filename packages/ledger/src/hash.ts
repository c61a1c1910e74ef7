import { primitives } from '#primitives';

/** Output size of SHA-256, the hash of every RFC 6962 tree in this project. */
export const HASH_SIZE = 32;

/** SHA-256 (FIPS 180-4). */
export function sha256(data: Uint8Array): Uint8Array {
  return primitives.sha256(data);
}

const LEAF_PREFIX = new Uint8Array([0]);
const NODE_PREFIX = new Uint8Array([1]);

/** RFC 9162 §2.1.1: MTH({d(0)}) = SHA-256(0x00 || d(0)). */
export function leafHash(leaf: Uint8Array): Uint8Array {
  return primitives.createSha256().update(LEAF_PREFIX).update(leaf).digest();
}

const nodeInput = new Uint8Array(1 + 2 * HASH_SIZE);
nodeInput[0] = 1;

/** RFC 9162 §2.1.1: SHA-256(0x01 || left || right) over two 32-byte child hashes. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    return primitives.createSha256().update(NODE_PREFIX).update(left).update(right).digest();
  }
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return primitives.sha256(nodeInput);
}

/** RFC 9162 §2.1.1: the hash of an empty tree is SHA-256 of the empty string. */
export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

/**
 * The reference Merkle Tree Hash of RFC 9162 §2.1.1 over already-hashed leaves, folded
 * bottom-up level by level (an odd last node is carried up unchanged, which is the same as
 * splitting at the largest power of two below n). O(n); used as the oracle in tests.
 */
export function rootOfLeafHashes(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return EMPTY_ROOT;
  let level = [...hashes];
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      next.push(nodeHash(level[i] as Uint8Array, level[i + 1] as Uint8Array));
    }
    if (level.length % 2 === 1) next.push(level[level.length - 1] as Uint8Array);
    level = next;
  }
  return level[0] as Uint8Array;
}
