import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, fromHex, toHex } from '../bytes.ts';
import { cosignatureMessage } from '../cosignature.ts';
import { OPENSSL_VECTORS } from '../openssl-vectors.fixture.ts';
import { primitives as node } from './node-crypto.ts';
import { primitives as noble } from './noble-crypto.ts';

const bytes = (max: number) => fc.uint8Array({ maxLength: max });
const seed32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

/** The signed message of a vector: the text, or the cosignature/v1 message over it. */
function messageOf(v: (typeof OPENSSL_VECTORS)[number]): Uint8Array {
  return v.timestamp === null
    ? new TextEncoder().encode(v.text)
    : cosignatureMessage(v.timestamp, v.text);
}

describe.each([
  ['node:crypto', node],
  ['@noble', noble],
])('the %s primitives', (_name, p) => {
  it('hash the FIPS 180-4 examples', () => {
    expect(toHex(p.sha256(new Uint8Array(0)))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(toHex(p.sha256(new TextEncoder().encode('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    const s = p
      .createSha256()
      .update(new TextEncoder().encode('a'))
      .update(new TextEncoder().encode('bc'));
    expect(toHex(s.digest())).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('reproduce and verify every Ed25519 signature the OpenSSL command line made', () => {
    for (const v of OPENSSL_VECTORS) {
      const key = p.ed25519PrivateKey(fromHex(v.seed));
      expect(toHex(key.publicKey)).toBe(v.publicKey);
      const sig = fromBase64(v.signature).slice(v.timestamp === null ? 4 : 12);
      expect(toHex(key.sign(messageOf(v)))).toBe(toHex(sig));
      const pub = p.ed25519PublicKey(fromHex(v.publicKey));
      expect(pub.verify(messageOf(v), sig)).toBe(true);
      expect(pub.verify(messageOf(v).slice(1), sig)).toBe(false);
      expect(pub.verify(messageOf(v), sig.slice(1))).toBe(false);
    }
  });

  it('import any 32 bytes as a public key, and a non-point verifies nothing', () => {
    const v = OPENSSL_VECTORS[0];
    const notAPoint = p.ed25519PublicKey(new Uint8Array(32).fill(0xff));
    expect(notAPoint.verify(messageOf(v!), fromBase64(v!.signature).slice(12))).toBe(false);
    expect(() => p.ed25519PublicKey(new Uint8Array(31))).toThrow(TypeError);
    expect(() => p.ed25519PrivateKey(new Uint8Array(33))).toThrow(TypeError);
    expect(p.randomBytes(32)).toHaveLength(32);
    expect(toHex(p.randomBytes(16))).not.toBe(toHex(p.randomBytes(16)));
  });
});

describe('@noble against node:crypto', () => {
  it('agree on SHA-256 of any input, in one call and streamed in two parts', () => {
    fc.assert(
      fc.property(bytes(3000), bytes(300), (a, b) => {
        expect(noble.sha256(a)).toEqual(node.sha256(a));
        const both = (q: typeof node) => q.createSha256().update(a).update(b).digest();
        expect(both(noble)).toEqual(both(node));
      }),
      { seed: 17, numRuns: 300 },
    );
  });

  it('agree on Ed25519 keys and signatures, and each verifies the other', () => {
    fc.assert(
      fc.property(seed32, bytes(500), (seed, msg) => {
        const a = node.ed25519PrivateKey(seed);
        const b = noble.ed25519PrivateKey(seed);
        expect(b.publicKey).toEqual(a.publicKey);
        const sig = a.sign(msg);
        expect(b.sign(msg)).toEqual(sig);
        expect(noble.ed25519PublicKey(a.publicKey).verify(msg, sig)).toBe(true);
        expect(node.ed25519PublicKey(b.publicKey).verify(msg, sig)).toBe(true);
        const bad = sig.slice();
        bad[msg.length % 64] = (bad[msg.length % 64] ?? 0) ^ 1;
        expect(noble.ed25519PublicKey(a.publicKey).verify(msg, bad)).toBe(false);
        expect(node.ed25519PublicKey(a.publicKey).verify(msg, bad)).toBe(false);
      }),
      { seed: 25519, numRuns: 100 },
    );
  });

  it('both refuse a signature whose S is not reduced (RFC 8032 §5.1.7, not ZIP-215)', () => {
    const v = OPENSSL_VECTORS[0]!;
    const msg = messageOf(v);
    const sig = fromBase64(v.signature).slice(12);
    // S + L, where L = 2^252 + 27742317777372353535851937790883648493 (the group order).
    const L = fromHex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');
    const s = sig.slice(32);
    let carry = 0;
    for (let i = 0; i < 32; i++) {
      const t = (s[i] ?? 0) + (L[i] ?? 0) + carry;
      s[i] = t & 0xff;
      carry = t >> 8;
    }
    const malleated = Uint8Array.of(...sig.slice(0, 32), ...s);
    expect(carry).toBe(0);
    expect(node.ed25519PublicKey(fromHex(v.publicKey)).verify(msg, malleated)).toBe(false);
    expect(noble.ed25519PublicKey(fromHex(v.publicKey)).verify(msg, malleated)).toBe(false);
  });
});

describe('ECDSA P-256 (tablet keys): both primitives agree with WebCrypto', () => {
  it('verify WebCrypto signatures, high S included, and refuse changed ones and off-curve keys', async () => {
    const subtle = globalThis.crypto.subtle;
    const pair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ]);
    const point = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
    for (let i = 0; i < 12; i++) {
      const msg = new TextEncoder().encode(`entry ${String(i)}`);
      const sig = new Uint8Array(
        await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, msg),
      );
      const flipped = sig.slice();
      flipped[40] = (flipped[40] ?? 0) ^ 1;
      for (const p of [node, noble]) {
        const key = p.p256PublicKey(point);
        expect(key.verify(msg, sig)).toBe(true);
        expect(key.verify(msg, flipped)).toBe(false);
        expect(key.verify(new TextEncoder().encode('other'), sig)).toBe(false);
        expect(key.verify(msg, sig.subarray(1))).toBe(false);
      }
    }
    const off = point.slice();
    off[64] = (off[64] ?? 0) ^ 1;
    expect(() => node.p256PublicKey(off)).toThrow(TypeError);
    expect(() => noble.p256PublicKey(off)).toThrow(TypeError);
  });
});
