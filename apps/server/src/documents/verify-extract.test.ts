import {
  cosignerFromSkey,
  formatCheckpoint,
  fromBase64,
  generateCosignerKey,
  generateSignerKey,
  parsePolicy,
  signerFromSkey,
  signNote,
  toBase64,
  withSignatures,
} from '@custody/ledger';
import { describe, expect, it } from 'vitest';
import { FIXTURE_ORIGIN, fixtureBundle } from './extract-bundle.fixture.ts';
import type { ExtractBundle } from './extract-format.ts';
import {
  formatExtractStatement,
  parseExtractStatement,
  signExtractStatement,
  type ExtractStatement,
} from './extract-statement.ts';
import { verifyExtract } from './verify-extract.ts';

const key = generateSignerKey('custody.test');
const stranger = generateSignerKey('custody.test');
const good = fixtureBundle(key.skey, new Set(['InjuriesRecorded']));
const copy = (): ExtractBundle => structuredClone(good);
const verify = (b: unknown) => verifyExtract(b, [key.vkey]);

function failedAt(b: ExtractBundle): number[] {
  return verify(b)
    .entries.filter((e) => e.status === 'failed')
    .map((e) => e.version);
}

function flip(b64: string): string {
  const bytes = fromBase64(b64);
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  return toBase64(bytes);
}

describe('verifyExtract', () => {
  it('accepts an untouched bundle, withheld entry included', () => {
    const r = verify(copy());
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.entries.map((e) => e.status)).toContain('withheld');
    expect(r.entries.filter((e) => e.status === 'verified')).toHaveLength(good.entries.length - 1);
    expect(r.checkpoint?.size).toBe(good.treeSize);
  });

  it('rejects an altered payload', () => {
    const b = copy();
    const e = b.entries[0]!;
    if (e.withheld) throw new Error('fixture');
    e.payload = { ...(e.payload as object), grounds: 'інше' };
    expect(failedAt(b)).toEqual([1]);
  });

  it('rejects an altered salt', () => {
    const b = copy();
    const e = b.entries[2]!;
    if (e.withheld) throw new Error('fixture');
    e.salt = '00'.repeat(32);
    expect(failedAt(b)).toEqual([3]);
  });

  it.each([
    [
      'occurredAt',
      (l: ExtractBundle['entries'][number]['leaf']) => (l.occurredAt = '2025-01-15T08:41:00Z'),
    ],
    [
      'recordedAt',
      (l: ExtractBundle['entries'][number]['leaf']) => (l.recordedAt = '2025-01-15T08:00:00Z'),
    ],
    ['type', (l: ExtractBundle['entries'][number]['leaf']) => (l.type = 'CellCheckRecorded')],
    ['actor', (l: ExtractBundle['entries'][number]['leaf']) => (l.actor.id = 'someone-else')],
    [
      'commitment',
      (l: ExtractBundle['entries'][number]['leaf']) => (l.commitment = 'a'.repeat(64)),
    ],
  ])('rejects an altered leaf field: %s', (_field, alter) => {
    const b = copy();
    alter(b.entries[4]!.leaf);
    expect(failedAt(b)).toEqual([5]);
  });

  it('rejects an altered leaf of a withheld entry', () => {
    const b = copy();
    const i = b.entries.findIndex((e) => e.withheld);
    b.entries[i]!.leaf.occurredAt = '2025-01-15T12:00:00Z';
    expect(verify(b).entries[i]?.status).toBe('failed');
  });

  it('rejects an altered leaf hash, and the chain breaks after it', () => {
    const b = copy();
    b.entries[3]!.leafHash = 'f'.repeat(64);
    expect(failedAt(b)).toEqual([4, 5]);
  });

  it('rejects an altered proof element, a truncated and an extended proof', () => {
    const flipped = copy();
    const p = flipped.entries[1]!.inclusionProof;
    p[0] = flip(p[0]!);
    expect(failedAt(flipped)).toEqual([2]);
    const truncated = copy();
    truncated.entries[1]!.inclusionProof.pop();
    expect(failedAt(truncated)).toEqual([2]);
    const extended = copy();
    extended.entries[1]!.inclusionProof.push(toBase64(new Uint8Array(32)));
    expect(failedAt(extended)).toEqual([2]);
  });

  it('rejects an entry removed from the middle or the start', () => {
    const middle = copy();
    middle.entries.splice(5, 1);
    expect(verify(middle).ok).toBe(false);
    expect(failedAt(middle)[0]).toBe(7);
    const first = copy();
    first.entries.shift();
    expect(verify(first).ok).toBe(false);
  });

  it('rejects two entries reordered', () => {
    const b = copy();
    const [a, c] = [b.entries[6]!, b.entries[7]!];
    b.entries[6] = c;
    b.entries[7] = a;
    expect(verify(b).ok).toBe(false);
  });

  it('rejects an entry added, fabricated or duplicated', () => {
    const dup = copy();
    dup.entries.push(structuredClone(dup.entries.at(-1)!));
    expect(verify(dup).ok).toBe(false);
    const fake = copy();
    const last = fake.entries.at(-1)!;
    const added = structuredClone(last);
    added.logIndex = fake.treeSize - 1;
    added.leaf = {
      ...added.leaf,
      index: added.logIndex,
      version: last.leaf.version + 1,
      prev: last.leafHash,
      id: 'evt-fake',
    };
    fake.entries.push(added);
    expect(failedAt(fake)).toEqual([last.leaf.version + 1]);
  });

  it('rejects a changed checkpoint text, tree size or origin', () => {
    const text = copy();
    text.checkpoint = text.checkpoint.replace(`\n${text.treeSize}\n`, `\n${text.treeSize + 1}\n`);
    const r = verify(text);
    expect(r.ok).toBe(false);
    expect(r.checkpoint).toBeNull();
    expect(r.entries.every((e) => e.status === 'failed')).toBe(true);
    const size = copy();
    size.treeSize += 1;
    expect(verify(size).ok).toBe(false);
    const origin = copy();
    origin.origin = 'elsewhere/log';
    expect(verify(origin).problems.join()).toMatch(/origin/);
  });

  it('rejects the wrong key even when the bundle lists it', () => {
    const b = copy();
    b.vkeys = [stranger.vkey];
    const r = verifyExtract(b, [stranger.vkey]);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatch(/checkpoint not verified/);
    expect(verifyExtract(copy(), ['not a key']).ok).toBe(false);
  });

  it('rejects a malformed bundle with the path of the problem', () => {
    expect(verify(null).ok).toBe(false);
    const extra = { ...copy(), note: 'x' };
    expect(verify(extra).problems.join()).toMatch(/Unrecognized key/);
    const b = copy();
    const w = b.entries.find((e) => e.withheld)!;
    (w as { salt: string | null }).salt = '00'.repeat(32);
    expect(verify(b).problems.join()).toMatch(/entries\.\d+/);
    expect(verify({ ...copy(), format: 'custody-extract/3' }).ok).toBe(false);
  });
});

