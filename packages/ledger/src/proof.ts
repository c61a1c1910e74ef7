import { EMPTY_ROOT, nodeHash } from './hash.ts';
import type { NodeId, NodeReader } from './tree-math.ts';
import { assertTreeSize, foldRight, rangeNodes, splitPoint } from './tree-math.ts';

type Range = readonly [start: number, end: number];

/**
 * The nodes of level >= 1 that become complete when leaf `leafIndex` is appended, lowest first.
 * Together with the leaf itself they are the about-two-per-leaf subtree hashes a store keeps
 * (the post-order layout of Crosby & Wallach §3.3).
 */
export function nodesCompletedBy(leafIndex: number): NodeId[] {
  assertTreeSize(leafIndex + 1, 'leaf index + 1');
  const out: NodeId[] = [];
  let count = leafIndex + 1;
  let level = 0;
  while (count % 2 === 0) {
    count /= 2;
    level++;
    out.push({ level, index: count - 1 });
  }
  return out;
}

/** The perfect subtrees, left to right and largest first, whose fold is MTH(D[0:size]). */
export function nodesForRoot(size: number): NodeId[] {
  assertTreeSize(size, 'size');
  return rangeNodes(0, size);
}

/** RFC 9162 §2.1.1: the root of a tree of `size` leaves from its stored subtrees. */
export function rootFromNodes(size: number, read: NodeReader): Uint8Array {
  if (size === 0) return EMPTY_ROOT;
  return foldRight(
    nodesForRoot(size).map((n) => read(n.level, n.index)),
    nodeHash,
  );
}

/** The subtrees of PATH(m, D[n]) (RFC 9162 §2.1.3.1), deepest first. */
function inclusionRanges(index: number, size: number): Range[] {
  assertTreeSize(size, 'size');
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`leaf index ${index} is not in a tree of size ${size}`);
  }
  const out: Range[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      out.push([lo + k, hi]);
      hi = lo + k;
    } else {
      out.push([lo, lo + k]);
      lo += k;
    }
  }
  return out.reverse();
}

/**
 * The subtrees of PROOF(m, D[n]) = SUBPROOF(m, D[n], true) (RFC 9162 §2.1.4.1), deepest first.
 * A proof from the empty tree (m = 0) is empty: the empty tree is a prefix of every tree.
 */
function consistencyRanges(oldSize: number, newSize: number): Range[] {
  assertTreeSize(oldSize, 'oldSize');
  assertTreeSize(newSize, 'newSize');
  if (oldSize > newSize) throw new RangeError(`oldSize ${oldSize} > newSize ${newSize}`);
  if (oldSize === 0) return [];
  const out: Range[] = [];
  let lo = 0;
  let hi = newSize;
  let wholeOldTree = true;
  while (oldSize !== hi) {
    const k = splitPoint(hi - lo);
    if (oldSize - lo <= k) {
      out.push([lo + k, hi]);
      hi = lo + k;
    } else {
      out.push([lo, lo + k]);
      lo += k;
      wholeOldTree = false;
    }
  }
  if (!wholeOldTree) out.push([lo, hi]);
  return out.reverse();
}

function nodesOf(ranges: readonly Range[]): NodeId[] {
  return ranges.flatMap(([start, end]) => rangeNodes(start, end));
}

/** A non-perfect right part is folded from its perfect subtrees, right to left. */
function hashesOf(ranges: readonly Range[], read: NodeReader): Uint8Array[] {
  return ranges.map(([start, end]) =>
    foldRight(
      rangeNodes(start, end).map((n) => read(n.level, n.index)),
      nodeHash,
    ),
  );
}

/** Stored nodes an inclusion proof (RFC 9162 §2.1.3.1) reads: O(log n) of them. */
export function nodesForInclusion(index: number, size: number): NodeId[] {
  return nodesOf(inclusionRanges(index, size));
}

/** Stored nodes a consistency proof (RFC 9162 §2.1.4.1) reads: O(log n) of them. */
export function nodesForConsistency(oldSize: number, newSize: number): NodeId[] {
  return nodesOf(consistencyRanges(oldSize, newSize));
}

/** The inclusion proof PATH(index, D[0:size]) of RFC 9162 §2.1.3.1, leaf end first. */
export function inclusionProof(index: number, size: number, read: NodeReader): Uint8Array[] {
  return hashesOf(inclusionRanges(index, size), read);
}

/** The consistency proof PROOF(oldSize, D[0:newSize]) of RFC 9162 §2.1.4.1. */
export function consistencyProof(oldSize: number, newSize: number, read: NodeReader): Uint8Array[] {
  return hashesOf(consistencyRanges(oldSize, newSize), read);
}
