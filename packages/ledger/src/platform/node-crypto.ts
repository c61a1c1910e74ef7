import * as nodeCrypto from 'node:crypto';
import type {
  Ed25519PrivateKey,
  Ed25519PublicKey,
  P256PublicKey,
  Primitives,
  Sha256Stream,
} from './primitives.ts';

const PKCS8_ED25519_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);
const SPKI_ED25519_PREFIX = Uint8Array.from([
  0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
]);

const SPKI_P256_PREFIX = Uint8Array.from([
  0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
  0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
]);

const view = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** `crypto.hash` exists from Node 20.12 / 21.7; older runtimes fall back to createHash. */
const oneShot: (data: Uint8Array) => Buffer =
  typeof nodeCrypto.hash === 'function'
    ? (data) => nodeCrypto.hash('sha256', data, 'buffer')
    : (data) => nodeCrypto.createHash('sha256').update(data).digest();

function der(prefix: Uint8Array, key: Uint8Array): Buffer {
  const out = Buffer.alloc(prefix.length + key.length);
  out.set(prefix, 0);
  out.set(key, prefix.length);
  return out;
}

class Stream implements Sha256Stream {
  readonly #hash = nodeCrypto.createHash('sha256');

  update(data: Uint8Array): Sha256Stream {
    this.#hash.update(data);
    return this;
  }

  digest(): Uint8Array {
    return view(this.#hash.digest());
  }
}

function privateKey(seed: Uint8Array): Ed25519PrivateKey {
  if (seed.length !== 32) throw new TypeError('an Ed25519 seed is 32 bytes');
  const key = nodeCrypto.createPrivateKey({
    key: der(PKCS8_ED25519_PREFIX, seed),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = nodeCrypto.createPublicKey(key).export({ format: 'der', type: 'spki' });
  return {
    publicKey: new Uint8Array(spki.subarray(SPKI_ED25519_PREFIX.length)),
    sign: (message) => view(nodeCrypto.sign(null, message, key)),
    // With a callback, node:crypto signs on libuv's thread pool.
    signAsync: (message) =>
      new Promise((resolve, reject) => {
        nodeCrypto.sign(null, message, key, (error, signature) => {
          if (error === null) resolve(view(signature));
          else reject(error);
        });
      }),
  };
}

function publicKey(raw: Uint8Array): Ed25519PublicKey {
  if (raw.length !== 32) throw new TypeError('an Ed25519 public key is 32 bytes');
  let key: nodeCrypto.KeyObject;
  try {
    key = nodeCrypto.createPublicKey({
      key: der(SPKI_ED25519_PREFIX, raw),
      format: 'der',
      type: 'spki',
    });
  } catch {
    throw new TypeError('invalid Ed25519 public key');
  }
  return {
    verify: (message, signature) =>
      signature.length === 64 && nodeCrypto.verify(null, message, key, signature),
  };
}

function p256PublicKey(point: Uint8Array): P256PublicKey {
  if (point.length !== 65 || point[0] !== 0x04) {
    throw new TypeError('a P-256 public key is an uncompressed point of 65 bytes');
  }
  let key: nodeCrypto.KeyObject;
  try {
    key = nodeCrypto.createPublicKey({
      key: der(SPKI_P256_PREFIX, point),
      format: 'der',
      type: 'spki',
    });
  } catch {
    throw new TypeError('invalid P-256 public key');
  }
  return {
    verify(message, signature) {
      if (signature.length !== 64) return false;
      try {
        return nodeCrypto.verify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, signature);
      } catch {
        return false;
      }
    },
  };
}

/** The primitives on Node.js: node:crypto (OpenSSL), KeyObjects made once per key. */
export const primitives: Primitives = {
  sha256: (data) => view(oneShot(data)),
  createSha256: () => new Stream(),
  ed25519PrivateKey: privateKey,
  ed25519PublicKey: publicKey,
  p256PublicKey,
  randomBytes: (n) => view(nodeCrypto.randomBytes(n)),
};
