import fc from 'fast-check';
import { canonicalJson, sha256, toHex } from '@custody/ledger';
import { describe, expect, it } from 'vitest';
import {
  LEAF_FORMAT,
  LEAF_FORMAT_WITH_OFFSET,
  leafBytes,
  leafJson,
  payloadCommitment,
  type LeafFields,
} from './leaf.ts';

function envelope(f: LeafFields) {
  const offset = f.occurredOffset ?? null;
  return {
    v: offset === null ? LEAF_FORMAT : LEAF_FORMAT_WITH_OFFSET,
    ...(offset === null ? {} : { occurredOffset: offset }),
    index: f.index,
    stream: f.stream,
    version: f.version,
    prev: f.prev,
    id: f.id,
    type: f.type,
    occurredAt: f.occurredAt,
    recordedAt: f.recordedAt,
    actor: { id: f.actor.id, role: f.actor.role },
    commitment: f.commitment,
  };
}

const text = fc.string({ unit: 'binary', maxLength: 30 });
const fields: fc.Arbitrary<LeafFields> = fc.record({
  index: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
  stream: text,
  version: fc.integer({ min: 1, max: 2 ** 31 }),
  prev: fc.option(text),
  id: text,
  type: text,
  occurredAt: text,
  occurredOffset: fc.option(text),
  recordedAt: text,
  actor: fc.record({ id: text, role: text }),
  commitment: text,
});

describe('leaf envelope', () => {
  it('is byte for byte RFC 8785 canonical JSON of the envelope (any strings, control characters, quotes, non-BMP)', () => {
    fc.assert(
      fc.property(fields, (f) => {
        let expected: string | null;
        try {
          expected = canonicalJson(envelope(f));
        } catch {
          expected = null;
        }
        expect(leafJson(f)).toBe(expected);
        if (expected !== null) {
          expect(Buffer.from(leafBytes(f))).toEqual(Buffer.from(expected, 'utf8'));
        }
      }),
      { seed: 8785, numRuns: 2000 },
    );
  });

  it('writes plain text between quotes and escapes the rest as canonical JSON does', () => {
    const base = {
      index: 3,
      stream: 'record-1',
      version: 2,
      prev: null,
      id: 'e',
      type: 't',
      occurredAt: 'o',
      recordedAt: 'r',
      actor: { id: 'a', role: 'b' },
      commitment: 'c',
    };
    // Each boundary of the plain form: the first and last escaped code units, the first plain
    // ones after them, text JSON leaves as it is (DEL, U+2028, non-ASCII, a surrogate pair).
    const edges = [
      '',
      'x"y',
      'x\\y',
      '\u0000',
      '\u001f',
      ' ',
      '\u007f',
      '\u2028',
      'спить',
      '😀',
      '"',
    ];
    for (const t of edges) {
      const f: LeafFields = { ...base, stream: t, actor: { id: `a${t}`, role: t }, prev: t };
      expect(leafJson(f)).toBe(canonicalJson(envelope(f)));
    }
  });

  it('refuses a lone surrogate or an unsafe index instead of writing a non-canonical leaf', () => {
    const base: LeafFields = {
      index: 0,
      stream: 's',
      version: 1,
      prev: null,
      id: 'e',
      type: 't',
      occurredAt: 'o',
      recordedAt: 'r',
      actor: { id: 'a', role: 'b' },
      commitment: 'c',
    };
    expect(leafJson(base)).toBe(canonicalJson(envelope(base)));
    expect(leafJson({ ...base, actor: { id: 'a\ud800', role: 'b' } })).toBeNull();
    expect(leafJson({ ...base, index: 2 ** 53 })).toBeNull();
    expect(() => leafBytes({ ...base, prev: '\udc00' })).toThrow(TypeError);
  });

  it('commits to a payload as hex SHA-256(salt || canonical payload)', () => {
    const salt = new Uint8Array(32).fill(7);
    const payload = '{"cell":"К-1"}';
    const joined = new Uint8Array([...salt, ...new TextEncoder().encode(payload)]);
    expect(payloadCommitment(salt, payload)).toBe(toHex(sha256(joined)));
  });
});
