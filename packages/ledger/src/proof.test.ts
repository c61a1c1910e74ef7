import { describe, expect, it } from 'vitest';
import { toHex } from './bytes.ts';
import { rootOfLeafHashes } from './hash.ts';
import { buildTree, flipBit, referencePath, referenceSubproof } from './merkle.fixture.ts';
import {
  consistencyProof,
  inclusionProof,
  nodesCompletedBy,
  nodesForConsistency,
  nodesForInclusion,
  nodesForRoot,
  rootFromNodes,
} from './proof.ts';
import { verifyConsistency, verifyInclusion } from './verify.ts';

const MAX = 128;
/** Leaves beyond MAX only serve the shapes of changed sizes. */
const tree = buildTree(2 * MAX + 2);
const roots = Array.from({ length: MAX + 1 }, (_, n) => rootOfLeafHashes(tree.leaves.slice(0, n)));
const hex = (hs: readonly Uint8Array[]): string[] => hs.map(toHex);
const at = <T>(xs: readonly T[], i: number): T => xs[i] as T;

interface Mutation {
  what: string;
  proof: Uint8Array[];
}

/** Structural mutations plus one flipped bit per element; the bit position walks all 256. */
function mutations(proof: readonly Uint8Array[], seed: number): Mutation[] {
  const out: Mutation[] = [];
  proof.forEach((_, j) => {
    const flipped = [...proof];
    flipped[j] = flipBit(at(proof, j), (seed + 37 * j) % 256);
    out.push({ what: `bit in [${j}]`, proof: flipped });
  });
  if (proof.length > 0) {
    out.push({ what: 'truncated', proof: proof.slice(0, -1) });
    out.push({ what: 'first removed', proof: proof.slice(1) });
  }
  out.push({ what: 'extended', proof: [...proof, at(roots, 1)] });
  out.push({ what: 'prefixed', proof: [at(roots, 1), ...proof] });
  if (proof.length > 1) out.push({ what: 'reversed', proof: [...proof].reverse() });
  if (proof.length > 0) out.push({ what: 'duplicated', proof: [...proof, ...proof] });
  return out;
}

