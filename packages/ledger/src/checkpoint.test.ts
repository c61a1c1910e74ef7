import { describe, expect, it } from 'vitest';
import { formatCheckpoint, parseCheckpoint } from './checkpoint.ts';
import { EMPTY_ROOT, sha256 } from './hash.ts';

const root = sha256(new TextEncoder().encode('root'));
const ROOT64 = Buffer.from(root).toString('base64');

describe('C2SP tlog-checkpoint body', () => {
  it('formats and parses origin, size, root and extension lines', () => {
    const c = { origin: 'custody.example/log', size: 123456, root, extensions: ['— ext a', 'b'] };
    const text = formatCheckpoint(c);
    expect(text).toBe(`custody.example/log\n123456\n${ROOT64}\n— ext a\nb\n`);
    expect(parseCheckpoint(text)).toEqual(c);
    const empty = { origin: 'o', size: 0, root: EMPTY_ROOT, extensions: [] };
    expect(parseCheckpoint(formatCheckpoint(empty))).toEqual(empty);
    expect(parseCheckpoint(`o\n${2 ** 53}\n${ROOT64}\n`).size).toBe(2 ** 53);
  });

  it('rejects malformed bodies', () => {
    const bad = [
      `o\n01\n${ROOT64}\n`,
      `o\n-1\n${ROOT64}\n`,
      `o\n1.0\n${ROOT64}\n`,
      `o\n 1\n${ROOT64}\n`,
      `o\n9007199254740993\n${ROOT64}\n`,
      `o\n18446744073709551615\n${ROOT64}\n`,
      `\n1\n${ROOT64}\n`,
      `o\n1\n${ROOT64}`,
      `o\n1\n${ROOT64.slice(0, -4)}\n`,
      `o\n1\n${Buffer.concat([root, Buffer.from([0])]).toString('base64')}\n`,
      `o\n1\n${ROOT64.replace('=', '')}\n`,
      `o\n1\n${ROOT64}\n\n`,
      `o\n1\n`,
      `o\tx\n1\n${ROOT64}\n`,
      '',
    ];
    for (const text of bad)
      expect(() => parseCheckpoint(text), JSON.stringify(text)).toThrow(TypeError);
  });

  it('refuses to format what it could not parse back', () => {
    const ok = { origin: 'o', size: 1, root, extensions: [] };
    expect(() => formatCheckpoint({ ...ok, origin: '' })).toThrow(TypeError);
    expect(() => formatCheckpoint({ ...ok, origin: 'a\nb' })).toThrow(TypeError);
    expect(() => formatCheckpoint({ ...ok, size: 1.5 })).toThrow(TypeError);
    expect(() => formatCheckpoint({ ...ok, root: root.slice(1) })).toThrow(TypeError);
    expect(() => formatCheckpoint({ ...ok, extensions: [''] })).toThrow(TypeError);
  });
});
