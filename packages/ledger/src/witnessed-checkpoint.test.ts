import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from './bytes.ts';
import { cosignerFromSkey, generateCosignerKey } from './cosignature.ts';
import { generateSignerKey, signerFromSkey } from './note-key.ts';
import { keysOf, lineOf, vector } from './openssl-vectors.fixture.ts';
import { parsePolicy } from './policy.ts';
import { NoteError, signNote, withSignatures } from './signed-note.ts';
import { requireQuorum, verifyCheckpointNote } from './witnessed-checkpoint.ts';

const log = vector('custody.example/log');
const ombudsman = vector('ombudsman.example/witness');
const prosecutor = vector('prosecutor.example/w2');
const TEXT = log.text;
/** A checkpoint signed by the log and cosigned by two witnesses, every signature by OpenSSL. */
const NOTE = `${TEXT}\n${lineOf(log)}${lineOf(ombudsman)}${lineOf(prosecutor)}`;
const POLICY = parsePolicy(
  [
    `log ${keysOf(log).vkey}`,
    `witness ombudsman ${keysOf(ombudsman).vkey}`,
    `witness prosecutor ${keysOf(prosecutor).vkey}`,
    'group both all ombudsman prosecutor',
    'quorum both',
  ].join('\n'),
);

describe('a cosigned checkpoint under a policy (tlog-cosignature client check)', () => {
  it('counts each witness whose cosignature verifies, with its time, and meets the quorum', () => {
    const v = verifyCheckpointNote(NOTE, POLICY);
    expect(v.checkpoint).toMatchObject({ origin: 'custody.example/log', size: 4242 });
    expect(v.checkpoint.extensions).toEqual(['extension line kept in the signed text']);
    expect(v.log.origin).toBe('custody.example/log');
    expect(v.cosignatures).toEqual([
      { witness: 'ombudsman', keyName: 'ombudsman.example/witness', timestamp: 1767225600 },
      { witness: 'prosecutor', keyName: 'prosecutor.example/w2', timestamp: 1767225601 },
    ]);
    expect(v.quorum).toBe(true);
    expect(requireQuorum(v)).toBe(v);
  });

  it('reports a missing quorum with one witness, and requireQuorum refuses it', () => {
    const v = verifyCheckpointNote(`${TEXT}\n${lineOf(log)}${lineOf(prosecutor)}`, POLICY);
    expect(v.quorum).toBe(false);
    expect(v.cosignatures.map((c) => c.witness)).toEqual(['prosecutor']);
    expect(() => requireQuorum(v)).toThrow(/quorum is not met \(cosigned by prosecutor\)/);
    const bare = verifyCheckpointNote(`${TEXT}\n${lineOf(log)}`, POLICY);
    expect(() => requireQuorum(bare)).toThrow(/cosigned by no witness/);
  });

  it('ignores unknown cosigners and refuses a bad signature by any known key', () => {
    const stranger = cosignerFromSkey(generateCosignerKey('stranger.example/w').skey);
    const noisy = withSignatures(NOTE, [stranger.cosignLine(TEXT, 1767225700)]);
    expect(verifyCheckpointNote(noisy, POLICY).cosignatures).toHaveLength(2);
    const raw = fromBase64(ombudsman.signature);
    raw[20] = (raw[20] ?? 0) ^ 1;
    const forged = `${TEXT}\n${lineOf(log)}\u2014 ${ombudsman.name} ${toBase64(raw)}\n`;
    expect(() => verifyCheckpointNote(forged, POLICY)).toThrow(
      /invalid signature for key ombudsman/,
    );
    // the ombudsman's line re-dated: same bytes otherwise, so the signature no longer matches
    const later = fromBase64(ombudsman.signature);
    later[11] = (later[11] ?? 0) + 1;
    const redated = `${TEXT}\n${lineOf(log)}\u2014 ${ombudsman.name} ${toBase64(later)}\n`;
    expect(() => verifyCheckpointNote(redated, POLICY)).toThrow(NoteError);
  });

  it('needs the log of the checkpoint origin: witnesses alone, or another log, are not enough', () => {
    expect(() =>
      verifyCheckpointNote(`${TEXT}\n${lineOf(ombudsman)}${lineOf(prosecutor)}`, POLICY),
    ).toThrow(/carries no signature by that log/);
    const other = signerFromSkey(generateSignerKey('other.example/log').skey);
    const policy = parsePolicy(`log ${other.vkey}\nlog ${keysOf(log).vkey}\nquorum none\n`);
    const wrongOrigin = signNote(TEXT.replace('custody.example/log', 'elsewhere.example/log'), [
      other,
    ]);
    expect(() => verifyCheckpointNote(wrongOrigin, policy)).toThrow(/no signature by that log/);
    expect(verifyCheckpointNote(NOTE, policy).quorum).toBe(true);
  });

  it('does not count a cosignature dated in the future', () => {
    const now = 1767225600 - 3600;
    const v = verifyCheckpointNote(NOTE, POLICY, { now, maxSkew: 60 });
    expect(v.cosignatures).toEqual([]);
    expect(v.uncounted.map((u) => u.witness)).toEqual(['ombudsman', 'prosecutor']);
    expect(v.quorum).toBe(false);
    expect(verifyCheckpointNote(NOTE, POLICY, { now: 1767225601 }).quorum).toBe(true);
  });

  it('adds cosignature lines to a note once per key', () => {
    const note = `${TEXT}\n${lineOf(log)}`;
    const once = withSignatures(note, [lineOf(ombudsman), lineOf(ombudsman), lineOf(log)]);
    expect(once).toBe(`${note}${lineOf(ombudsman)}`);
    expect(withSignatures(once, [lineOf(prosecutor)])).toBe(NOTE);
  });
});
