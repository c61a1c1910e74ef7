import { primitives } from '#primitives';
import { equalBytes, fromHex } from './bytes.ts';

/** Signature algorithms of tablet keys (issue 19): WebCrypto Ed25519, or ECDSA P-256 with SHA-256. */
export type DeviceKeyAlgorithm = 'Ed25519' | 'ECDSA-P256';

/** The DER of a SubjectPublicKeyInfo before the key bytes, as WebCrypto's `exportKey('spki')` writes it. */
const SPKI_PREFIX: Readonly<Record<DeviceKeyAlgorithm, Uint8Array>> = {
  // SEQUENCE { SEQUENCE { OID 1.3.101.112 } BIT STRING (32 bytes) }, RFC 8410 §4
  Ed25519: fromHex('302a300506032b6570032100'),
  // SEQUENCE { SEQUENCE { OID ecPublicKey, OID prime256v1 } BIT STRING (65 bytes, uncompressed) }, RFC 5480
  'ECDSA-P256': fromHex('3059301306072a8648ce3d020106082a8648ce3d030107034200'),
};
const KEY_LENGTH: Readonly<Record<DeviceKeyAlgorithm, number>> = { Ed25519: 32, 'ECDSA-P256': 65 };

/**
 * The raw public key inside a tablet's SubjectPublicKeyInfo, or null when it is not a valid key of
 * the stated algorithm (another algorithm, another curve, a compressed or off-curve point).
 */
export function deviceKeyFromSpki(
  algorithm: DeviceKeyAlgorithm,
  spki: Uint8Array,
): Uint8Array | null {
  const prefix = SPKI_PREFIX[algorithm];
  if (spki.length !== prefix.length + KEY_LENGTH[algorithm]) return null;
  if (!equalBytes(spki.subarray(0, prefix.length), prefix)) return null;
  const raw = spki.slice(prefix.length);
  if (algorithm === 'Ed25519') return raw; // any 32 bytes; a non-point fails every verification
  try {
    primitives.p256PublicKey(raw);
  } catch {
    return null;
  }
  return raw;
}

/**
 * Whether `signature` is the tablet's signature over exactly `message` (the UTF-8 bytes it signed):
 * Ed25519 by RFC 8032, or ECDSA P-256 over SHA-256 with the IEEE P1363 `r‖s` encoding WebCrypto
 * produces (high S allowed, as WebCrypto signs), over the ledger's primitives (OpenSSL on Node,
 * @noble in a browser), so the server's intake and the offline extract verifier apply one rule.
 */
export function verifyDeviceSignature(
  algorithm: DeviceKeyAlgorithm,
  spki: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  const key = deviceKeyFromSpki(algorithm, spki);
  if (key === null || signature.length !== 64) return false;
  return algorithm === 'Ed25519'
    ? primitives.ed25519PublicKey(key).verify(message, signature)
    : primitives.p256PublicKey(key).verify(message, signature);
}
