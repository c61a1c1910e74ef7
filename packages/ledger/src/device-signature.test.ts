import { webcrypto } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { deviceKeyFromSpki, verifyDeviceSignature } from './device-signature.ts';

const subtle = webcrypto.subtle;
const PARAMS = {
  Ed25519: { gen: { name: 'Ed25519' }, sign: { name: 'Ed25519' } },
  'ECDSA-P256': {
    gen: { name: 'ECDSA', namedCurve: 'P-256' },
    sign: { name: 'ECDSA', hash: 'SHA-256' },
  },
} as const;

async function webCryptoKey(algorithm: keyof typeof PARAMS) {
  const pair = (await subtle.generateKey(PARAMS[algorithm].gen, false, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const spki = new Uint8Array(await subtle.exportKey('spki', pair.publicKey));
  const sign = async (text: string) =>
    new Uint8Array(
      await subtle.sign(PARAMS[algorithm].sign, pair.privateKey, new TextEncoder().encode(text)),
    );
  return { spki, sign };
}

describe('tablet signatures (WebCrypto keys, checked without WebCrypto)', () => {
  test.each(['Ed25519', 'ECDSA-P256'] as const)(
    '%s: a WebCrypto signature verifies; another text, another key or a flipped bit does not',
    async (algorithm) => {
      const key = await webCryptoKey(algorithm);
      const other = await webCryptoKey(algorithm);
      const text = '{"entryId":"x","v":1}';
      const message = new TextEncoder().encode(text);
      for (let i = 0; i < 8; i++) {
        const sig = await key.sign(`${text}${String(i)}`);
        const m = new TextEncoder().encode(`${text}${String(i)}`);
        expect(verifyDeviceSignature(algorithm, key.spki, m, sig)).toBe(true);
      }
      const sig = await key.sign(text);
      expect(verifyDeviceSignature(algorithm, key.spki, message, sig)).toBe(true);
      expect(verifyDeviceSignature(algorithm, other.spki, message, sig)).toBe(false);
      const changed = new TextEncoder().encode(text.replace('x', 'y'));
      expect(verifyDeviceSignature(algorithm, key.spki, changed, sig)).toBe(false);
      const flipped = sig.slice();
      flipped[5] = (flipped[5] ?? 0) ^ 1;
      expect(verifyDeviceSignature(algorithm, key.spki, message, flipped)).toBe(false);
      expect(verifyDeviceSignature(algorithm, key.spki, message, sig.subarray(1))).toBe(false);
    },
  );

  test('a key is read only as the algorithm it is: not the other one, not truncated, not off the curve', async () => {
    const ed = await webCryptoKey('Ed25519');
    const ec = await webCryptoKey('ECDSA-P256');
    expect(deviceKeyFromSpki('Ed25519', ed.spki)).toHaveLength(32);
    expect(deviceKeyFromSpki('ECDSA-P256', ec.spki)).toHaveLength(65);
    expect(deviceKeyFromSpki('ECDSA-P256', ed.spki)).toBeNull();
    expect(deviceKeyFromSpki('Ed25519', ec.spki)).toBeNull();
    expect(deviceKeyFromSpki('Ed25519', ed.spki.subarray(0, 40))).toBeNull();
    const offCurve = ec.spki.slice();
    offCurve[offCurve.length - 1] = (offCurve[offCurve.length - 1] ?? 0) ^ 1;
    expect(deviceKeyFromSpki('ECDSA-P256', offCurve)).toBeNull();
  });
});