describe('verifyExtract: the signed extract statement', () => {
  const signer = signerFromSkey(key.skey);
  const stated = (): ExtractStatement => {
    const text = good.statement.slice(0, good.statement.lastIndexOf('\n\n') + 1);
    return parseExtractStatement(text);
  };
  /** The bundle with a statement the log's key really signed, one field changed. */
  const resigned = (change: Partial<ExtractStatement>): ExtractBundle => ({
    ...copy(),
    statement: signExtractStatement({ ...stated(), ...change }, signer),
  });
  /** Fails, with every entry on its own still fine: only the statement can tell. */
  function rejectedByStatement(b: unknown, reason: RegExp): void {
    const r = verify(b);
    expect(r.ok).toBe(false);
    expect(r.entries.filter((e) => e.status === 'failed')).toEqual([]);
    expect(r.problems.join('\n')).toMatch(reason);
  }

  it('opens in an untouched bundle and is returned with the result', () => {
    const r = verify(copy());
    expect(r.ok).toBe(true);
    const last = good.entries.at(-1)!;
    expect(r.statement).toMatchObject({
      recordId: good.recordId,
      entries: good.entries.length,
      lastIndex: last.logIndex,
      lastLeafHash: last.leafHash,
      treeSize: good.treeSize,
      root: r.checkpoint?.root,
    });
  });

  it('rejects the last entry removed, although the shorter chain is intact', () => {
    const b = copy();
    b.entries.pop();
    rejectedByStatement(
      b,
      /holds 15 entries but the signed statement says the record had 16: the last entry is missing/,
    );
    expect(verify(b).problems.join()).toMatch(/last entry is at log index/);
  });

  it('rejects the last two entries removed', () => {
    const b = copy();
    b.entries.splice(-2, 2);
    rejectedByStatement(b, /the last 2 entries are missing/);
  });

  it('rejects the last entries removed even when the withheld one is the last left', () => {
    const b = copy();
    const w = b.entries.findIndex((e) => e.withheld);
    b.entries.splice(w + 1);
    expect(b.entries.at(-1)?.withheld).toBe(true);
    rejectedByStatement(b, /entries are missing/);
  });

  it('rejects a bundle whose statement was removed, and a custody-extract/1 bundle', () => {
    const { statement: _dropped, ...stripped } = copy();
    rejectedByStatement(
      stripped,
      /signed extract statement is missing, so the removal of the record's last entries cannot be excluded/,
    );
    const legacy = { ...stripped, format: 'custody-extract/1' };
    rejectedByStatement(legacy, /custody-extract\/1 carries no signed extract statement/);
    expect(verify({ ...copy(), format: 'custody-extract/1' }).problems.join()).toMatch(
      /Unrecognized key/,
    );
    expect(verify({ ...copy(), statement: '' }).ok).toBe(false);
  });

  it.each([
    ['count', 'entries', '15'],
    ['last leaf hash', 'last-leaf-hash', 'ab'.repeat(32)],
    ['record', 'record', 'rec-other'],
    ['size', 'tree-size', '999'],
  ])('rejects the statement text with its %s edited', (_what, field, value) => {
    const b = copy();
    const line = new RegExp(`^${field} (.*)$`, 'm');
    expect(b.statement.match(line)?.[1]).not.toBe(value);
    b.statement = b.statement.replace(line, `${field} ${value}`);
    rejectedByStatement(b, /extract statement not verified: invalid signature/);
  });

  it.each([
    [
      'a count one less',
      { entries: 15 },
      /bundle holds 16 entries but the signed statement says the record had only 15/,
    ],
    ['a count one more', { entries: 17 }, /the last entry is missing/],
    [
      'another last log index',
      { lastIndex: good.entries.at(-1)!.logIndex - 1 },
      /last entry is at log index \d+, the statement's last at \d+/,
    ],
    ['another last leaf hash', { lastLeafHash: 'ab'.repeat(32) }, /leaf hash differs/],
    ['another record', { recordId: 'rec-other' }, /statement is of record rec-other/],
    ['another log', { origin: 'elsewhere/log' }, /statement is of log elsewhere\/log/],
    ['another tree size', { treeSize: good.treeSize + 1 }, /checkpoint of size \d+, not \d+/],
    ['another root', { root: 'ab'.repeat(32) }, /another checkpoint root/],
  ])('rejects a validly signed statement with %s', (_what, change, reason) => {
    rejectedByStatement(resigned(change), reason);
  });

  it('rejects a statement signed by another key, even one the bundle lists', () => {
    const b = copy();
    b.statement = signExtractStatement(stated(), signerFromSkey(stranger.skey));
    b.vkeys.push(stranger.vkey);
    rejectedByStatement(b, /extract statement not verified/);
  });

  it("rejects another record's statement swapped in, and the checkpoint passed as statement", () => {
    const other = stated();
    const b = copy();
    b.statement = signExtractStatement(
      { ...other, recordId: 'rec-other', entries: 5, lastIndex: 18, lastLeafHash: '5a'.repeat(32) },
      signer,
    );
    rejectedByStatement(b, /statement is of record rec-other, not/);
    const c = copy();
    c.statement = c.checkpoint;
    rejectedByStatement(c, /extract statement malformed/);
  });

  it('rejects a statement from an earlier export: the last entry removed with it', () => {
    // An earlier export saw 15 entries under a smaller checkpoint; its statement does not
    // describe this bundle's checkpoint, so it cannot cover for a removed last entry.
    const b = copy();
    b.entries.pop();
    const last = b.entries.at(-1)!;
    b.statement = signExtractStatement(
      {
        ...stated(),
        entries: 15,
        lastIndex: last.logIndex,
        lastLeafHash: last.leafHash,
        treeSize: last.logIndex + 1,
      },
      signer,
    );
    rejectedByStatement(b, /checkpoint of size/);
  });

  it('never reads a statement as a checkpoint', () => {
    const b = copy();
    b.checkpoint = b.statement;
    const r = verify(b);
    expect(r.ok).toBe(false);
    expect(r.checkpoint).toBeNull();
    expect(r.problems[0]).toMatch(/checkpoint not verified/);
    // And a note signed by the log key whose text is a checkpoint is no statement.
    const cp = signNote(
      formatCheckpoint({
        origin: 'custody.test/log',
        size: 1,
        root: new Uint8Array(32),
        extensions: [],
      }),
      [signer],
    );
    rejectedByStatement({ ...copy(), statement: cp }, /malformed/);
    expect(formatExtractStatement(stated())).toBe(
      good.statement.slice(0, good.statement.lastIndexOf('\n\n') + 1),
    );
  });
});

