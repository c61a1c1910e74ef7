import * as ledger from '@custody/ledger';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';
import { fromBase64, fromHex, toBase64, toHex } from './bytes.ts';
import { leafHash, nodeHash, sha256, verifyInclusion } from './merkle.ts';

const utf8 = new TextEncoder();

function tree(size: number): { leaves: Uint8Array[]; read: ledger.NodeReader } {
  const leaves = Array.from({ length: size }, (_, i) => ledger.leafHash(utf8.encode(`${i}`)));
  const nodes = new Map<string, Uint8Array>();
  const range = ledger.CompactRange.empty();
  for (const l of leaves)
    for (const n of range.append(l)) nodes.set(`${n.level}/${n.index}`, n.hash);
  return { leaves, read: (level, i) => nodes.get(`${level}/${i}`) ?? new Uint8Array(32) };
}

describe('browser hashes (RFC 9162 §2.1.1) against the ledger', () => {
  it('hashes the empty leaf to the RFC 6962 value', async () => {
    expect(toHex(await leafHash(new Uint8Array(0)))).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    expect(toHex(await sha256(new Uint8Array(0)))).toBe(toHex(ledger.EMPTY_ROOT));
  });

  it('agrees with the ledger on leaf and node hashes of arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        async (a, b) => {
          expect(toHex(await leafHash(a))).toBe(toHex(ledger.leafHash(a)));
          const left = ledger.sha256(a);
          expect(toHex(await nodeHash(left, b))).toBe(toHex(ledger.nodeHash(left, b)));
        },
      ),
      { seed: 6962, numRuns: 200 },
    );
  });
});

describe('verifyInclusion (RFC 9162 §2.1.3.2)', () => {
  it('accepts every ledger proof up to size 33 and rejects each one changed', async () => {
    for (let size = 1; size <= 33; size++) {
      const { leaves, read } = tree(size);
      const root = ledger.rootOfLeafHashes(leaves);
      for (let index = 0; index < size; index++) {
        const leaf = leaves[index]!;
        const proof = ledger.inclusionProof(index, size, read);
        expect(await verifyInclusion(index, size, leaf, proof, root)).toBe(true);
        for (const [i, n] of [
          [(index + 1) % size, size],
          [index, size + 1],
          [index, size - 1],
        ] as const) {
          const expected = ledger.verifyInclusion(i, n, leaf, proof, root);
          expect(await verifyInclusion(i, n, leaf, proof, root)).toBe(expected);
        }
        if (proof.length > 0) {
          const flipped = proof.map((p, i) => (i === 0 ? ledger.nodeHash(p, p) : p));
          expect(await verifyInclusion(index, size, leaf, flipped, root)).toBe(false);
          expect(await verifyInclusion(index, size, leaf, proof.slice(1), root)).toBe(false);
        }
        expect(await verifyInclusion(index, size, leaf, [...proof, leaf], root)).toBe(false);
      }
    }
  });

  it('rejects an index outside the tree and hashes of the wrong length', async () => {
    const { leaves } = tree(1);
    const root = ledger.rootOfLeafHashes(leaves);
    expect(await verifyInclusion(0, 1, leaves[0]!, [], root)).toBe(true);
    expect(await verifyInclusion(1, 1, leaves[0]!, [], root)).toBe(false);
    expect(await verifyInclusion(-1, 1, leaves[0]!, [], root)).toBe(false);
    expect(await verifyInclusion(0, 1, leaves[0]!.slice(1), [], root)).toBe(false);
  });
});

describe('RFC 8785 canonical JSON and base64 against the ledger', () => {
  it('canonicalises arbitrary JSON exactly as the ledger does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(ledger.canonicalJson(value));
      }),
      { seed: 8785, numRuns: 300 },
    );
  });

  it('sorts keys by UTF-16 code units and writes numbers as ECMAScript does', () => {
    expect(
      canonicalJson({ b: [1e21, 0.1, -0], a: 'é\u2028', '\u{1F600}': null, '\uFFFF': 1 }),
    ).toBe('{"a":"é\u2028","b":[1e+21,0.1,0],"\u{1F600}":null,"\uFFFF":1}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: undefined })).toThrow(TypeError);
  });

  it('round-trips base64 and hex and refuses non-canonical base64', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (b) => {
        expect(toBase64(b)).toBe(ledger.toBase64(b));
        expect(Array.from(fromBase64(toBase64(b)))).toEqual(Array.from(b));
        expect(Array.from(fromHex(toHex(b)))).toEqual(Array.from(b));
      }),
      { seed: 4648, numRuns: 200 },
    );
    expect(() => fromBase64('AB==')).toThrow(TypeError);
    expect(() => fromBase64('AA')).toThrow(TypeError);
    expect(() => fromBase64('A A=')).toThrow(TypeError);
  });
});
