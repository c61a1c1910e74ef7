import type { DeviceAlgorithm } from '@custody/contracts';

/** A device's signing key: the private half never leaves WebCrypto (non-extractable). */
export interface DeviceKey {
  readonly algorithm: DeviceAlgorithm;
  readonly privateKey: CryptoKey;
  /** SubjectPublicKeyInfo (DER), base64: what the server registers. */
  readonly publicKey: string;
}

const SIGN: Readonly<Record<DeviceAlgorithm, AlgorithmIdentifier | EcdsaParams>> = {
  Ed25519: { name: 'Ed25519' },
  'ECDSA-P256': { name: 'ECDSA', hash: 'SHA-256' },
};

export function toBase64(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let text = '';
  for (const b of view) text += String.fromCharCode(b);
  return btoa(text);
}

async function generate(algorithm: DeviceAlgorithm, subtle: SubtleCrypto): Promise<CryptoKeyPair> {
  const params =
    algorithm === 'Ed25519' ? { name: 'Ed25519' } : { name: 'ECDSA', namedCurve: 'P-256' };
  return (await subtle.generateKey(params, false, ['sign', 'verify'])) as CryptoKeyPair;
}

/**
 * A new non-extractable signing key: WebCrypto Ed25519 (Chrome 137+, Firefox 129+, Safari 17+),
 * or ECDSA P-256 with SHA-256 where Ed25519 is missing. Non-extractable is not hardware-backed:
 * the key lives in the browser profile (docs/operations.md, "A lost tablet").
 */
export async function createDeviceKey(
  subtle: SubtleCrypto = globalThis.crypto.subtle,
  prefer: readonly DeviceAlgorithm[] = ['Ed25519', 'ECDSA-P256'],
): Promise<DeviceKey> {
  let lastError: unknown = null;
  for (const algorithm of prefer) {
    try {
      const pair = await generate(algorithm, subtle);
      const spki = await subtle.exportKey('spki', pair.publicKey);
      return { algorithm, privateKey: pair.privateKey, publicKey: toBase64(spki) };
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`no signing algorithm available: ${String(lastError)}`);
}

/** Signs the UTF-8 bytes of `text`; ECDSA signatures are r‖s (IEEE P1363), as WebCrypto makes them. */
export async function signText(
  key: Pick<DeviceKey, 'algorithm' | 'privateKey'>,
  text: string,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<string> {
  const sig = await subtle.sign(
    SIGN[key.algorithm],
    key.privateKey,
    new TextEncoder().encode(text),
  );
  return toBase64(sig);
}

/** SHA-256 of the UTF-8 bytes of `text`, hex: what chains a device's entries. */
export async function sha256Hex(
  text: string,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<string> {
  const digest = new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}
