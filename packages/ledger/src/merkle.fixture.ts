import { CompactRange } from './compact-range.ts';
import { leafHash, nodeHash, rootOfLeafHashes } from './hash.ts';
import type { NodeReader } from './tree-math.ts';
import { splitPoint } from './tree-math.ts';

/** Test support: leaf hashes of leaves "0", "1", ... and every stored node of their tree. */
export function buildTree(size: number): {
  leaves: Uint8Array[];
  read: NodeReader;
  reads: () => number;
} {
  const leaves = Array.from({ length: size }, (_, i) => leafHash(new TextEncoder().encode(`${i}`)));
  const nodes = new Map<string, Uint8Array>();
  const range = CompactRange.empty();
  for (const leaf of leaves) {
    for (const n of range.append(leaf)) nodes.set(`${n.level}/${n.index}`, n.hash);
  }
  let count = 0;
  const read: NodeReader = (level, index) => {
    const h = nodes.get(`${level}/${index}`);
    if (h === undefined) throw new Error(`node ${level}/${index} is not stored`);
    count++;
    return h;
  };
  return { leaves, read, reads: () => count };
}

const memo = new WeakMap<readonly Uint8Array[], Map<string, Uint8Array>>();

/** MTH(D[lo:hi]) of RFC 9162 §2.1.1, recursive as the RFC states it, memoised per leaf array. */
function mth(d: readonly Uint8Array[], lo: number, hi: number): Uint8Array {
  let cache = memo.get(d);
  if (cache === undefined) {
    cache = new Map();
    memo.set(d, cache);
  }
  const key = `${lo}:${hi}`;
  let h = cache.get(key);
  if (h === undefined) {
    if (hi - lo === 1) h = d[lo] ?? new Uint8Array(0);
    else if (hi === lo) h = rootOfLeafHashes([]);
    else {
      const k = splitPoint(hi - lo);
      h = nodeHash(mth(d, lo, lo + k), mth(d, lo + k, hi));
    }
    cache.set(key, h);
  }
  return h;
}

interface Reference {
  proof: Uint8Array[];
  shape: string;
}

/** RFC 9162 §2.1.3.1 PATH(m, D[lo:hi]) as the RFC states it, with the side of each sibling. */
export function referencePath(
  m: number,
  d: readonly Uint8Array[],
  lo = 0,
  hi = d.length,
): Reference {
  if (hi - lo <= 1) return { proof: [], shape: '' };
  const k = splitPoint(hi - lo);
  if (m < k) {
    const sub = referencePath(m, d, lo, lo + k);
    return { proof: [...sub.proof, mth(d, lo + k, hi)], shape: `${sub.shape}R` };
  }
  const sub = referencePath(m - k, d, lo + k, hi);
  return { proof: [...sub.proof, mth(d, lo, lo + k)], shape: `${sub.shape}L` };
}

/** RFC 9162 §2.1.4.1 SUBPROOF(m, D[lo:hi], b) as the RFC states it, with its recursion shape. */
export function referenceSubproof(
  m: number,
  d: readonly Uint8Array[],
  b: boolean,
  lo = 0,
  hi = d.length,
): Reference {
  if (m === hi - lo) return b ? { proof: [], shape: '' } : { proof: [mth(d, lo, hi)], shape: '*' };
  const k = splitPoint(hi - lo);
  if (m <= k) {
    const sub = referenceSubproof(m, d, b, lo, lo + k);
    return { proof: [...sub.proof, mth(d, lo + k, hi)], shape: `${sub.shape}R` };
  }
  const sub = referenceSubproof(m - k, d, false, lo + k, hi);
  return { proof: [...sub.proof, mth(d, lo, lo + k)], shape: `${sub.shape}L` };
}

export function flipBit(b: Uint8Array, bit: number): Uint8Array {
  const out = b.slice();
  out[bit >> 3] = (out[bit >> 3] ?? 0) ^ (1 << (bit & 7));
  return out;
}

export { nodeHash };
