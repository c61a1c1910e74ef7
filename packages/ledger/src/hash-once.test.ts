import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './bytes.ts';
import { leafHash, nodeHash, sha256 } from './hash.ts';
import { leafHashOnce, nodeHashOnce, sha256Once } from './hash-once.ts';

const bytes = (max: number) => fc.uint8Array({ maxLength: max });
const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe('one-shot hashes', () => {
  it('agree with the streaming hashes on the RFC 6962 vectors', () => {
    expect(toHex(leafHashOnce(new Uint8Array(0)))).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    expect(toHex(sha256Once(new Uint8Array(0)))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    const a = leafHash(new Uint8Array(0));
    const b = leafHash(fromHex('00'));
    expect(toHex(nodeHashOnce(a, b))).toBe(
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    );
  });

  it('agree with sha256, leafHash and nodeHash on any input, including long leaves', () => {
    fc.assert(
      fc.property(bytes(5000), hash32, hash32, bytes(70), (data, l, r, odd) => {
        expect(sha256Once(data)).toEqual(sha256(data));
        expect(leafHashOnce(data)).toEqual(leafHash(data));
        expect(nodeHashOnce(l, r)).toEqual(nodeHash(l, r));
        expect(nodeHashOnce(odd, l)).toEqual(nodeHash(odd, l));
      }),
      { seed: 6962, numRuns: 300 },
    );
  });

  it('return independent results (the scratch buffer is not shared)', () => {
    const first = leafHashOnce(new Uint8Array([1, 2, 3]));
    const copy = first.slice();
    leafHashOnce(new Uint8Array(3000));
    nodeHashOnce(first, first);
    expect(first).toEqual(copy);
  });
});
