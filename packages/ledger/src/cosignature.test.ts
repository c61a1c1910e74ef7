import { describe, expect, it } from 'vitest';
import { fromBase64, fromHex, toBase64, toHex } from './bytes.ts';
import {
  cosignatureMessage,
  cosignatureVerifierFromVkey,
  cosignerFromSkey,
  generateCosignerKey,
  parseCosignature,
} from './cosignature.ts';
import { generateSignerKey, noteKeyId, signerFromSkey, verifierFromVkey } from './note-key.ts';
import { keysOf, OPENSSL_VECTORS, vector } from './openssl-vectors.fixture.ts';
import { openNote, signNote } from './signed-note.ts';

const SOFA =
  'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
/** The cosignature line of the c2sp.org/tlog-cosignature example (its key is not published). */
const SPEC_LINE =
  'jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==';

const flip = (b: Uint8Array, bit: number): Uint8Array => {
  const c = b.slice();
  c[bit >> 3] = (c[bit >> 3] ?? 0) ^ (1 << (bit & 7));
  return c;
};

describe('c2sp.org/tlog-cosignature, Ed25519 cosignature/v1', () => {
  it("decodes the specification's example line: key ID, timestamp, 64-byte signature", () => {
    const raw = fromBase64(SPEC_LINE);
    expect(toHex(raw.slice(0, 4))).toBe('8d66cf3f');
    const { timestamp, signature } = parseCosignature(raw.slice(4));
    expect(timestamp).toBe(1679315147);
    expect(signature).toHaveLength(64);
  });

  it("builds the specification's signed message exactly", () => {
    expect(new TextDecoder().decode(cosignatureMessage(1679315147, SOFA))).toBe(
      `cosignature/v1\ntime 1679315147\n${SOFA}`,
    );
  });

  it('reproduces and verifies every signature made by the OpenSSL command line', () => {
    for (const v of OPENSSL_VECTORS) {
      const { skey, vkey } = keysOf(v);
      const raw = fromBase64(v.signature);
      if (v.kind === 'log') {
        const signer = signerFromSkey(skey);
        expect(signer.vkey).toBe(vkey);
        expect(signNote(v.text, [signer])).toBe(`${v.text}\n\u2014 ${v.name} ${v.signature}\n`);
        expect(
          openNote(`${v.text}\n\u2014 ${v.name} ${v.signature}\n`, [verifierFromVkey(vkey)])
            .verifiedBy,
        ).toEqual([v.name]);
        continue;
      }
      const cosigner = cosignerFromSkey(skey);
      expect(cosigner.vkey, v.name).toBe(vkey);
      expect(toHex(cosigner.keyId)).toBe(v.keyId);
      expect(toBase64(cosigner.cosign(v.text, v.timestamp ?? 0))).toBe(toBase64(raw.slice(4)));
      expect(cosigner.cosignLine(v.text, v.timestamp ?? 0)).toBe(
        `\u2014 ${v.name} ${v.signature}\n`,
      );
      const verifier = cosignatureVerifierFromVkey(vkey);
      const text = new TextEncoder().encode(v.text);
      expect(verifier.verify(text, raw.slice(4))).toBe(true);
      expect(verifier.timestampOf(raw.slice(4))).toBe(v.timestamp);
    }
  });

  it('rejects a changed bit anywhere, another time, another text, another length', () => {
    const v = vector('ombudsman.example/witness');
    const verifier = cosignatureVerifierFromVkey(keysOf(v).vkey);
    const sig = fromBase64(v.signature).slice(4);
    const text = new TextEncoder().encode(v.text);
    for (let bit = 0; bit < sig.length * 8; bit += 7) {
      expect(verifier.verify(text, flip(sig, bit)), `bit ${bit}`).toBe(false);
    }
    const withoutExtension = new TextEncoder().encode(
      v.text.split('\n').slice(0, 3).join('\n') + '\n',
    );
    expect(verifier.verify(withoutExtension, sig)).toBe(false);
    expect(verifier.verify(text, sig.slice(0, 71))).toBe(false);
    expect(verifier.verify(text, sig.slice(8))).toBe(false);
    const other = vector('prosecutor.example/w2');
    expect(verifier.verify(text, fromBase64(other.signature).slice(4))).toBe(false);
  });

  it('separates cosignatures from note signatures by the same key (domain separation)', () => {
    const v = vector('witness.example.com/w1');
    const seed = fromHex(v.seed);
    const pub = fromHex(v.publicKey);
    const logId = toHex(noteKeyId(v.name, pub));
    const b64 = (type: number, key: Uint8Array) => toBase64(Uint8Array.of(type, ...key));
    const logSigner = signerFromSkey(`PRIVATE+KEY+${v.name}+${logId}+${b64(1, seed)}`);
    const logVerifier = verifierFromVkey(`${v.name}+${logId}+${b64(1, pub)}`);
    const cosigVerifier = cosignatureVerifierFromVkey(keysOf(v).vkey);
    const text = new TextEncoder().encode(SOFA);
    const noteSig = logSigner.sign(text);
    const timestamp = Uint8Array.of(0, 0, 0, 0, 0x64, 0x18, 0x50, 0xcb);
    expect(cosigVerifier.verify(text, Uint8Array.of(...timestamp, ...noteSig))).toBe(false);
    const cosig = fromBase64(v.signature).slice(4);
    expect(logVerifier.verify(text, cosig.slice(8))).toBe(false);
    expect(toHex(cosigVerifier.keyId)).not.toBe(logId);
  });

  it('accepts a plain Ed25519 signer key as transparency-dev/formats does, with the 0x04 key ID', () => {
    const { skey, vkey } = generateSignerKey('witness.example/plain');
    const cosigner = cosignerFromSkey(skey);
    expect(cosigner.vkey).not.toBe(vkey);
    expect(cosigner.vkey.split('+')[2]?.startsWith('B')).toBe(true);
    const line = cosigner.cosignLine(SOFA, 1700000000);
    const sig = fromBase64(line.trim().split(' ')[2] ?? '').slice(4);
    expect(
      cosignatureVerifierFromVkey(cosigner.vkey).verify(new TextEncoder().encode(SOFA), sig),
    ).toBe(true);
  });

  it('refuses the wrong key types, mismatched IDs, zero and oversized timestamps', () => {
    const log = generateSignerKey('custody.example/log');
    expect(() => cosignatureVerifierFromVkey(log.vkey)).toThrow(
      /cosignature\/v1 key \(type 0x04\)/,
    );
    const fresh = generateCosignerKey('witness.example/w9');
    expect(() => verifierFromVkey(fresh.vkey)).toThrow(/type 0x01/);
    expect(() => signerFromSkey(fresh.skey)).toThrow(/type 0x01/);
    const badId = fresh.vkey.replace(
      /\+([0-9a-f]{8})\+/,
      (_, id: string) => `+${id === '00000000' ? '00000001' : '00000000'}+`,
    );
    expect(() => cosignatureVerifierFromVkey(badId)).toThrow(/ID mismatch/);
    const cosigner = cosignerFromSkey(fresh.skey);
    expect(() => cosigner.cosign(SOFA, 0)).toThrow(RangeError);
    const huge = cosigner.cosign(SOFA, 1700000000);
    huge.set([0x00, 0x20, 0, 0, 0, 0, 0, 0], 0);
    const verifier = cosignatureVerifierFromVkey(fresh.vkey);
    expect(verifier.timestampOf(huge)).toBeNull();
    expect(verifier.verify(new TextEncoder().encode(SOFA), huge)).toBe(false);
    expect(() => parseCosignature(new Uint8Array(64))).toThrow(/72 bytes/);
  });
});