// Heavy loops: about 6 s on an idle 2-vCPU machine, more when other suites share it.
describe('proofs from stored nodes, every tree size 1..128', { timeout: 180_000 }, () => {
  it('computes every root from O(log n) stored nodes', () => {
    for (let n = 0; n <= MAX; n++) {
      expect(toHex(rootFromNodes(n, tree.read)), `size ${n}`).toBe(toHex(at(roots, n)));
      expect(nodesForRoot(n).length).toBeLessThanOrEqual(8);
    }
  });

  it('produces exactly the RFC 9162 §2.1.3.1 inclusion proofs, which verify', () => {
    const bad: string[] = [];
    for (let n = 1; n <= MAX; n++) {
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(i, n, tree.read);
        const ref = referencePath(i, tree.leaves, 0, n).proof;
        const ok = hex(proof).join() === hex(ref).join() && nodesForInclusion(i, n).length <= 14;
        if (!ok || !verifyInclusion(i, n, at(tree.leaves, i), proof, at(roots, n)))
          bad.push(`${i}/${n}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('rejects every inclusion proof after a flipped bit, truncation or extension', () => {
    const accepted: string[] = [];
    let seed = 0;
    for (let n = 1; n <= MAX; n++) {
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(i, n, tree.read);
        const leaf = at(tree.leaves, i);
        const root = at(roots, n);
        for (const m of mutations(proof, seed++)) {
          if (verifyInclusion(i, n, leaf, m.proof, root)) accepted.push(`${i}/${n} ${m.what}`);
        }
        if (verifyInclusion(i, n, flipBit(leaf, seed % 256), proof, root))
          accepted.push(`${i}/${n} leaf`);
        if (verifyInclusion(i, n, leaf, proof, flipBit(root, seed % 256)))
          accepted.push(`${i}/${n} root`);
      }
    }
    expect(accepted).toEqual([]);
    expect(seed).toBe((MAX * (MAX + 1)) / 2);
  });

  it('rejects every inclusion proof for any other index of the same tree', () => {
    const accepted: string[] = [];
    for (let n = 1; n <= MAX; n++) {
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(i, n, tree.read);
        for (const j of [i - 1, i + 1, i ^ 1, i ^ 2, i ^ 4, 2 * i + 1, n, -1, 0.5]) {
          if (j === i) continue;
          if (verifyInclusion(j, n, at(tree.leaves, i), proof, at(roots, n)))
            accepted.push(`${i}->${j}/${n}`);
        }
      }
    }
    expect(accepted).toEqual([]);
  });

  it('rejects a changed size unless the RFC path has the same shape (size is bound by the checkpoint)', () => {
    const wrong: string[] = [];
    let sameShape = 0;
    for (let n = 1; n <= MAX; n++) {
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(i, n, tree.read);
        const shape = referencePath(i, tree.leaves, 0, n).shape;
        for (const n2 of [n - 1, n + 1, 2 * n, Math.floor(n / 2), n + 2]) {
          if (n2 === n || n2 <= i) {
            if (verifyInclusion(i, n2, at(tree.leaves, i), proof, at(roots, n)))
              wrong.push(`${i}/${n}->${n2}`);
            continue;
          }
          const same = referencePath(i, tree.leaves, 0, n2).shape === shape;
          if (same) sameShape++;
          if (verifyInclusion(i, n2, at(tree.leaves, i), proof, at(roots, n)) !== same)
            wrong.push(`${i}/${n}->${n2}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(sameShape).toBeGreaterThan(0);
  });

  it('produces exactly the RFC 9162 §2.1.4.1 consistency proofs, which verify', () => {
    const bad: string[] = [];
    for (let n = 1; n <= MAX; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(m, n, tree.read);
        const ref = referenceSubproof(m, tree.leaves, true, 0, n).proof;
        const ok = hex(proof).join() === hex(ref).join() && nodesForConsistency(m, n).length <= 15;
        if (!ok || !verifyConsistency(m, n, at(roots, m), at(roots, n), proof))
          bad.push(`${m}->${n}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('takes the empty tree as a prefix of every tree, with an empty proof only (tlog-witness)', () => {
    const wrong: string[] = [];
    const empty = at(roots, 0);
    for (let n = 0; n <= MAX; n++) {
      const r = at(roots, n);
      if (consistencyProof(0, n, tree.read).length !== 0) wrong.push(`${n}: proof not empty`);
      if (!verifyConsistency(0, n, empty, r, [])) wrong.push(`${n}: rejected`);
      if (verifyConsistency(0, n, empty, r, [r])) wrong.push(`${n}: one-hash proof accepted`);
      if (verifyConsistency(0, n, flipBit(empty, n % 256), r, [])) wrong.push(`${n}: old root`);
      if (verifyConsistency(0, n, empty, r.slice(0, 31), [])) wrong.push(`${n}: short root`);
    }
    expect(wrong).toEqual([]);
    expect(verifyConsistency(0, 0, empty, at(roots, 1), [])).toBe(false);
  });

  it('rejects every consistency proof after a flipped bit, truncation or extension', () => {
    const accepted: string[] = [];
    let seed = 0;
    for (let n = 1; n <= MAX; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(m, n, tree.read);
        const [r1, r2] = [at(roots, m), at(roots, n)];
        for (const mu of mutations(proof, seed++)) {
          if (verifyConsistency(m, n, r1, r2, mu.proof)) accepted.push(`${m}->${n} ${mu.what}`);
        }
        if (verifyConsistency(m, n, flipBit(r1, seed % 256), r2, proof))
          accepted.push(`${m}->${n} r1`);
        if (verifyConsistency(m, n, r1, flipBit(r2, seed % 256), proof))
          accepted.push(`${m}->${n} r2`);
      }
    }
    expect(accepted).toEqual([]);
    expect(seed).toBe((MAX * (MAX + 1)) / 2);
  });

  it('rejects a changed old or new size unless the RFC proof has the same shape', () => {
    const shapeOf = (m: number, n: number): string =>
      `${String(m & (m - 1) ? 0 : 1)}${referenceSubproof(m, tree.leaves, true, 0, n).shape}`;
    const wrong: string[] = [];
    for (let n = 1; n <= MAX; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(m, n, tree.read);
        const shape = shapeOf(m, n);
        const pairs: [number, number][] = [
          [m - 1, n],
          [m + 1, n],
          [m, n + 1],
          [m, n - 1],
          [m, 2 * n],
          [m ^ 1, n],
        ];
        for (const [m2, n2] of pairs) {
          if (m2 === m && n2 === n) continue;
          const valid = m2 >= 1 && m2 <= n2;
          const want = valid && m2 !== n2 && m !== n && shapeOf(m2, n2) === shape;
          if (verifyConsistency(m2, n2, at(roots, m), at(roots, n), proof) !== want) {
            wrong.push(`${m}->${n} as ${m2}->${n2}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('reads only the nodes it announces', () => {
    for (const [i, n] of [
      [0, 1],
      [5, 8],
      [77, 128],
      [100, 101],
      [3, 127],
    ] as const) {
      const before = tree.reads();
      inclusionProof(i, n, tree.read);
      expect(tree.reads() - before).toBe(nodesForInclusion(i, n).length);
    }
  });
});

describe('node addressing', () => {
  it('lists the nodes completed by each append', () => {
    expect(nodesCompletedBy(0)).toEqual([]);
    expect(nodesCompletedBy(1)).toEqual([{ level: 1, index: 0 }]);
    expect(nodesCompletedBy(7)).toEqual([
      { level: 1, index: 3 },
      { level: 2, index: 1 },
      { level: 3, index: 0 },
    ]);
    expect(nodesCompletedBy(2 ** 53 - 1)).toHaveLength(53);
  });

  it('stores fewer than two nodes per leaf', () => {
    let total = 0;
    for (let i = 0; i < 1024; i++) total += 1 + nodesCompletedBy(i).length;
    expect(total).toBe(2 * 1024 - 1);
  });

  it('addresses trees up to 2^53 leaves exactly', () => {
    const size = 2 ** 53;
    expect(nodesForRoot(size)).toEqual([{ level: 53, index: 0 }]);
    expect(nodesForRoot(size - 1)).toHaveLength(53);
    const inc = nodesForInclusion(size - 2, size - 1);
    expect(inc.length).toBeLessThanOrEqual(2 * 53);
    expect(inc.every((n) => Number.isSafeInteger(n.index) && n.index * 2 ** n.level < size)).toBe(
      true,
    );
    expect(nodesForConsistency(2 ** 40 + 3, size).length).toBeLessThanOrEqual(2 * 53 + 1);
  });

  it('refuses sizes and indices outside the tree', () => {
    expect(() => nodesForRoot(2 ** 53 + 2)).toThrow(RangeError);
    expect(() => nodesForRoot(-1)).toThrow(RangeError);
    expect(() => nodesForInclusion(3, 3)).toThrow(RangeError);
    expect(() => nodesForInclusion(1.5, 3)).toThrow(RangeError);
    expect(() => nodesForConsistency(4, 3)).toThrow(RangeError);
    expect(nodesForConsistency(0, 5)).toEqual([]);
    expect(() => rootFromNodes(1000, tree.read)).toThrow(/not stored/);
  });
});
