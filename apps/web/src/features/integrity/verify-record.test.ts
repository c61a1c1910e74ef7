import { parseCheckpoint, toBase64 } from '@custody/ledger';
import {
  parseExtractStatement,
  type ExtractStatement,
  type RecordProofs,
} from '@custody/contracts';
import { describe, expect, it } from 'vitest';
import { buildRecordProofs, statementText } from './record-proofs.fixture.ts';
import { verifyRecordProofs } from './verify-record.ts';

const clone = (p: RecordProofs): RecordProofs => structuredClone(p);

describe('verifyRecordProofs (integrity.md "Verification")', () => {
  const built = buildRecordProofs({ entries: 6, others: 5 });

  it('verifies every entry of an untouched record and marks withheld ones', () => {
    const result = verifyRecordProofs(built.proofs, built.vkey, new Set(['evt-2']));
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.checkpoint?.size).toBe(11);
    expect(result.statement).toEqual(built.statement);
    expect(result.statement?.root).toBe(result.checkpoint?.root);
    expect(result.entries.map((e) => e.status)).toEqual([
      'verified',
      'withheld',
      'verified',
      'verified',
      'verified',
      'verified',
    ]);
  });

  const tampers: [string, (p: RecordProofs) => void, string][] = [
    [
      'an envelope field',
      (p) => void (p.leaves[2]!.leaf.occurredAt = '2026-03-01T09:00:00.000Z'),
      'leaf_hash',
    ],
    ['a commitment', (p) => void (p.leaves[1]!.leaf.commitment = '0'.repeat(64)), 'leaf_hash'],
    ['a leaf hash', (p) => void (p.leaves[4]!.leafHash = '1'.repeat(64)), 'leaf_hash'],
    [
      'a proof hash',
      (p) => void (p.leaves[0]!.inclusionProof[0] = toBase64(new Uint8Array(32))),
      'inclusion',
    ],
    ['a proof truncated', (p) => void p.leaves[3]!.inclusionProof.pop(), 'inclusion'],
    ['an entry removed', (p) => void p.leaves.splice(2, 1), 'stream_version'],
    ['two entries swapped', (p) => void p.leaves.reverse(), 'stream_version'],
    ['a log index', (p) => void (p.leaves[1]!.logIndex += 1), 'leaf_index'],
    ['the record id', (p) => void (p.recordId = 'rec-2'), 'other_record'],
    [
      'non-base64 proof',
      (p) => void (p.leaves[0]!.inclusionProof[0] = 'not base64!'),
      'proof_encoding',
    ],
  ];
  for (const [what, tamper, problem] of tampers) {
    it(`fails when ${what} is changed`, () => {
      const proofs = clone(built.proofs);
      tamper(proofs);
      const result = verifyRecordProofs(proofs, built.vkey);
      expect(result.ok).toBe(false);
      expect(result.entries.map((e) => e.problem)).toContain(problem);
    });
  }

  it('fails everything when the checkpoint is signed by another key or altered', () => {
    const other = verifyRecordProofs(built.proofs, built.otherVkey);
    expect(other.ok).toBe(false);
    expect(other.problems).toEqual(['key_mismatch', 'signature', 'statement_signature']);
    expect(other.entries.every((e) => e.problem === 'no_checkpoint')).toBe(true);

    const altered = clone(built.proofs);
    altered.checkpoint = altered.checkpoint.replace('\n11\n', '\n12\n');
    const result = verifyRecordProofs(altered, built.vkey);
    expect(result.problems).toContain('signature');
    expect(result.ok).toBe(false);
  });

  it('fails when the checkpoint does not match the stated origin or size', () => {
    const proofs = { ...clone(built.proofs), origin: 'elsewhere', treeSize: 12 };
    const result = verifyRecordProofs(proofs, built.vkey);
    expect(result.problems).toEqual([
      'checkpoint_origin',
      'checkpoint_size',
      'statement_origin',
      'statement_checkpoint',
    ]);
  });
});

/** The documented statement text; the server's extract-statement.test.ts formats the same. */
const GOLDEN =
  'custody-extract-statement/1\n' +
  'origin custody.example.gov.ua/log\n' +
  'record 0b1f6a3e-5c55-4c1e-9d0e-3f2a7b9c1d20\n' +
  'entries 12\n' +
  'last-index 4711\n' +
  `last-leaf-hash ${'3b'.repeat(32)}\n` +
  'tree-size 4800\n' +
  `root ${'c0ffee'.repeat(10)}beef\n`;

