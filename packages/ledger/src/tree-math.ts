/**
 * A stored complete subtree: node (level, index) is the Merkle Tree Hash (RFC 9162 §2.1.1) of the
 * perfect subtree over leaves [index * 2^level, (index + 1) * 2^level). Level 0 holds leaf hashes.
 */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** Reads one stored node hash; synchronous, and throws if the node is missing. */
export type NodeReader = (level: number, index: number) => Uint8Array;

/** Largest tree size handled: every index and size stays an exact JavaScript number. */
export const MAX_TREE_SIZE = 2 ** 53;

export function isTreeSize(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= MAX_TREE_SIZE;
}

export function assertTreeSize(n: number, what: string): void {
  if (!isTreeSize(n)) throw new RangeError(`${what} must be an integer in [0, 2^53], got ${n}`);
}

/** The k of RFC 9162 §2.1.1: the largest power of two strictly less than n (n >= 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function isPowerOfTwo(n: number): boolean {
  let p = 1;
  while (p < n) p *= 2;
  return p === n;
}

/**
 * The perfect subtrees, left to right, that make up leaves [start, end). Valid for the ranges
 * that occur in RFC 9162 proofs, where start is a multiple of a power of two >= end - start.
 */
export function rangeNodes(start: number, end: number): NodeId[] {
  const out: NodeId[] = [];
  let width = 1;
  let level = 0;
  while (width * 2 <= end - start) {
    width *= 2;
    level++;
  }
  let pos = start;
  while (pos < end) {
    if (pos + width <= end) {
      out.push({ level, index: pos / width });
      pos += width;
    }
    width /= 2;
    level--;
  }
  return out;
}

/**
 * The perfect subtrees, left to right, that make up leaves [start, end) for any 0 <= start <=
 * end: from each position the largest subtree that starts there and ends by `end`. Every perfect
 * subtree inside [start, end) lies inside one of them.
 */
export function perfectSubtrees(start: number, end: number): NodeId[] {
  const out: NodeId[] = [];
  for (let pos = start; pos < end;) {
    let level = 0;
    let width = 1;
    while (pos % (width * 2) === 0 && pos + width * 2 <= end) {
      width *= 2;
      level++;
    }
    out.push({ level, index: pos / width });
    pos += width;
  }
  return out;
}

/** Hashes perfect subtrees given left to right into the root of their concatenation. */
export function foldRight(
  hashes: readonly Uint8Array[],
  node: (l: Uint8Array, r: Uint8Array) => Uint8Array,
): Uint8Array {
  let acc = hashes[hashes.length - 1];
  if (acc === undefined) throw new RangeError('cannot fold an empty range');
  for (let i = hashes.length - 2; i >= 0; i--) acc = node(hashes[i] as Uint8Array, acc);
  return acc;
}
