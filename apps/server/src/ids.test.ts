import { describe, expect, it } from 'vitest';
import { randomBytesPooled, timeOrderedId } from './ids.ts';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function msOf(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

describe('timeOrderedId (UUID v7)', () => {
  it('has the version 7 and RFC 9562 variant bits and the given millisecond', () => {
    const at = Date.UTC(2026, 10, 28, 3, 0, 0, 123) + 1e9; // later than any id made so far
    const id = timeOrderedId(at);
    expect(id).toMatch(V7);
    expect(msOf(id)).toBe(at);
  });

  it('sorts in the order made, within one millisecond and when the clock steps back', () => {
    const t = Date.now() + 2e9;
    const ids = [
      ...Array.from({ length: 5000 }, () => timeOrderedId(t)),
      ...Array.from({ length: 100 }, () => timeOrderedId(t - 60_000)),
      ...Array.from({ length: 100 }, (_, i) => timeOrderedId(t + 1 + i)),
    ];
    for (const id of ids) expect(id).toMatch(V7);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // 5,000 ids in one millisecond overflow the 12-bit counter into the next millisecond only.
    expect(msOf(ids[4999] ?? '')).toBeLessThanOrEqual(t + 2);
  });

  it('differs in its random bits between ids of one millisecond', () => {
    const t = Date.now() + 3e9;
    const tails = new Set(
      Array.from({ length: 200 }, () => timeOrderedId(t).replace(/-/g, '').slice(17)),
    );
    expect(tails.size).toBe(200);
  });
});

describe('randomBytesPooled', () => {
  it('hands out fresh copies, never the same bytes twice, across refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const b = randomBytesPooled(32);
      expect(b).toHaveLength(32);
      seen.add(Buffer.from(b).toString('hex'));
    }
    expect(seen.size).toBe(1000);
    const a = randomBytesPooled(16);
    const copy = Uint8Array.from(a);
    randomBytesPooled(4096);
    expect(a).toEqual(copy);
  });

  it('refuses sizes it cannot serve', () => {
    expect(() => randomBytesPooled(4097)).toThrow(RangeError);
    expect(() => randomBytesPooled(-1)).toThrow(RangeError);
    expect(randomBytesPooled(0)).toHaveLength(0);
  });
});
