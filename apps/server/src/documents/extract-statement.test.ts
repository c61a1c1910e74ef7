import {
  formatCheckpoint,
  generateSignerKey,
  openNote,
  parseCheckpoint,
  signerFromSkey,
  verifierFromVkey,
} from '@custody/ledger';
import { describe, expect, it } from 'vitest';
import {
  formatExtractStatement,
  parseExtractStatement,
  signExtractStatement,
  STATEMENT_HEADER,
  type ExtractStatement,
} from './extract-statement.ts';

const STATEMENT: ExtractStatement = {
  origin: 'custody.example.gov.ua/log',
  recordId: '0b1f6a3e-5c55-4c1e-9d0e-3f2a7b9c1d20',
  entries: 12,
  lastIndex: 4711,
  lastLeafHash: '3b'.repeat(32),
  treeSize: 4800,
  root: 'c0ffee'.repeat(10) + 'beef',
};

/** The documented text (README "The extract statement"); the web verifier parses the same. */
const GOLDEN =
  'custody-extract-statement/1\n' +
  'origin custody.example.gov.ua/log\n' +
  'record 0b1f6a3e-5c55-4c1e-9d0e-3f2a7b9c1d20\n' +
  'entries 12\n' +
  'last-index 4711\n' +
  `last-leaf-hash ${'3b'.repeat(32)}\n` +
  'tree-size 4800\n' +
  `root ${'c0ffee'.repeat(10)}beef\n`;

describe('extract statement text', () => {
  it('formats one field per line after the fixed header, and parses back', () => {
    expect(formatExtractStatement(STATEMENT)).toBe(GOLDEN);
    expect(parseExtractStatement(GOLDEN)).toEqual(STATEMENT);
  });

  it('can never be read as a checkpoint, nor a checkpoint as a statement', () => {
    expect(() => parseCheckpoint(GOLDEN)).toThrow();
    const checkpoint = formatCheckpoint({
      origin: STATEMENT_HEADER,
      size: 12,
      root: new Uint8Array(32),
      extensions: ['record r', 'entries 1', 'last-index 0', `tree-size ${'0'.repeat(64)}`, 'x y'],
    });
    expect(() => parseExtractStatement(checkpoint)).toThrow(/expected origin/);
  });

  const lines = GOLDEN.split('\n');
  const replace = (i: number, line: string) => lines.map((l, k) => (k === i ? line : l)).join('\n');
  it.each([
    ['no final newline', GOLDEN.slice(0, -1)],
    ['a trailing blank line', `${GOLDEN}\n`],
    ['an extra line', `${GOLDEN}extra 1\n`],
    ['a missing line', lines.filter((_, i) => i !== 3).join('\n')],
    ['another header', replace(0, 'custody-extract-statement/2')],
    ['a checkpoint-like header', replace(0, 'custody.example.gov.ua/log')],
    ['fields out of order', [lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n')],
    ['an unknown key', replace(1, 'log custody.example.gov.ua/log')],
    ['two spaces after a key', replace(3, 'entries  12')],
    ['a tab after a key', replace(3, 'entries\t12')],
    ['an empty value', replace(2, 'record ')],
    ['a value with a trailing space', replace(2, 'record r-1 ')],
    ['a leading zero', replace(3, 'entries 012')],
    ['a sign', replace(3, 'entries +12')],
    ['a negative number', replace(4, 'last-index -1')],
    ['a fraction', replace(6, 'tree-size 4800.0')],
    ['a number beyond 2^53', replace(6, 'tree-size 9007199254740993')],
    ['upper-case hex', replace(5, `last-leaf-hash ${'3B'.repeat(32)}`)],
    ['a short hash', replace(7, `root ${'ab'.repeat(31)}`)],
    ['base64 instead of hex', replace(7, `root ${Buffer.alloc(32).toString('base64')}`)],
    ['no entries', replace(3, 'entries 0')],
    ['more entries than leaves up to the last', replace(4, 'last-index 10')],
    ['the last entry beyond the tree', replace(4, 'last-index 4800')],
    ['CRLF line ends', GOLDEN.replace(/\n/g, '\r\n')],
  ])('rejects %s', (_what, text) => {
    expect(() => parseExtractStatement(text)).toThrow();
  });

  it('refuses to format a field it could not write on one line', () => {
    expect(() => formatExtractStatement({ ...STATEMENT, recordId: 'a\nentries 1' })).toThrow();
    expect(() => formatExtractStatement({ ...STATEMENT, origin: '' })).toThrow();
    expect(() => formatExtractStatement({ ...STATEMENT, entries: 1.5 })).toThrow();
    expect(() => formatExtractStatement({ ...STATEMENT, root: 'x' })).toThrow();
  });

  it('is signed as a C2SP note that opens with the log key only', () => {
    const key = generateSignerKey('custody.example.gov.ua/log');
    const note = signExtractStatement(STATEMENT, signerFromSkey(key.skey));
    expect(note.startsWith(`${GOLDEN}\n\u2014 custody.example.gov.ua/log `)).toBe(true);
    expect(openNote(note, [verifierFromVkey(key.vkey)]).text).toBe(GOLDEN);
    const other = generateSignerKey('custody.example.gov.ua/log');
    expect(() => openNote(note, [verifierFromVkey(other.vkey)])).toThrow();
  });
});
