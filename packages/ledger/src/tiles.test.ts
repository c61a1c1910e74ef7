import { describe, expect, it } from 'vitest';
import { toHex } from './bytes.ts';
import { leafHash } from './hash.ts';
import { buildTree } from './merkle.fixture.ts';
import { consistencyProof, inclusionProof, rootFromNodes } from './proof.ts';
import {
  decodeEntryBundle,
  encodeEntryBundle,
  parseTilePath,
  tileHashes,
  tileIndexPath,
  tileNodeReader,
  tilePath,
  tileWidthAt,
  TILE_WIDTH,
} from './tiles.ts';
import { verifyConsistency } from './verify.ts';

describe('c2sp.org/tlog-tiles paths', () => {
  it('writes indices in 3-digit groups, x on all but the last', () => {
    expect(tileIndexPath(1234067)).toBe('x001/x234/067');
    expect(tileIndexPath(5)).toBe('005');
    expect(tileIndexPath(0)).toBe('000');
    expect(tileIndexPath(1000)).toBe('x001/000');
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(tilePath({ level: 2, index: 5, width: 17 })).toBe('tile/2/005.p/17');
    expect(tilePath({ level: 'entries', index: 0, width: 1 })).toBe('tile/entries/000.p/1');
  });

  it('parses only the one canonical spelling of each path', () => {
    expect(parseTilePath('0/x001/x234/067')).toEqual({ level: 0, index: 1234067, width: 256 });
    expect(parseTilePath('63/005.p/255')).toEqual({ level: 63, index: 5, width: 255 });
    expect(parseTilePath('entries/x001/000.p/7')).toEqual({
      level: 'entries',
      index: 1000,
      width: 7,
    });
    for (const bad of [
      '0/5',
      '0/0005',
      '0/x000/005',
      '0/005/',
      '01/005',
      '64/005',
      '0/005.p/0',
      '0/005.p/256',
      '0/005.p/07',
      '0/005.p/',
      '0/x1/005',
      '0/y001/005',
      'data/005',
      '0/005.p/12/3',
      '',
    ]) {
      expect(parseTilePath(bad), bad).toBeNull();
    }
  });

  it('gives the widths of the specification example: a tree of 70,000 and one of 256', () => {
    expect(
      Array.from({ length: 274 }, (_, n) => tileWidthAt(0, n, 70000)).filter((w) => w === 256),
    ).toHaveLength(273);
    expect(tileWidthAt(0, 273, 70000)).toBe(112);
    expect(tileWidthAt(0, 274, 70000)).toBe(0);
    expect(tileWidthAt(1, 0, 70000)).toBe(256);
    expect(tileWidthAt(1, 1, 70000)).toBe(17);
    expect(tileWidthAt(2, 0, 70000)).toBe(1);
    expect(tileWidthAt(3, 0, 70000)).toBe(0);
    expect(tileWidthAt(0, 0, 256)).toBe(256);
    expect(tileWidthAt(1, 0, 256)).toBe(1);
    expect(tileWidthAt('entries', 273, 70000)).toBe(112);
  });
});

describe('entry bundles', () => {
  it('round-trips big-endian uint16 length-prefixed entries, and refuses a cut bundle', () => {
    const entries = [
      new Uint8Array(0),
      new TextEncoder().encode('{"v":1}'),
      new Uint8Array(65535).fill(7),
    ];
    const bundle = encodeEntryBundle(entries);
    expect(Array.from(bundle.slice(0, 4))).toEqual([0, 0, 0, 7]);
    expect(decodeEntryBundle(bundle)).toEqual(entries);
    expect(() => decodeEntryBundle(bundle.slice(0, -1))).toThrow(/inside an entry/);
    expect(() => decodeEntryBundle(Uint8Array.of(0))).toThrow(/inside a length/);
    expect(() => encodeEntryBundle([new Uint8Array(65536)])).toThrow(RangeError);
  });
});

describe('the tree from tiles', () => {
  const SIZE = 70000;
  const tree = buildTree(SIZE);
  /** Tiles as a log serves them for a tree of `size`: level-L hashes are stored level 8L nodes. */
  const tilesOf = (size: number) => (level: number, n: number) => {
    const width = tileWidthAt(level, n, size);
    if (width === 0) return undefined;
    const bytes = new Uint8Array(width * 32);
    for (let i = 0; i < width; i++) bytes.set(tree.read(8 * level, n * TILE_WIDTH + i), i * 32);
    return tileHashes(bytes, width);
  };

  it('reconstructs the root, proofs and leaf hashes of every size tried', () => {
    for (const size of [1, 2, 255, 256, 257, 65535, 65536, 65537, 69999, SIZE]) {
      const read = tileNodeReader(tilesOf(size));
      expect(toHex(rootFromNodes(size, read)), String(size)).toBe(
        toHex(rootFromNodes(size, tree.read)),
      );
      const i = size - 1;
      expect(inclusionProof(i, size, read).map(toHex)).toEqual(
        inclusionProof(i, size, tree.read).map(toHex),
      );
    }
    expect(toHex(tileNodeReader(tilesOf(SIZE))(0, 300))).toBe(
      toHex(leafHash(new TextEncoder().encode('300'))),
    );
  });

  it('gives consistency proofs that verify between sizes', () => {
    const newer = tileNodeReader(tilesOf(SIZE));
    for (const old of [1, 256, 300, 65536, 69000]) {
      const proof = consistencyProof(old, SIZE, newer);
      const oldRoot = rootFromNodes(old, tileNodeReader(tilesOf(old)));
      expect(
        verifyConsistency(old, SIZE, oldRoot, rootFromNodes(SIZE, newer), proof),
        String(old),
      ).toBe(true);
    }
  });

  it('refuses a node its tiles do not hold, and a tile of the wrong length', () => {
    const read = tileNodeReader(tilesOf(300));
    expect(() => read(0, 300)).toThrow(/does not hold node/);
    expect(() => read(8, 1)).toThrow(/does not hold/);
    expect(() => tileHashes(new Uint8Array(33), 1)).toThrow(TypeError);
  });
});
