import fc from 'fast-check';
import {
  CompactRange,
  leafHash,
  nodesCompletedBy,
  nodesForInclusion,
  nodesForRoot,
} from '@custody/ledger';
import { describe, expect, it } from 'vitest';
import { NodeWindow, spansCompletedIn } from './node-window.ts';

const leaf = (i: number) => leafHash(new TextEncoder().encode(`leaf ${String(i)}`));
const key = (level: number, index: number) => `${String(level)}/${String(index)}`;

describe('nodes completed by a run of leaves', () => {
  it('are exactly the spans the window reads', () => {
    fc.assert(
      fc.property(fc.nat({ max: 5000 }), fc.integer({ min: 1, max: 700 }), (lo, n) => {
        const expected = new Set<string>();
        for (let i = lo; i < lo + n; i++) {
          expected.add(key(0, i));
          for (const c of nodesCompletedBy(i)) expected.add(key(c.level, c.index));
        }
        const spanned = new Set<string>();
        for (const s of spansCompletedIn(lo, lo + n)) {
          for (let i = s.from; i < s.to; i++) spanned.add(key(s.level, i));
        }
        expect(spanned).toEqual(expected);
      }),
      { seed: 3, numRuns: 200 },
    );
  });

  it('are found in the window by level and index, and nothing else is', () => {
    const w = new NodeWindow(spansCompletedIn(6, 10));
    const h = leaf(1);
    w.set(0, 7, h);
    w.set(2, 1, h);
    expect(w.get(0, 7)).toEqual(h);
    expect(w.get(2, 1)).toEqual(h);
    expect(w.get(0, 8)).toBeUndefined();
    expect(w.get(0, 5)).toBeUndefined();
    expect(w.get(5, 0)).toBeUndefined();
    const copy = NodeWindow.unpack(structuredClone(w.pack()));
    expect(copy.get(0, 7)).toEqual(h);
    expect(copy.get(0, 8)).toBeUndefined();
    w.set(1, 3, h.subarray(1));
    expect(w.get(1, 3)).toEqual(new Uint8Array(0));
  });
});

describe('receipts of a batch', () => {
  it('need only the edge before the batch and the nodes the batch completes', () => {
    fc.assert(
      fc.property(fc.nat({ max: 3000 }), fc.integer({ min: 1, max: 300 }), (before, count) => {
        const have = new Set(nodesForRoot(before).map((n) => key(n.level, n.index)));
        const range = CompactRange.empty();
        for (let i = 0; i < before + count; i++) {
          const done = range.append(leaf(i));
          if (i >= before) for (const n of done) have.add(key(n.level, n.index));
        }
        for (let i = before; i < before + count; i++) {
          for (const n of nodesForInclusion(i, before + count)) {
            expect(have.has(key(n.level, n.index))).toBe(true);
          }
        }
      }),
      { seed: 9162, numRuns: 60 },
    );
  });
});
