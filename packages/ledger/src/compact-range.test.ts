import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from './bytes.ts';
import { CompactRange } from './compact-range.ts';
import { EMPTY_ROOT, leafHash, rootOfLeafHashes } from './hash.ts';
import { nodeHashOnce } from './hash-once.ts';
import { buildTree } from './merkle.fixture.ts';
import { consistencyProof, inclusionProof, nodesCompletedBy } from './proof.ts';
import { perfectSubtrees, type NodeReader } from './tree-math.ts';
import { verifyConsistency, verifyInclusion } from './verify.ts';

const leaf = (i: number): Uint8Array => leafHash(new TextEncoder().encode(`leaf ${i}`));

function store(): {
  put: (n: { level: number; index: number; hash: Uint8Array }) => void;
  read: NodeReader;
} {
  const nodes = new Map<string, Uint8Array>();
  return {
    put: (n) => nodes.set(`${n.level}/${n.index}`, n.hash),
    read: (level, index) => {
      const h = nodes.get(`${level}/${index}`);
      if (h === undefined) throw new Error(`missing ${level}/${index}`);
      return h;
    },
  };
}

describe('CompactRange', () => {
  it('appended leaf by leaf, gives the reference root and exactly the completed nodes', () => {
    const range = CompactRange.empty();
    expect(range.root()).toEqual(EMPTY_ROOT);
    const leaves: Uint8Array[] = [];
    for (let i = 0; i < 300; i++) {
      leaves.push(leaf(i));
      const nodes = range.append(leaf(i));
      expect(nodes[0]).toEqual({ level: 0, index: i, hash: leaf(i) });
      expect(nodes.slice(1).map(({ level, index }) => ({ level, index }))).toEqual(
        nodesCompletedBy(i),
      );
      for (const n of nodes) {
        const span = 2 ** n.level;
        expect(toHex(n.hash)).toBe(
          toHex(rootOfLeafHashes(leaves.slice(n.index * span, (n.index + 1) * span))),
        );
      }
      expect(range.size).toBe(i + 1);
      expect(toHex(range.root())).toBe(toHex(rootOfLeafHashes(leaves)));
    }
  });

  it('resumes from stored nodes at every size and continues identically', () => {
    const s = store();
    const range = CompactRange.empty();
    for (let i = 0; i < 70; i++) {
      const resumed = CompactRange.fromNodes(i, s.read);
      expect(resumed.size).toBe(i);
      expect(toHex(resumed.root())).toBe(toHex(range.root()));
      const next = leaf(i);
      const fromResumed = resumed.append(next);
      const fromOriginal = range.append(next);
      expect(fromResumed).toEqual(fromOriginal);
      fromOriginal.forEach(s.put);
      expect(toHex(resumed.root())).toBe(toHex(range.root()));
    }
  });

  it('splits any range into the largest perfect subtrees, left to right', () => {
    expect(perfectSubtrees(0, 0)).toEqual([]);
    expect(perfectSubtrees(0, 7)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(perfectSubtrees(3, 13)).toEqual([
      { level: 0, index: 3 },
      { level: 2, index: 1 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    fc.assert(
      fc.property(fc.nat(300), fc.nat(300), (a, b) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        const pieces = perfectSubtrees(start, end);
        let pos = start;
        for (const p of pieces) {
          expect(p.index * 2 ** p.level).toBe(pos);
          pos += 2 ** p.level;
          // Largest: the subtree one level up does not start here or does not end by `end`.
          const up = 2 ** (p.level + 1);
          expect(p.index % 2 === 1 || (p.index / 2 + 1) * up > end).toBe(true);
        }
        expect(pos).toBe(Math.max(start, end));
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('appends perfect subtrees by their roots as their leaves one by one would', () => {
    const leaves = Array.from({ length: 100 }, (_, i) => leaf(i));
    fc.assert(
      fc.property(fc.array(fc.nat(99), { maxLength: 6 }), (cuts) => {
        const bounds = [...new Set([0, ...cuts, 100])].sort((a, b) => a - b);
        const byLeaf = CompactRange.empty();
        const bySubtree = CompactRange.empty();
        for (let b = 1; b < bounds.length; b++) {
          const [from, to] = [bounds[b - 1] as number, bounds[b] as number];
          for (const p of perfectSubtrees(from, to)) {
            const span = 2 ** p.level;
            const start = p.index * span;
            const completed = leaves
              .slice(start, start + span)
              .flatMap((h) => byLeaf.append(h))
              .filter((n) => n.level >= p.level);
            const root = rootOfLeafHashes(leaves.slice(start, start + span));
            expect(bySubtree.appendSubtree(p.level, root)).toEqual(completed);
            expect(toHex(bySubtree.root())).toBe(toHex(byLeaf.root()));
          }
        }
        expect(bySubtree.size).toBe(100);
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('refuses a subtree that does not start at the range size', () => {
    const range = CompactRange.empty();
    range.append(leaf(0));
    expect(() => range.appendSubtree(1, leaf(1))).toThrow(RangeError);
    expect(() => range.appendSubtree(0, new Uint8Array(31))).toThrow(RangeError);
  });

  it('rejects a leaf hash of the wrong length and a reader missing a node', () => {
    expect(() => CompactRange.empty().append(new Uint8Array(31))).toThrow(RangeError);
    expect(() => CompactRange.fromNodes(3, buildTree(2).read)).toThrow(/not stored/);
  });
});

describe('CompactRange.clone', () => {
  it('grows independently of the range it was copied from', () => {
    const a = CompactRange.empty();
    for (let i = 0; i < 5; i++) a.append(leaf(i));
    const rootOf5 = toHex(a.root());
    const b = a.clone();
    for (let i = 5; i < 9; i++) b.append(leaf(i));
    expect(a.size).toBe(5);
    expect(toHex(a.root())).toBe(rootOf5);
    expect(toHex(b.root())).toBe(
      toHex(rootOfLeafHashes(Array.from({ length: 9 }, (_, i) => leaf(i)))),
    );
    a.append(leaf(5));
    expect(toHex(a.root())).toBe(
      toHex(rootOfLeafHashes(Array.from({ length: 6 }, (_, i) => leaf(i)))),
    );
  });
});

describe('prove-then-verify properties (fast-check, seed 42)', () => {
  const big = buildTree(600);
  const sizeAndIndex = fc
    .integer({ min: 1, max: 600 })
    .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 })));
  const sizes = fc
    .integer({ min: 1, max: 600 })
    .chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n)));
  const roots = [EMPTY_ROOT];
  const growing = CompactRange.empty();
  for (const l of big.leaves) {
    growing.append(l);
    roots.push(growing.root());
  }
  const root = (n: number): Uint8Array => roots[n] ?? new Uint8Array(0);

  it('every inclusion proof verifies, and not for a different leaf', () => {
    fc.assert(
      fc.property(sizeAndIndex, ([n, i]) => {
        const proof = inclusionProof(i, n, big.read);
        const r = root(n);
        const other = big.leaves[(i + 1) % 600] ?? new Uint8Array(32);
        return (
          verifyInclusion(i, n, big.leaves[i] ?? new Uint8Array(0), proof, r) &&
          !verifyInclusion(i, n, other, proof, r)
        );
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('every consistency proof verifies, and not against a root of another size', () => {
    fc.assert(
      fc.property(sizes, ([m, n]) => {
        const proof = consistencyProof(m, n, big.read);
        const ok = verifyConsistency(m, n, root(m), root(n), proof);
        const forged = m < n && verifyConsistency(m, n, root(m), root(n - 1), proof);
        return ok && !forged;
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('proofs stay valid as the tree grows past them', () => {
    fc.assert(
      fc.property(sizeAndIndex, fc.integer({ min: 0, max: 100 }), ([n, i], grow) => {
        const n2 = Math.min(600, n + grow);
        const inc = inclusionProof(i, n2, big.read);
        const cons = consistencyProof(n, n2, big.read);
        return (
          verifyInclusion(i, n2, big.leaves[i] ?? new Uint8Array(0), inc, root(n2)) &&
          verifyConsistency(n, n2, root(n), root(n2), cons)
        );
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe('CompactRange with the one-shot node hash', () => {
  it('gives the same nodes and roots as with nodeHash, fresh and resumed', () => {
    const s = store();
    const plain = CompactRange.empty();
    const fast = CompactRange.empty(nodeHashOnce);
    for (let i = 0; i < 100; i++) {
      const a = plain.append(leaf(i));
      expect(fast.append(leaf(i))).toEqual(a);
      a.forEach(s.put);
      expect(toHex(fast.root())).toBe(toHex(plain.root()));
      const resumed = CompactRange.fromNodes(i + 1, s.read, nodeHashOnce);
      expect(toHex(resumed.root())).toBe(toHex(plain.root()));
    }
  });
});
