import { TILE_HEIGHT, TILE_WIDTH, concatBytes, encodeEntryBundle } from '@custody/ledger';
import type { Database } from '../db/database.ts';
import { int } from '../store/schema.ts';
import { storeDb } from '../store/transaction.ts';

/**
 * The hashes of hash tile (level, index) of width `width` (c2sp.org/tlog-tiles): the stored
 * complete subtrees at tree level 8·level, indices index·256 … index·256 + width − 1, concatenated.
 * Null when the log does not hold all of them yet (the tile does not exist at any signed size).
 */
export async function hashTile(
  database: Database,
  level: number,
  index: number,
  width: number,
): Promise<Uint8Array | null> {
  const first = index * TILE_WIDTH;
  const rows = await storeDb(database)
    .selectFrom('log_nodes')
    .select(['idx', 'hash'])
    .where('level', '=', level * TILE_HEIGHT)
    .where('idx', '>=', first)
    .where('idx', '<', first + width)
    .orderBy('idx')
    .execute();
  if (rows.length !== width || rows.some((r, i) => int(r.idx) !== first + i)) return null;
  return concatBytes(...rows.map((r) => r.hash));
}

/**
 * The entry bundle (index, width): the leaf bytes of entries index·256 … index·256 + width − 1,
 * each with its big-endian uint16 length. Null when the log holds fewer entries.
 */
export async function entryBundle(
  database: Database,
  index: number,
  width: number,
): Promise<Uint8Array | null> {
  const first = index * TILE_WIDTH;
  const rows = await storeDb(database)
    .selectFrom('log_leaves')
    .select(['log_index', 'leaf'])
    .where('log_index', '>=', first)
    .where('log_index', '<', first + width)
    .orderBy('log_index')
    .execute();
  if (rows.length !== width || rows.some((r, i) => int(r.log_index) !== first + i)) return null;
  return encodeEntryBundle(rows.map((r) => r.leaf));
}
