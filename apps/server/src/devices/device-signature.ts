import {
  canonicalJson,
  deviceKeyFromSpki,
  sha256Once,
  verifyDeviceSignature as verifyWithLedger,
} from '@custody/ledger';
import { DeviceEntryBody, type DeviceAlgorithm } from '@custody/contracts';

/**
 * A device's public key, its SubjectPublicKeyInfo (as WebCrypto's `exportKey('spki')`), or null
 * when it is not a key of the stated algorithm.
 */
export function devicePublicKey(algorithm: DeviceAlgorithm, spkiBase64: string): Uint8Array | null {
  const spki = Buffer.from(spkiBase64, 'base64');
  return deviceKeyFromSpki(algorithm, spki) === null ? null : new Uint8Array(spki);
}

/**
 * Checks a device signature over the exact UTF-8 bytes it signed, by the ledger's one rule (which
 * the offline extract verifier applies too). WebCrypto's ECDSA signatures are IEEE P1363 (r‖s).
 */
export function verifyDeviceSignature(
  algorithm: DeviceAlgorithm,
  key: Uint8Array,
  signed: Uint8Array,
  signature: Uint8Array,
): boolean {
  return verifyWithLedger(algorithm, key, signed, signature);
}

/** The hash that chains a device's entries: SHA-256 of the signed bytes, hex. */
export function entryHash(signed: string): string {
  return Buffer.from(sha256Once(Buffer.from(signed, 'utf8'))).toString('hex');
}

export type ParsedEntry =
  | { readonly ok: true; readonly body: DeviceEntryBody }
  | { readonly ok: false; readonly reason: string };

/**
 * The entry a device signed, provided the text is exactly the RFC 8785 canonical JSON of a valid
 * entry: one text, one meaning, so the bytes the log keeps are the bytes that were signed.
 */
export function parseSignedEntry(signed: string): ParsedEntry {
  let value: unknown;
  try {
    value = JSON.parse(signed);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  let canonical: string;
  try {
    canonical = canonicalJson(value);
  } catch {
    return { ok: false, reason: 'not a canonical JSON value' };
  }
  if (canonical !== signed) return { ok: false, reason: 'not RFC 8785 canonical JSON' };
  const parsed = DeviceEntryBody.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, reason: `${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}` };
  }
  return { ok: true, body: parsed.data };
}
