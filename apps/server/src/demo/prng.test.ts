import { describe, expect, test } from 'vitest';
import { createRng } from './prng.ts';

describe('createRng', () => {
  test('the same seed gives the same sequence; another seed another one', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  test('int stays within its bounds and reaches both ends', () => {
    const r = createRng(1);
    const seen = new Set(Array.from({ length: 500 }, () => r.int(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  test('uuid is a well-formed v4 and unique', () => {
    const r = createRng(2);
    const ids = Array.from({ length: 1000 }, () => r.uuid());
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(1000);
  });

  test('pick refuses an empty list', () => {
    expect(() => createRng(3).pick([])).toThrow(RangeError);
  });
});
