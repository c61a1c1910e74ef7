import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import type { Primitives, Sha256Stream } from './primitives.ts';

function stream(): Sha256Stream {
  const hash = sha256.create();
  const s: Sha256Stream = {
    update(data) {
      hash.update(data);
      return s;
    },
    digest: () => hash.digest(),
  };
  return s;
}

/**
 * The primitives in the browser: @noble/hashes SHA-256 and @noble/curves Ed25519, verifying by
 * RFC 8032 / FIPS 186-5 (`zip215: false`), the rule OpenSSL applies on the server, so that a
 * signature is valid in the browser exactly when it is valid on the server.
 */
export const primitives: Primitives = {
  sha256: (data) => sha256(data),
  createSha256: stream,
  ed25519PrivateKey(seed) {
    if (seed.length !== 32) throw new TypeError('an Ed25519 seed is 32 bytes');
    const secret = seed.slice();
    const sign = (message: Uint8Array) => ed25519.sign(message, secret);
    return {
      publicKey: ed25519.getPublicKey(secret),
      sign,
      signAsync: (message) => {
        try {
          return Promise.resolve(sign(message));
        } catch (error) {
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
    };
  },
  ed25519PublicKey(raw) {
    if (raw.length !== 32) throw new TypeError('an Ed25519 public key is 32 bytes');
    // Like OpenSSL, any 32 bytes import; bytes that are no curve point fail every verification.
    const key = raw.slice();
    return {
      verify(message, signature) {
        if (signature.length !== 64) return false;
        try {
          return ed25519.verify(signature, message, key, { zip215: false });
        } catch {
          return false;
        }
      },
    };
  },
  p256PublicKey(point) {
    if (point.length !== 65 || point[0] !== 0x04) {
      throw new TypeError('a P-256 public key is an uncompressed point of 65 bytes');
    }
    const key = point.slice();
    try {
      p256.Point.fromBytes(key).assertValidity();
    } catch {
      throw new TypeError('invalid P-256 public key');
    }
    return {
      verify(message, signature) {
        if (signature.length !== 64) return false;
        try {
          return p256.verify(signature, message, key, { prehash: true, lowS: false });
        } catch {
          return false;
        }
      },
    };
  },
  randomBytes: (n) => randomBytes(n),
};
