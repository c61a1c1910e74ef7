import { describe, expect, test } from 'vitest';
import { COUNT_SPANS, countBlocks } from './report-figures.ts';

const DAY = 24;

/** The hours the runs cover, in order. */
function hoursOf(runs: ReturnType<typeof countBlocks>): number[] {
  const out: number[] = [];
  for (const run of runs) {
    const span = COUNT_SPANS[run.level] ?? Number.NaN;
    for (let b = run.from; b < run.to; b++) for (let h = 0; h < span; h++) out.push(b * span + h);
  }
  return out;
}

describe('the blocks of report_counts that make up a period', () => {
  test('each span divides the next', () => {
    for (let i = 1; i < COUNT_SPANS.length; i++) {
      expect((COUNT_SPANS[i] ?? 0) % (COUNT_SPANS[i - 1] ?? 1)).toBe(0);
    }
  });

  test('cover every hour of [from, to) once, in order, and nothing else', () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const cases: [number, number][] = [
      [0, 0],
      [5, 6],
      [488_000, 488_000 + 365 * DAY],
      [6144 * 80 - 1, 6144 * 81 + 1],
    ];
    for (let i = 0; i < 300; i++) {
      const from = 480_000 + next(20_000);
      cases.push([from, from + next(800 * DAY)]);
    }
    for (const [from, to] of cases) {
      const runs = countBlocks(from, to);
      expect(hoursOf(runs)).toEqual(Array.from({ length: to - from }, (_, k) => from + k));
    }
  });

  test('a year is a few dozen blocks, wherever it starts', () => {
    for (let from = 480_000; from < 480_000 + 6144; from += 37) {
      const blocks = countBlocks(from, from + 365 * DAY).reduce((n, r) => n + r.to - r.from, 0);
      // At most 23 hours, 3 blocks of every larger span on each side, and the largest between.
      expect(blocks).toBeLessThanOrEqual(2 * (23 + 3 * 4) + 2);
    }
  });
});
