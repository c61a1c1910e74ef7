import { describe, expect, it } from 'vitest';
import { fromBase64, fromHex, toBase64, toHex } from './bytes.ts';

describe('hex and base64', () => {
  it('round-trips every length up to 70 and matches the RFC 4648 §10 vectors', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, b64] of vectors) {
      const bytes = new TextEncoder().encode(plain);
      expect(toBase64(bytes)).toBe(b64);
      expect(fromBase64(b64)).toEqual(bytes);
    }
    for (let n = 0; n <= 70; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 151 + n) & 255);
      expect(fromBase64(toBase64(b))).toEqual(b);
      expect(toBase64(b)).toBe(Buffer.from(b).toString('base64'));
      expect(fromHex(toHex(b))).toEqual(b);
    }
  });

  it('rejects invalid and non-canonical base64', () => {
    for (const s of [
      'Zg',
      'Zg=',
      'Zh==',
      'Zm9=',
      'Zm9v\n',
      ' Zm9v',
      'Zm-v',
      'Zm_v',
      'Z===',
      '====',
      'Zm9vY',
      'Zg==Zg==',
    ]) {
      expect(() => fromBase64(s), s).toThrow(TypeError);
    }
  });

  it('writes lower-case hex, reads either case, rejects malformed hex', () => {
    expect(toHex(Uint8Array.of(0, 171, 255))).toBe('00abff');
    expect(fromHex('00ABff')).toEqual(Uint8Array.of(0, 171, 255));
    for (const s of ['0', 'zz', '0x00', '00 ']) expect(() => fromHex(s), s).toThrow(TypeError);
  });
});
