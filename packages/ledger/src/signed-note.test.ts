import { describe, expect, it } from 'vitest';
import { toHex } from './bytes.ts';
import { generateSignerKey, noteKeyId, signerFromSkey, verifierFromVkey } from './note-key.ts';
import { NoteError, openNote, signNote, signNoteAsync } from './signed-note.ts';

/** The example key and note of golang.org/x/mod/sumdb/note (note_test.go), used by C2SP tools. */
const VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT =
  'If you think cryptography is the answer to your problem,\n' +
  "then you don't know what your problem is.\n";
const PETER_SIG =
  '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG =
  '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';
const NOTE = `${TEXT}\n${PETER_SIG}`;

const peter = verifierFromVkey(VKEY);
const enoch = verifierFromVkey(ENOCH_VKEY);

describe('C2SP signed notes with Ed25519', () => {
  it('reproduces the reference key and note byte for byte (Ed25519 is deterministic)', () => {
    const signer = signerFromSkey(SKEY);
    expect(signer.name).toBe('PeterNeumann');
    expect(toHex(signer.keyId)).toBe('c74f20a3');
    expect(signer.vkey).toBe(VKEY);
    expect(signNote(TEXT, [signer])).toBe(NOTE);
  });

  it('signs off the calling thread to the same bytes, and refuses what signNote refuses', async () => {
    const signer = signerFromSkey(SKEY);
    expect(await signNoteAsync(TEXT, [signer])).toBe(NOTE);
    const other = signerFromSkey(generateSignerKey('EnochRoot').skey);
    const texts = Array.from({ length: 20 }, (_, i) => `${TEXT}line ${String(i)}\n`);
    const notes = await Promise.all(texts.map((t) => signNoteAsync(t, [signer, other])));
    expect(notes).toEqual(texts.map((t) => signNote(t, [signer, other])));
    const syncOnly = {
      name: signer.name,
      keyId: signer.keyId,
      vkey: signer.vkey,
      sign: (m: Uint8Array) => signer.sign(m),
    };
    expect(await signNoteAsync(TEXT, [syncOnly])).toBe(NOTE);
    await expect(signNoteAsync('no newline', [signer])).rejects.toThrow(NoteError);
    await expect(signNoteAsync(TEXT, [])).rejects.toThrow(NoteError);
  });

  it('opens the reference note, and one signed by two keys', () => {
    const opened = openNote(NOTE, [peter]);
    expect(opened).toMatchObject({ text: TEXT, verifiedBy: ['PeterNeumann'], unverified: [] });
    expect(opened.verified.map((v) => v.verifier)).toEqual([peter]);
    expect(opened.verified[0]?.sig).toHaveLength(64);
    expect(openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter, enoch]).verifiedBy).toEqual([
      'PeterNeumann',
      'EnochRoot',
    ]);
    expect(openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter]).unverified).toEqual([
      { name: 'EnochRoot', keyId: 'af0cfe78' },
    ]);
  });

  it('computes key IDs as SHA-256(name || 0x0A || 0x01 || key)[:4]', () => {
    const fresh = generateSignerKey('example.com/custody');
    const v = verifierFromVkey(fresh.vkey);
    const s = signerFromSkey(fresh.skey);
    expect(s.vkey).toBe(fresh.vkey);
    expect(v.keyId).toEqual(s.keyId);
    const pub = Buffer.from(fresh.vkey.split('+').slice(2).join('+'), 'base64').subarray(1);
    expect(toHex(noteKeyId('example.com/custody', pub))).toBe(fresh.vkey.split('+')[1]);
    const opened = openNote(signNote('custody.example/log\n5\n', [s]), [v]);
    expect(opened.verifiedBy).toEqual(['example.com/custody']);
  });

  it('rejects altered text, a signature by another key, and notes nobody trusted signed', () => {
    expect(() => openNote(NOTE.replace('cryptography', 'cryptographY'), [peter])).toThrow(
      NoteError,
    );
    const impostor = signerFromSkey(generateSignerKey('PeterNeumann').skey);
    const forged = signNote(TEXT, [impostor]);
    expect(() => openNote(forged, [peter])).toThrow(/no verifiable signatures/);
    const sameIdWrongKey = forged.replace(/ (\S+)\n$/, (_, b64: string) => {
      const raw = Buffer.from(b64, 'base64');
      raw.set(peter.keyId, 0);
      return ` ${raw.toString('base64')}\n`;
    });
    expect(() => openNote(sameIdWrongKey, [peter])).toThrow(/invalid signature/);
    expect(() => openNote(NOTE, [enoch])).toThrow(/no verifiable signatures/);
    expect(() => openNote(NOTE, [])).toThrow(NoteError);
    expect(() => openNote(NOTE, [peter, peter])).toThrow(/ambiguous/);
  });

  it('rejects malformed notes', () => {
    const sig64 = PETER_SIG.slice('\u2014 PeterNeumann '.length, -1);
    const bad: [string, string][] = [
      ['text only', TEXT],
      ['no signature lines', `${TEXT}\n`],
      ['missing blank line', `${TEXT}${PETER_SIG}`],
      ['no final newline', `${TEXT}\n${PETER_SIG.slice(0, -1)}`],
      ['hyphen instead of em dash', `${TEXT}\n- PeterNeumann ${sig64}\n`],
      ['en dash', `${TEXT}\n\u2013 PeterNeumann ${sig64}\n`],
      ['two spaces', `${TEXT}\n\u2014  PeterNeumann ${sig64}\n`],
      ['name with plus', `${TEXT}\n\u2014 Peter+Neumann ${sig64}\n`],
      ['bad base64', `${TEXT}\n\u2014 PeterNeumann ${sig64.slice(1)}\n`],
      ['signature too short', `${TEXT}\n\u2014 PeterNeumann AAAAAA==\n`],
      ['duplicate line', `${TEXT}\n${PETER_SIG}${PETER_SIG}`],
      ['unexpected line', `${TEXT}\n${PETER_SIG}Unexpected line.\n`],
      ['control character', `\u0001${TEXT}\n${PETER_SIG}`],
      ['lone surrogate', `\ud800${TEXT}\n${PETER_SIG}`],
      ['too many signatures', `${TEXT}\n${PETER_SIG}${ENOCH_SIG.repeat(100)}`],
    ];
    for (const [what, note] of bad) expect(() => openNote(note, [peter]), what).toThrow(NoteError);
  });

  it('accepts 100 signatures and a text with blank lines of its own', () => {
    const signers = Array.from({ length: 100 }, (_, i) =>
      signerFromSkey(generateSignerKey(`w${i}`).skey),
    );
    const text = 'para one\n\npara two\n';
    const note = signNote(text, signers);
    const last = signers[99];
    expect(last).toBeDefined();
    const v = verifierFromVkey(last?.vkey ?? '');
    expect(openNote(note, [v])).toMatchObject({ text, verifiedBy: ['w99'] });
    expect(openNote(note, [v]).unverified).toHaveLength(99);
  });

  it('refuses to sign text that cannot round-trip, and malformed keys', () => {
    const s = signerFromSkey(SKEY);
    expect(() => signNote('no newline', [s])).toThrow(NoteError);
    expect(() => signNote('tab\there\n', [s])).toThrow(NoteError);
    expect(() => signNote(TEXT, [])).toThrow(NoteError);
    for (const k of [
      VKEY.replace('c74f20a3', 'c74f20a4'),
      VKEY.replace('c74f20a3', 'C74F20A3'),
      VKEY.slice(0, -1),
      VKEY.replace('+ARpc', '+AhpC'),
      `Peter Neumann${VKEY.slice('PeterNeumann'.length)}`,
      `+${VKEY}`,
    ]) {
      expect(() => verifierFromVkey(k), k).toThrow(TypeError);
    }
    expect(() => signerFromSkey(SKEY.replace('PRIVATE+KEY+', ''))).toThrow(TypeError);
    expect(() => signerFromSkey(SKEY.replace('c74f20a3', '00000000'))).toThrow(/mismatch/);
    expect(() => generateSignerKey('has space')).toThrow(TypeError);
  });
});
