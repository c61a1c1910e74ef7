import { primitives } from '#primitives';
import { concatBytes, equalBytes, fromBase64, toBase64, toHex } from './bytes.ts';
import { sha256 } from './hash.ts';

/** Signs note text with one key (c2sp.org/signed-note). */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: Uint8Array;
  sign(msg: Uint8Array): Uint8Array;
  /** The same signature off the calling thread where the platform can (`signNoteAsync`). */
  signAsync?(msg: Uint8Array): Promise<Uint8Array>;
  readonly vkey: string;
}

/** Verifies signatures by one key (c2sp.org/signed-note). */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: Uint8Array;
  verify(msg: Uint8Array, sig: Uint8Array): boolean;
}

/**
 * Signature type bytes of c2sp.org/signed-note §Signature types used here: Ed25519 note
 * signatures (a log's checkpoints) and Ed25519 cosignature/v1 (c2sp.org/tlog-cosignature).
 */
export const SIGNATURE_TYPE = { ed25519: 0x01, cosignatureV1: 0x04 } as const;
export type SignatureType = (typeof SIGNATURE_TYPE)[keyof typeof SIGNATURE_TYPE];

const KEY_ID_HEX = /^[0-9a-f]{8}$/;
const encoder = new TextEncoder();

/** A parsed key string: "<name>+<key ID>+<base64(type || key)>", its key ID checked. */
export interface ParsedKey {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly type: SignatureType;
  /** The 32-byte Ed25519 public key (vkey) or seed (skey). */
  readonly key: Uint8Array;
}

/**
 * c2sp.org/signed-note §Format: key names are non-empty and contain no Unicode space and no
 * plus sign. Control characters and lone surrogates are refused too (they cannot appear in a note).
 */
export function isValidKeyName(name: string): boolean {
  return name !== '' && !/[\s\u0085+\p{Cc}\p{Cs}]/u.test(name);
}

/**
 * c2sp.org/signed-note: key ID = SHA-256(name || 0x0A || type || public key)[:4]; type 0x01 for
 * Ed25519 note signatures, 0x04 for Ed25519 cosignature/v1 (c2sp.org/tlog-cosignature).
 */
export function noteKeyId(
  name: string,
  publicKey: Uint8Array,
  type: SignatureType = SIGNATURE_TYPE.ed25519,
): Uint8Array {
  return sha256(concatBytes(encoder.encode(`${name}\n`), Uint8Array.of(type), publicKey)).slice(
    0,
    4,
  );
}

function typeName(type: number): string {
  if (type === SIGNATURE_TYPE.ed25519) return 'an Ed25519 note key (type 0x01)';
  if (type === SIGNATURE_TYPE.cosignatureV1) return 'an Ed25519 cosignature/v1 key (type 0x04)';
  return `a key of type 0x${type.toString(16).padStart(2, '0')}`;
}

/** Splits "<name>+<keyid hex>+<base64(type || key)>" and checks the type is one of `types`. */
function parseKeyTail(tail: string, what: string, types: readonly SignatureType[]): ParsedKey {
  const [name = '', id = '', ...rest] = tail.split('+');
  const b64 = rest.join('+');
  if (!isValidKeyName(name) || !KEY_ID_HEX.test(id)) throw new TypeError(`malformed ${what}`);
  let raw: Uint8Array;
  try {
    raw = fromBase64(b64);
  } catch {
    throw new TypeError(`malformed ${what}`);
  }
  const type = raw[0] ?? -1;
  if (!(types as readonly number[]).includes(type)) {
    const wanted = types.map(typeName).join(' or ');
    throw new TypeError(`${what} is ${typeName(type)}, not ${wanted}`);
  }
  if (raw.length !== 33) throw new TypeError(`${what} is not an Ed25519 key`);
  return {
    name,
    keyId: Uint8Array.from(id.match(/../g) ?? [], (h) => parseInt(h, 16)),
    type: type as SignatureType,
    key: raw.slice(1),
  };
}

/**
 * Parses a verifier key of one of `types` and checks its key ID against its name, type and key
 * (c2sp.org/signed-note §Verifier keys). Throws a TypeError.
 */
export function parseVkey(
  vkey: string,
  types: readonly SignatureType[] = [SIGNATURE_TYPE.ed25519],
): ParsedKey {
  const parsed = parseKeyTail(vkey, 'verifier key', types);
  if (!equalBytes(parsed.keyId, noteKeyId(parsed.name, parsed.key, parsed.type))) {
    throw new TypeError('verifier key ID mismatch');
  }
  return parsed;
}

/**
 * Parses "PRIVATE+KEY+<name>+<keyid>+<base64(type || seed)>" (golang.org/x/mod/sumdb/note
 * format) of one of `types`; the key ID is checked by the caller, who derives the public key.
 */
export function parseSkey(skey: string, types: readonly SignatureType[]): ParsedKey {
  if (!skey.startsWith('PRIVATE+KEY+')) throw new TypeError('malformed signer key');
  return parseKeyTail(skey.slice('PRIVATE+KEY+'.length), 'signer key', types);
}

/** "<name>+<key ID hex>+<base64(type || public key)>". */
export function vkeyString(name: string, publicKey: Uint8Array, type: SignatureType): string {
  const id = toHex(noteKeyId(name, publicKey, type));
  return `${name}+${id}+${toBase64(concatBytes(Uint8Array.of(type), publicKey))}`;
}

/** A fresh Ed25519 key of `type` as c2sp.org/signed-note key strings. */
export function generateKeyOfType(
  name: string,
  type: SignatureType,
): { skey: string; vkey: string } {
  if (!isValidKeyName(name)) throw new TypeError('invalid key name');
  const seed = primitives.randomBytes(32);
  const publicKey = primitives.ed25519PrivateKey(seed).publicKey;
  const id = toHex(noteKeyId(name, publicKey, type));
  const skey = `PRIVATE+KEY+${name}+${id}+${toBase64(concatBytes(Uint8Array.of(type), seed))}`;
  return { skey, vkey: vkeyString(name, publicKey, type) };
}

/** Creates a fresh Ed25519 key pair as c2sp.org/signed-note key strings. */
export function generateSignerKey(name: string): { skey: string; vkey: string } {
  return generateKeyOfType(name, SIGNATURE_TYPE.ed25519);
}

/**
 * Parses "PRIVATE+KEY+<name>+<keyid>+<base64(0x01 || seed)>" (golang.org/x/mod/sumdb/note
 * format) and prepares the key once. Throws if the key ID does not match the key.
 */
export function signerFromSkey(skey: string): NoteSigner {
  const { name, keyId, key: seed } = parseSkey(skey, [SIGNATURE_TYPE.ed25519]);
  const privateKey = primitives.ed25519PrivateKey(seed);
  if (!equalBytes(keyId, noteKeyId(name, privateKey.publicKey))) {
    throw new TypeError('signer key ID mismatch');
  }
  return {
    name,
    keyId,
    vkey: vkeyString(name, privateKey.publicKey, SIGNATURE_TYPE.ed25519),
    sign: (msg) => privateKey.sign(msg),
    signAsync: (msg) => privateKey.signAsync(msg),
  };
}

/** Parses "<name>+<keyid>+<base64(0x01 || public key)>"; throws if the key ID does not match. */
export function verifierFromVkey(vkey: string): NoteVerifier {
  const { name, keyId, key } = parseVkey(vkey, [SIGNATURE_TYPE.ed25519]);
  const publicKey = primitives.ed25519PublicKey(key);
  return { name, keyId, verify: (msg, sig) => publicKey.verify(msg, sig) };
}
