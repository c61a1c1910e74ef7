import { EMPTY_ROOT, HASH_SIZE, nodeHash } from './hash.ts';
import type { NodeReader } from './tree-math.ts';
import { assertTreeSize, foldRight, MAX_TREE_SIZE, rangeNodes } from './tree-math.ts';

/** RFC 9162 §2.1.1 node hash SHA-256(0x01 || left || right), or an implementation equal to it. */
export type NodeHasher = (left: Uint8Array, right: Uint8Array) => Uint8Array;

/** A stored complete subtree produced by an append. */
export interface StoredNode {
  level: number;
  index: number;
  hash: Uint8Array;
}

/**
 * The right edge of an RFC 9162 §2.1.1 tree: the hashes of its perfect subtrees, largest first
 * (a compact range over [0, size)). The store keeps one inside its write transaction; each
 * append returns the newly complete nodes it must persist.
 */
export class CompactRange {
  #size: number;
  readonly #edge: Uint8Array[];
  readonly #node: NodeHasher;

  private constructor(size: number, edge: Uint8Array[], node: NodeHasher) {
    this.#size = size;
    this.#edge = edge;
    this.#node = node;
  }

  /** `node` may be swapped for an equal, faster hash such as `nodeHashOnce`. */
  static empty(node: NodeHasher = nodeHash): CompactRange {
    return new CompactRange(0, [], node);
  }

  /** Resumes from stored nodes: reads the nodesForRoot(size) hashes. */
  static fromNodes(size: number, read: NodeReader, node: NodeHasher = nodeHash): CompactRange {
    assertTreeSize(size, 'size');
    return new CompactRange(
      size,
      rangeNodes(0, size).map((n) => read(n.level, n.index)),
      node,
    );
  }

  /** An independent copy: appending to it leaves this range as it is. */
  clone(): CompactRange {
    return new CompactRange(this.#size, [...this.#edge], this.#node);
  }

  get size(): number {
    return this.#size;
  }

  /** Appends one leaf hash; returns the level-0 node and every node it completes, lowest first. */
  append(leafHash: Uint8Array): StoredNode[] {
    return this.appendSubtree(0, leafHash);
  }

  /**
   * Appends the root of a perfect subtree of 2^`level` leaves (computed elsewhere, e.g. by a
   * worker thread); the size must be a multiple of 2^`level`. Returns that node and every node
   * it completes, lowest first: the same nodes as appending its leaves one by one returns from
   * `level` up.
   */
  appendSubtree(level: number, hash: Uint8Array): StoredNode[] {
    if (hash.length !== HASH_SIZE) throw new RangeError('a node hash is 32 bytes');
    const width = 2 ** level;
    if (!Number.isSafeInteger(width) || this.#size % width !== 0) {
      throw new RangeError(`a subtree of level ${level} does not start at size ${this.#size}`);
    }
    if (this.#size + width > MAX_TREE_SIZE) throw new RangeError('tree is full');
    let index = this.#size / width;
    const out: StoredNode[] = [{ level, index, hash }];
    while (index % 2 === 1) {
      const left = this.#edge.pop();
      if (left === undefined) throw new Error('compact range is inconsistent with its size');
      hash = this.#node(left, hash);
      index = (index - 1) / 2;
      level++;
      out.push({ level, index, hash });
    }
    this.#edge.push(hash);
    this.#size += width;
    return out;
  }

  /** MTH(D[0:size]) of RFC 9162 §2.1.1. */
  root(): Uint8Array {
    return this.#size === 0 ? EMPTY_ROOT : foldRight(this.#edge, this.#node);
  }
}
