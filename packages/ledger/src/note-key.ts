import { createPrivateKey, createPublicKey, randomBytes, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { concatBytes, equalBytes, fromBase64, toBase64, toHex } from './bytes.ts';
import { sha256 } from './hash.ts';

/** Signs note text with one key (c2sp.org/signed-note). */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: Uint8Array;
  sign(msg: Uint8Array): Uint8Array;
  readonly vkey: string;
}

/** Verifies signatures by one key (c2sp.org/signed-note). */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: Uint8Array;
  verify(msg: Uint8Array, sig: Uint8Array): boolean;
}

/** Signature type byte of Ed25519 in c2sp.org/signed-note §Signature types. */
const ED25519 = 0x01;
const PKCS8_ED25519_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);
const SPKI_ED25519_PREFIX = Uint8Array.from([
  0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
]);
const KEY_ID_HEX = /^[0-9a-f]{8}$/;
const encoder = new TextEncoder();

/**
 * c2sp.org/signed-note §Format: key names are non-empty and contain no Unicode space and no
 * plus sign. Control characters and lone surrogates are refused too (they cannot appear in a note).
 */
export function isValidKeyName(name: string): boolean {
  return name !== '' && !/[\s\u0085+\p{Cc}\p{Cs}]/u.test(name);
}

/** c2sp.org/signed-note: key ID = SHA-256(name || 0x0A || 0x01 || public key)[:4]. */
export function noteKeyId(name: string, publicKey: Uint8Array): Uint8Array {
  return sha256(concatBytes(encoder.encode(`${name}\n`), Uint8Array.of(ED25519), publicKey)).slice(
    0,
    4,
  );
}

function publicKeyOf(privateKey: KeyObject): Uint8Array {
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(SPKI_ED25519_PREFIX.length));
}

/** Splits "<name>+<keyid hex>+<base64(0x01 || key)>" and checks the ID and algorithm byte. */
function parseKeyTail(
  tail: string,
  what: string,
): { name: string; keyId: Uint8Array; key: Uint8Array } {
  const [name = '', id = '', ...rest] = tail.split('+');
  const b64 = rest.join('+');
  if (!isValidKeyName(name) || !KEY_ID_HEX.test(id)) throw new TypeError(`malformed ${what}`);
  let raw: Uint8Array;
  try {
    raw = fromBase64(b64);
  } catch {
    throw new TypeError(`malformed ${what}`);
  }
  if (raw.length !== 33 || raw[0] !== ED25519) throw new TypeError(`${what} is not an Ed25519 key`);
  return {
    name,
    keyId: Uint8Array.from(id.match(/../g) ?? [], (h) => parseInt(h, 16)),
    key: raw.slice(1),
  };
}

function vkeyString(name: string, publicKey: Uint8Array): string {
  const id = toHex(noteKeyId(name, publicKey));
  return `${name}+${id}+${toBase64(concatBytes(Uint8Array.of(ED25519), publicKey))}`;
}

/** Creates a fresh Ed25519 key pair as c2sp.org/signed-note key strings. */
export function generateSignerKey(name: string): { skey: string; vkey: string } {
  if (!isValidKeyName(name)) throw new TypeError('invalid key name');
  const seed = new Uint8Array(randomBytes(32));
  const privateKey = createPrivateKey({
    key: Buffer.from(concatBytes(PKCS8_ED25519_PREFIX, seed)),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = publicKeyOf(privateKey);
  const id = toHex(noteKeyId(name, publicKey));
  const skey = `PRIVATE+KEY+${name}+${id}+${toBase64(concatBytes(Uint8Array.of(ED25519), seed))}`;
  return { skey, vkey: vkeyString(name, publicKey) };
}

/**
 * Parses "PRIVATE+KEY+<name>+<keyid>+<base64(0x01 || seed)>" (golang.org/x/mod/sumdb/note
 * format) and caches the node:crypto KeyObject. Throws if the key ID does not match the key.
 */
export function signerFromSkey(skey: string): NoteSigner {
  if (!skey.startsWith('PRIVATE+KEY+')) throw new TypeError('malformed signer key');
  const { name, keyId, key: seed } = parseKeyTail(skey.slice('PRIVATE+KEY+'.length), 'signer key');
  const privateKey = createPrivateKey({
    key: Buffer.from(concatBytes(PKCS8_ED25519_PREFIX, seed)),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = publicKeyOf(privateKey);
  if (!equalBytes(keyId, noteKeyId(name, publicKey))) throw new TypeError('signer key ID mismatch');
  return {
    name,
    keyId,
    vkey: vkeyString(name, publicKey),
    sign: (msg) => new Uint8Array(sign(null, msg, privateKey)),
  };
}

/** Parses "<name>+<keyid>+<base64(0x01 || public key)>"; throws if the key ID does not match. */
export function verifierFromVkey(vkey: string): NoteVerifier {
  const { name, keyId, key } = parseKeyTail(vkey, 'verifier key');
  if (!equalBytes(keyId, noteKeyId(name, key))) throw new TypeError('verifier key ID mismatch');
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({
      key: Buffer.from(concatBytes(SPKI_ED25519_PREFIX, key)),
      format: 'der',
      type: 'spki',
    });
  } catch {
    throw new TypeError('invalid Ed25519 public key');
  }
  return {
    name,
    keyId,
    verify: (msg, sig) => sig.length === 64 && verify(null, msg, publicKey, sig),
  };
}