describe('extract statement text (as the server writes it)', () => {
  it('parses the documented text', () => {
    const s = parseExtractStatement(GOLDEN);
    expect(s).toEqual({
      origin: 'custody.example.gov.ua/log',
      recordId: '0b1f6a3e-5c55-4c1e-9d0e-3f2a7b9c1d20',
      entries: 12,
      lastIndex: 4711,
      lastLeafHash: '3b'.repeat(32),
      treeSize: 4800,
      root: `${'c0ffee'.repeat(10)}beef`,
    });
    expect(statementText(s)).toBe(GOLDEN);
  });

  const lines = GOLDEN.split('\n');
  const replace = (i: number, line: string) => lines.map((l, k) => (k === i ? line : l)).join('\n');
  it.each([
    ['no final newline', GOLDEN.slice(0, -1)],
    ['an extra line', `${GOLDEN}x 1\n`],
    ['another header', replace(0, 'custody-extract-statement/2')],
    ['fields out of order', [lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n')],
    ['two spaces', replace(3, 'entries  12')],
    ['a leading zero', replace(3, 'entries 012')],
    ['no entries', replace(3, 'entries 0')],
    ['upper-case hex', replace(5, `last-leaf-hash ${'3B'.repeat(32)}`)],
    ['the last entry beyond the tree', replace(4, 'last-index 4800')],
    ['CRLF', GOLDEN.replace(/\n/g, '\r\n')],
    ['a checkpoint', 'custody.test/log\n11\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n'],
  ])('rejects %s', (_what, text) => {
    expect(() => parseExtractStatement(text)).toThrow();
  });

  it('can never be read as a checkpoint', () => {
    expect(() => parseCheckpoint(GOLDEN)).toThrow();
  });
});

describe('verifyRecordProofs: the signed extract statement', () => {
  const built = buildRecordProofs({ entries: 6, others: 5 });
  /** Fails with `problems` while every entry on its own still verifies. */
  function rejected(proofs: RecordProofs, ...expected: string[]): void {
    const result = verifyRecordProofs(proofs, built.vkey);
    expect(result.ok).toBe(false);
    expect(result.entries.filter((e) => e.status === 'failed')).toEqual([]);
    expect(result.problems).toEqual(expected);
  }
  const resigned = (change: Partial<ExtractStatement>): RecordProofs => ({
    ...clone(built.proofs),
    statement: built.sign(statementText({ ...built.statement, ...change })),
  });

  it('rejects the last entry removed, although the shorter chain is intact', () => {
    const p = clone(built.proofs);
    p.leaves.pop();
    rejected(p, 'statement_count', 'statement_last');
  });

  it('rejects the last two entries removed', () => {
    const p = clone(built.proofs);
    p.leaves.splice(-2, 2);
    rejected(p, 'statement_count', 'statement_last');
  });

  it('rejects proofs without the statement', () => {
    const p: Partial<RecordProofs> = clone(built.proofs);
    delete p.statement;
    rejected(p as RecordProofs, 'statement_missing');
    rejected({ ...clone(built.proofs), statement: '' }, 'statement_missing');
  });

  it.each([
    ['count', 'entries', '5'],
    ['last leaf hash', 'last-leaf-hash', 'ab'.repeat(32)],
    ['record', 'record', 'rec-2'],
    ['size', 'tree-size', '12'],
  ])('rejects the statement text with its %s edited', (_what, field, value) => {
    const p = clone(built.proofs);
    const line = new RegExp(`^${field} (.*)$`, 'm');
    expect(p.statement.match(line)?.[1]).not.toBe(value);
    p.statement = p.statement.replace(line, `${field} ${value}`);
    rejected(p, 'statement_signature');
  });

  it.each([
    ['a count one less', { entries: 5 }, ['statement_count']],
    ['a count one more', { entries: 7 }, ['statement_count']],
    ['another last leaf hash', { lastLeafHash: 'ab'.repeat(32) }, ['statement_last']],
    ['another last index', { lastIndex: 9 }, ['statement_last']],
    ['another record', { recordId: 'rec-2' }, ['statement_record']],
    ['another log', { origin: 'elsewhere/log' }, ['statement_origin']],
    ['another tree size', { treeSize: 12 }, ['statement_checkpoint']],
    ['another root', { root: 'ab'.repeat(32) }, ['statement_checkpoint']],
  ] as const)('rejects a validly signed statement with %s', (_what, change, problems) => {
    rejected(resigned(change), ...problems);
  });

  it('rejects a statement signed by another key', () => {
    const p = clone(built.proofs);
    p.statement = built.signOther(statementText(built.statement));
    rejected(p, 'statement_signature');
  });

  it("rejects another record's statement swapped in, and the checkpoint as statement", () => {
    rejected(
      resigned({ recordId: 'rec-9', entries: 2, lastIndex: 7, lastLeafHash: '5a'.repeat(32) }),
      'statement_record',
      'statement_count',
      'statement_last',
    );
    const p = clone(built.proofs);
    p.statement = p.checkpoint;
    rejected(p, 'statement_malformed');
  });
});
