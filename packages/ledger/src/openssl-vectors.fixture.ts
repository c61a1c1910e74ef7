import vectors from '../testdata/cosignature-openssl.json' with { type: 'json' };
import { fromHex, toBase64 } from './bytes.ts';

/** One signature made by the OpenSSL command line (testdata/make-openssl-vectors.sh). */
export interface OpensslVector {
  readonly kind: 'cosignature' | 'log';
  readonly type: number;
  readonly name: string;
  readonly timestamp: number | null;
  readonly seed: string;
  readonly publicKey: string;
  readonly keyId: string;
  readonly text: string;
  /** base64(key ID || [timestamp ||] signature), as on a note's signature line. */
  readonly signature: string;
}

export const OPENSSL_VECTORS = vectors.vectors as readonly OpensslVector[];

const keyB64 = (v: OpensslVector, hex: string): string =>
  toBase64(Uint8Array.of(v.type, ...fromHex(hex)));

/** The vector's key as C2SP key strings (skey, vkey), written here from the raw bytes. */
export function keysOf(v: OpensslVector): { skey: string; vkey: string } {
  return {
    skey: `PRIVATE+KEY+${v.name}+${v.keyId}+${keyB64(v, v.seed)}`,
    vkey: `${v.name}+${v.keyId}+${keyB64(v, v.publicKey)}`,
  };
}

/** The vector's signature line, "— <name> <base64>\n". */
export function lineOf(v: OpensslVector): string {
  return `\u2014 ${v.name} ${v.signature}\n`;
}

export function vector(name: string): OpensslVector {
  const v = OPENSSL_VECTORS.find((x) => x.name === name);
  if (v === undefined) throw new Error(`no vector ${name}`);
  return v;
}
