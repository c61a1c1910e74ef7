import { primitives } from '#primitives';
import { concatBytes, equalBytes, toBase64 } from './bytes.ts';
import type { NoteVerifier, ParsedKey } from './note-key.ts';
import {
  generateKeyOfType,
  noteKeyId,
  parseSkey,
  parseVkey,
  SIGNATURE_TYPE,
  vkeyString,
} from './note-key.ts';

/** Size of a cosignature/v1 signature after the key ID: u64 timestamp and 64-byte Ed25519. */
export const COSIGNATURE_SIZE = 8 + 64;

/**
 * Largest timestamp accepted: the spec allows up to 2^63 - 1 and lets verifiers refuse future
 * times; this project keeps timestamps exact JavaScript numbers (2^53 - 1 s is 285 million
 * years from now).
 */
export const MAX_COSIGNATURE_TIME = Number.MAX_SAFE_INTEGER;

const encoder = new TextEncoder();

/**
 * c2sp.org/tlog-cosignature §Ed25519 signed message: "cosignature/v1\ntime <ts>\n" followed by
 * the whole note text of the checkpoint (extension lines included, signature lines excluded).
 */
export function cosignatureMessage(timestamp: number, text: string | Uint8Array): Uint8Array {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RangeError('a cosignature timestamp is a whole number of seconds');
  }
  const header = encoder.encode(`cosignature/v1\ntime ${String(timestamp)}\n`);
  return concatBytes(header, typeof text === 'string' ? encoder.encode(text) : text);
}

/** Splits timestamped_signature = u64 big-endian timestamp || 64-byte Ed25519 signature. */
export function parseCosignature(sig: Uint8Array): { timestamp: number; signature: Uint8Array } {
  if (sig.length !== COSIGNATURE_SIZE)
    throw new TypeError('a cosignature/v1 signature is 72 bytes');
  const big = new DataView(sig.buffer, sig.byteOffset, 8).getBigUint64(0);
  if (big > BigInt(MAX_COSIGNATURE_TIME)) throw new RangeError('cosignature timestamp too large');
  return { timestamp: Number(big), signature: sig.subarray(8) };
}

function timestampBytes(timestamp: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(timestamp));
  return out;
}

/** A witness's Ed25519 cosignature/v1 key (c2sp.org/tlog-cosignature), ready to cosign. */
export interface Cosigner {
  readonly name: string;
  readonly keyId: Uint8Array;
  /** The verifier key, type 0x04. */
  readonly vkey: string;
  /** The 72-byte signature (timestamp || Ed25519) over {@link cosignatureMessage}. */
  cosign(text: string, timestamp: number): Uint8Array;
  /** The note signature line "— <name> base64(key ID || timestamp || signature)\n". */
  cosignLine(text: string, timestamp: number): string;
}

/** A fresh cosigner key (type 0x04) as c2sp.org/signed-note key strings. */
export function generateCosignerKey(name: string): { skey: string; vkey: string } {
  return generateKeyOfType(name, SIGNATURE_TYPE.cosignatureV1);
}

/**
 * A cosigner from "PRIVATE+KEY+<name>+<key ID>+<base64(type || seed)>". Type 0x04 is the
 * cosignature key; type 0x01 (a plain Ed25519 note key) is accepted as transparency-dev/formats
 * does, its key ID then being the 0x04 one. The cosignature needs a timestamp other than zero
 * (c2sp.org/tlog-witness §add-checkpoint).
 */
export function cosignerFromSkey(skey: string): Cosigner {
  const parsed: ParsedKey = parseSkey(skey, [SIGNATURE_TYPE.cosignatureV1, SIGNATURE_TYPE.ed25519]);
  const { name } = parsed;
  const key = primitives.ed25519PrivateKey(parsed.key);
  if (!equalBytes(parsed.keyId, noteKeyId(name, key.publicKey, parsed.type))) {
    throw new TypeError('signer key ID mismatch');
  }
  const keyId = noteKeyId(name, key.publicKey, SIGNATURE_TYPE.cosignatureV1);
  const cosign = (text: string, timestamp: number): Uint8Array => {
    if (timestamp <= 0) throw new RangeError('a cosignature needs a timestamp after 1970');
    return concatBytes(timestampBytes(timestamp), key.sign(cosignatureMessage(timestamp, text)));
  };
  return {
    name,
    keyId,
    vkey: vkeyString(name, key.publicKey, SIGNATURE_TYPE.cosignatureV1),
    cosign,
    cosignLine: (text, timestamp) =>
      `\u2014 ${name} ${toBase64(concatBytes(keyId, cosign(text, timestamp)))}\n`,
  };
}

/** A note verifier of cosignature/v1 signatures, which also reads their timestamps. */
export interface CosignatureVerifier extends NoteVerifier {
  readonly vkey: string;
  /** The signature's timestamp (POSIX seconds), or null when it is not a 72-byte cosignature. */
  timestampOf(sig: Uint8Array): number | null;
}

/**
 * A verifier for an Ed25519 cosignature/v1 vkey (type 0x04): `verify(text, sig)` checks the
 * 72-byte timestamped signature over "cosignature/v1\ntime <ts>\n" + text, so `openNote` opens
 * cosigned checkpoints with it like with any note key. A log key (type 0x01) is refused: a
 * witness's key is named as such in a policy, never inferred.
 */
export function cosignatureVerifierFromVkey(vkey: string): CosignatureVerifier {
  const { name, keyId, key } = parseVkey(vkey, [SIGNATURE_TYPE.cosignatureV1]);
  const publicKey = primitives.ed25519PublicKey(key);
  const timestampOf = (sig: Uint8Array): number | null => {
    try {
      return parseCosignature(sig).timestamp;
    } catch {
      return null;
    }
  };
  return {
    name,
    keyId,
    vkey,
    timestampOf,
    verify(msg, sig) {
      const timestamp = timestampOf(sig);
      if (timestamp === null) return false;
      return publicKey.verify(cosignatureMessage(timestamp, msg), sig.subarray(8));
    },
  };
}
