import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { constantTimeEqual, sha256Hex } from './secrets.ts';

describe('secrets', () => {
  test('sha256Hex is SHA-256 of the UTF-8 text (FIPS 180-4 "abc" vector, Cyrillic)', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    const text = 'csrf:Бойко Іван 👮';
    expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  test('constantTimeEqual: equal strings only, whatever their lengths', () => {
    expect(constantTimeEqual('a'.repeat(64), 'a'.repeat(64))).toBe(true);
    expect(constantTimeEqual('a'.repeat(64), `${'a'.repeat(63)}b`)).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual('Бойко', 'Бойко')).toBe(true);
  });
});