/** The base64 blob with a bit of its last byte (the signature's, past key ID and time) flipped. */
function flipSignature(b64: string): string {
  const bytes = fromBase64(b64);
  bytes[bytes.length - 1] = (bytes.at(-1) ?? 0) ^ 1;
  return toBase64(bytes);
}

describe('verifyExtract with a witness policy (c2sp.org/tlog-policy)', () => {
  const log = generateSignerKey(FIXTURE_ORIGIN);
  const w1 = generateCosignerKey('w1.example/w');
  const w2 = generateCosignerKey('w2.example/w');
  const policyText = (k: string, logVkey = log.vkey) =>
    [
      `log ${logVkey}`,
      `witness w1 ${w1.vkey}`,
      `witness w2 ${w2.vkey}`,
      `group both ${k} w1 w2`,
      'quorum both',
    ].join('\n');
  const both = parsePolicy(policyText('2'));
  const NOW = 1_780_000_000;
  const cosigned = (...by: { skey: string; ts?: number }[]): ExtractBundle => {
    const b = fixtureBundle(log.skey);
    const text = b.checkpoint.slice(0, b.checkpoint.indexOf('\n\n') + 1);
    const lines = by.map((w) => cosignerFromSkey(w.skey).cosignLine(text, w.ts ?? NOW - 60));
    return { ...b, checkpoint: withSignatures(b.checkpoint, lines) };
  };

  it('is ok when the quorum cosigned the checkpoint, and names the witnesses', () => {
    const r = verifyExtract(cosigned(w1, w2), [log.vkey], { policy: both, now: NOW });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.witnesses).toEqual({ quorum: '2 of (w1, w2)', met: true, cosignedBy: ['w1', 'w2'] });
  });

  it('is intact but not ok when the quorum is not met, saying so', () => {
    const r = verifyExtract(cosigned(w1), [log.vkey], { policy: both, now: NOW });
    expect(r.intact).toBe(true);
    expect(r.ok).toBe(false);
    expect(r.witnesses).toMatchObject({ met: false, cosignedBy: ['w1'] });
    expect(r.problems.join('\n')).toMatch(
      /the witness quorum 2 of \(w1, w2\) is not met on the checkpoint of size \d+ \(cosigned by w1\)/,
    );
    const none = verifyExtract(fixtureBundle(log.skey), [log.vkey], { policy: both, now: NOW });
    expect(none.problems.join('\n')).toMatch(/cosigned by no witness of the policy/);
    const either = parsePolicy(policyText('any'));
    expect(verifyExtract(cosigned(w1), [log.vkey], { policy: either, now: NOW }).ok).toBe(true);
  });

  it('counts a witness once, and not when its cosignature is dated in the future', () => {
    const twice = cosigned(w1, w1);
    expect(verifyExtract(twice, [log.vkey], { policy: both, now: NOW }).witnesses?.met).toBe(false);
    const late = cosigned(w1, { skey: w2.skey, ts: NOW + 3600 });
    const r = verifyExtract(late, [log.vkey], { policy: both, now: NOW });
    expect(r.ok).toBe(false);
    expect(r.problems).toContain('witness w2: not counted, dated in the future');
  });

  it('rejects a checkpoint with a bad cosignature by a policy witness, or of another log', () => {
    const b = cosigned(w1, w2);
    const forged = b.checkpoint.replace(
      /(— w2\.example\/w )(\S+)/,
      (_m, head: string, sig: string) => `${head}${flipSignature(sig)}`,
    );
    const r = verifyExtract({ ...b, checkpoint: forged }, [log.vkey], { policy: both, now: NOW });
    expect(r.ok).toBe(false);
    expect(r.witnesses?.met).toBe(false);
    expect(r.problems.join('\n')).toMatch(/witness policy: checkpoint not accepted/);
    const other = parsePolicy(policyText('2', generateSignerKey(FIXTURE_ORIGIN).vkey));
    const o = verifyExtract(b, [log.vkey], { policy: other, now: NOW });
    expect(o.intact).toBe(true);
    expect(o.problems.join('\n')).toMatch(/carries no signature by that log/);
  });
});
