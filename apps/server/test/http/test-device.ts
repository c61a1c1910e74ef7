import { randomUUID, webcrypto } from 'node:crypto';
import type { DeviceAlgorithm, DeviceEntryBody, SignedDeviceEntry } from '@custody/contracts';
import { canonicalJson } from '@custody/ledger';
import { entryHash } from '../../src/devices/device-signature.ts';

const subtle = webcrypto.subtle;

const PARAMS = {
  Ed25519: { gen: { name: 'Ed25519' }, sign: { name: 'Ed25519' } },
  'ECDSA-P256': {
    gen: { name: 'ECDSA', namedCurve: 'P-256' },
    sign: { name: 'ECDSA', hash: 'SHA-256' },
  },
} as const;

/**
 * A tablet as the web app makes one, in a test: a non-extractable WebCrypto key pair (the same
 * API the browser has), a sequence counter and the hash of its last entry.
 */
export interface TestDevice {
  readonly deviceId: string;
  readonly algorithm: DeviceAlgorithm;
  readonly publicKey: string;
  /** Builds and signs the device's next entry; `over` changes the signed body (gaps, forks). */
  entry(
    actorId: string,
    command: DeviceEntryBody['command'],
    over?: Partial<DeviceEntryBody>,
  ): Promise<SignedDeviceEntry & { body: DeviceEntryBody }>;
}

/** `clock` is the device's own clock (default: the test's wall clock). */
export async function testDevice(
  algorithm: DeviceAlgorithm = 'Ed25519',
  clock: () => Date = () => new Date(),
): Promise<TestDevice> {
  const p = PARAMS[algorithm];
  const pair = (await subtle.generateKey(p.gen, false, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const spki = Buffer.from(await subtle.exportKey('spki', pair.publicKey)).toString('base64');
  const deviceId = randomUUID();
  let seq = 0;
  let prevHash: string | null = null;
  return {
    deviceId,
    algorithm,
    publicKey: spki,
    async entry(actorId, command, over = {}) {
      seq = over.seq ?? seq + 1;
      const body: DeviceEntryBody = {
        v: 1,
        entryId: randomUUID(),
        deviceId,
        seq,
        prevHash,
        deviceTime: clock().toISOString(),
        offsetMs: 0,
        offsetErrorMs: 5,
        offsetMeasuredAt: clock().toISOString(),
        actorId,
        command,
        ...over,
      };
      const signed = canonicalJson(body);
      const sig = await subtle.sign(p.sign, pair.privateKey, Buffer.from(signed, 'utf8'));
      prevHash = entryHash(signed);
      return { signed, signature: Buffer.from(sig).toString('base64'), body };
    },
  };
}
