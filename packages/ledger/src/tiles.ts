import { HASH_SIZE, nodeHash } from './hash.ts';
import type { NodeReader } from './tree-math.ts';
import { isTreeSize } from './tree-math.ts';

/** c2sp.org/tlog-tiles: a full tile holds 256 hashes (8 tree levels); so does an entry bundle. */
export const TILE_WIDTH = 256;
export const TILE_HEIGHT = 8;
/** A full tile's size in bytes (256 hashes of 32 bytes). */
export const FULL_TILE_BYTES = TILE_WIDTH * HASH_SIZE;
/** An entry's length is a big-endian uint16 in a bundle, so an entry is at most 65,535 bytes. */
export const MAX_ENTRY_BYTES = 0xffff;

/** A tile (`level` 0..63) or an entry bundle (`level` 'entries'), full (256) or partial. */
export interface TileId {
  readonly level: number | 'entries';
  readonly index: number;
  /** 1..256: 256 is a full tile, fewer a partial one (`.p/<W>`). */
  readonly width: number;
}

/** `<N>` as zero-padded 3-digit elements, all but the last prefixed with x: 1234067 → x001/x234/067. */
export function tileIndexPath(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError('a tile index is >= 0');
  const groups: string[] = [];
  let n = index;
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

/** The path of a tile below the log's prefix: `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`. */
export function tilePath(t: TileId): string {
  if (t.level !== 'entries' && !(Number.isInteger(t.level) && t.level >= 0 && t.level <= 63)) {
    throw new RangeError('a tile level is 0..63');
  }
  if (!Number.isInteger(t.width) || t.width < 1 || t.width > TILE_WIDTH) {
    throw new RangeError('a tile width is 1..256');
  }
  const partial = t.width < TILE_WIDTH ? `.p/${String(t.width)}` : '';
  return `tile/${String(t.level)}/${tileIndexPath(t.index)}${partial}`;
}

/**
 * Parses the part after `tile/` strictly (c2sp.org/tlog-tiles §Merkle Tree): a level 0..63
 * without leading zeros or `entries`, the index in its one canonical spelling, and an optional
 * `.p/<W>` with W in 1..255. Returns null for anything else.
 */
export function parseTilePath(path: string): TileId | null {
  const m = /^(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/.exec(
    path,
  );
  if (m === null) return null;
  const level: TileId['level'] = m[1] === 'entries' ? 'entries' : Number(m[1]);
  if (level !== 'entries' && level > 63) return null;
  const index = Number((m[2] ?? '').replace(/x|\//g, ''));
  const width = m[3] === undefined ? TILE_WIDTH : Number(m[3]);
  if (!Number.isSafeInteger(index) || (m[3] !== undefined && width >= TILE_WIDTH)) return null;
  const tile: TileId = { level, index, width };
  return tilePath(tile) === `tile/${path}` ? tile : null;
}

/**
 * How many hashes tile (level, index) holds in a tree of `size` leaves: 256 when full, the
 * partial width floor(size / 256^level) mod 256 for the rightmost, 0 when it does not exist.
 * Entry bundles have the widths of level 0.
 */
export function tileWidthAt(level: number | 'entries', index: number, size: number): number {
  if (!isTreeSize(size)) throw new RangeError('size must be a tree size');
  const below = Math.floor(size / TILE_WIDTH ** (level === 'entries' ? 0 : level));
  return Math.max(0, Math.min(TILE_WIDTH, below - index * TILE_WIDTH));
}

/** Big-endian uint16 length-prefixed entries (c2sp.org/tlog-tiles §Log entries). */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(entries.reduce((n, e) => n + 2 + e.length, 0));
  let at = 0;
  for (const e of entries) {
    if (e.length > MAX_ENTRY_BYTES) throw new RangeError('an entry is at most 65,535 bytes');
    out[at] = e.length >> 8;
    out[at + 1] = e.length & 0xff;
    out.set(e, at + 2);
    at += 2 + e.length;
  }
  return out;
}

/** The entries of a bundle; throws a TypeError when a length runs past the end. */
export function decodeEntryBundle(bundle: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < bundle.length) {
    if (at + 2 > bundle.length) throw new TypeError('entry bundle ends inside a length');
    const n = ((bundle[at] ?? 0) << 8) | (bundle[at + 1] ?? 0);
    if (at + 2 + n > bundle.length) throw new TypeError('entry bundle ends inside an entry');
    out.push(bundle.subarray(at + 2, at + 2 + n));
    at += 2 + n;
  }
  return out;
}

/** The hashes of a tile's bytes; throws a TypeError when the length is not `width` × 32. */
export function tileHashes(bytes: Uint8Array, width: number): Uint8Array[] {
  if (bytes.length !== width * HASH_SIZE) {
    throw new TypeError(`a tile of width ${String(width)} is ${String(width * HASH_SIZE)} bytes`);
  }
  return Array.from({ length: width }, (_, i) => bytes.slice(i * HASH_SIZE, (i + 1) * HASH_SIZE));
}

/** The tile holding node (level, index) at its bottom, and the range of hashes it spans there. */
export function tileOfNode(
  level: number,
  index: number,
): { tileLevel: number; tile: number; from: number; count: number } {
  const tileLevel = Math.floor(level / TILE_HEIGHT);
  const count = 2 ** (level - tileLevel * TILE_HEIGHT);
  const first = index * count;
  return { tileLevel, tile: Math.floor(first / TILE_WIDTH), from: first % TILE_WIDTH, count };
}

/**
 * A {@link NodeReader} over fetched tiles: node (level, index) is the Merkle Tree Hash of the
 * tile hashes it spans (c2sp.org/tlog-tiles: "the Merkle Tree levels between those expressed by
 * the tile hashes are reconstructed by hashing"). `tiles(level, n)` gives a tile's hashes or
 * undefined; a missing or too narrow tile throws.
 */
export function tileNodeReader(
  tiles: (tileLevel: number, tile: number) => readonly Uint8Array[] | undefined,
): NodeReader {
  return (level, index) => {
    const { tileLevel, tile, from, count } = tileOfNode(level, index);
    const hashes = tiles(tileLevel, tile);
    if (hashes === undefined || hashes.length < from + count) {
      throw new RangeError(
        `tile ${String(tileLevel)}/${String(tile)} does not hold node (${String(level)}, ${String(index)})`,
      );
    }
    let row = hashes.slice(from, from + count);
    while (row.length > 1) {
      const next: Uint8Array[] = [];
      for (let i = 0; i < row.length; i += 2)
        next.push(nodeHash(row[i] as Uint8Array, row[i + 1] as Uint8Array));
      row = next;
    }
    return row[0] as Uint8Array;
  };
}
