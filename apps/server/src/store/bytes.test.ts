import fc from 'fast-check';
import { toBase64, toHex } from '@custody/ledger';
import { describe, expect, it } from 'vitest';
import { base64, hex, sameBytes } from './bytes.ts';

describe('store byte codecs', () => {
  it('encode exactly as the ledger does, also for views into larger buffers', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.nat({ max: 5 }), (bytes, offset) => {
        const backing = new Uint8Array(bytes.length + offset + 3);
        backing.set(bytes, offset);
        const sub = backing.subarray(offset, offset + bytes.length);
        expect(hex(sub)).toBe(toHex(bytes));
        expect(base64(sub)).toBe(toBase64(bytes));
        expect(sameBytes(sub, bytes)).toBe(true);
      }),
      { seed: 4648, numRuns: 500 },
    );
    expect(sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(sameBytes(new Uint8Array([1]), new Uint8Array([1, 0]))).toBe(false);
  });
});
