import { fromBase64, generateSignerKey, toBase64 } from '@custody/ledger';
import { describe, expect, it } from 'vitest';
import { fixtureBundle } from './extract-bundle.fixture.ts';
import type { ExtractBundle } from './extract-format.ts';
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
    expect(verify({ ...copy(), format: 'custody-extract/2' }).ok).toBe(false);
  });
});
