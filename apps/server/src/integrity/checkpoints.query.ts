import type { CheckpointView } from '@custody/contracts';
import { parseCheckpoint, toHex } from '@custody/ledger';
import type { Database } from '../db/database.ts';
import type { CheckpointInfo } from '../store/index.ts';
import { int } from '../store/schema.ts';
import { storeDb } from '../store/transaction.ts';

/** The checkpoint body of a signed note: the text up to and including the blank line's newline. */
export function noteBody(note: string): string {
  return note.slice(0, note.indexOf('\n\n') + 1);
}

/**
 * The most recent signed checkpoints, largest first (C2SP tlog-checkpoint). A checkpoint carries
 * no time, so `createdAt` is the recorded-at of the last entry it covers. `newest` is the event
 * store's latest (`EventStore.latestCheckpoint`), listed first should it be newer than the rows read.
 */
export async function recentCheckpoints(
  database: Database,
  limit: number,
  newest: CheckpointInfo | null = null,
): Promise<CheckpointView[]> {
  const stored = await storedCheckpoints(database, limit);
  if (newest === null || newest.size <= (stored[0]?.size ?? 0)) return stored;
  const leaf = await storeDb(database)
    .selectFrom('log_leaves')
    .select('recorded_at')
    .where('log_index', '=', newest.size - 1)
    .executeTakeFirst();
  const view = {
    origin: parseCheckpoint(noteBody(newest.note)).origin,
    size: newest.size,
    root: newest.root,
    note: newest.note,
    createdAt: leaf?.recorded_at ?? null,
  };
  return [view, ...stored].slice(0, limit);
}

async function storedCheckpoints(database: Database, limit: number): Promise<CheckpointView[]> {
  const db = storeDb(database);
  const rows = await db
    .selectFrom('checkpoints as c')
    .leftJoin('log_leaves as l', (join) =>
      join.on((eb) => eb('l.log_index', '=', eb('c.size', '-', 1))),
    )
    .select(['c.size', 'c.root', 'c.note', 'l.recorded_at'])
    .orderBy('c.size', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    origin: parseCheckpoint(noteBody(r.note)).origin,
    size: int(r.size),
    root: toHex(r.root),
    note: r.note,
    createdAt: r.recorded_at,
  }));
}
