import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

/**
 * The ledger's RFC 8785 code against an independent implementation, the `canonicalize` package
 * (erdtman/canonicalize), on generated JSON values: numbers of every magnitude, strings with any
 * well-formed code point, keys that sort differently by code unit and by code point.
 */
describe('canonicalJson agrees with the canonicalize package (fast-check, seed 42)', () => {
  const json = fc.jsonValue({ maxDepth: 4, stringUnit: 'grapheme' });

  it('on generated JSON values', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('on numbers of every magnitude', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(canonicalJson({ n })).toBe(canonicalize({ n }));
      }),
      { seed: 42, numRuns: 5000 },
    );
  });

  it('on keys outside the Basic Multilingual Plane', () => {
    const keyed = fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 4 }), fc.integer());
    fc.assert(
      fc.property(keyed, (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});
