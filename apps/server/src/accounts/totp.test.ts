import { describe, expect, test } from 'vitest';
import {
  base32Decode,
  base32Encode,
  hotp,
  otpauthUri,
  totp,
  totpStep,
  verifyTotp,
} from './totp.ts';

const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');

describe('TOTP', () => {
  test.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('RFC 6238 appendix B, SHA-1, T=%i → %s', (seconds, code) => {
    expect(totp(RFC_SECRET, new Date(seconds * 1000), 8)).toBe(code);
  });

  test.each([
    [0, '755224'],
    [1, '287082'],
    [9, '520489'],
  ])('RFC 4226 appendix D, counter %i → %s', (counter, code) => {
    expect(hotp(RFC_SECRET, counter)).toBe(code);
  });

  test('base32 round trip and RFC 4648 vector', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI').toString()).toBe('foobar');
    expect(base32Decode(base32Encode(RFC_SECRET))).toEqual(RFC_SECRET);
  });

  const secret = base32Encode(RFC_SECRET);
  const at = new Date(1_111_111_111_000);

  test('accepts the current step and one step either side, not two', () => {
    const step = totpStep(at);
    for (const delta of [-1, 0, 1]) {
      expect(verifyTotp(secret, hotp(RFC_SECRET, step + delta), at, null)).toBe(step + delta);
    }
    expect(verifyTotp(secret, hotp(RFC_SECRET, step + 2), at, null)).toBeNull();
    expect(verifyTotp(secret, hotp(RFC_SECRET, step - 2), at, null)).toBeNull();
  });

  test('a code is not accepted again within its step (replay)', () => {
    const code = totp(RFC_SECRET, at);
    const used = verifyTotp(secret, code, at, null);
    expect(used).toBe(totpStep(at));
    expect(verifyTotp(secret, code, at, used)).toBeNull();
  });

  test('otpauth URI names issuer, account and secret', () => {
    expect(otpauthUri('ABC', 'ivan', 'Custody Records')).toBe(
      'otpauth://totp/Custody%20Records%3Aivan?secret=ABC&issuer=Custody+Records&algorithm=SHA1&digits=6&period=30',
    );
  });
});
