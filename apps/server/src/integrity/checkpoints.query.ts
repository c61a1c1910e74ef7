import type { CheckpointView } from '@custody/contracts';
import { parseCheckpoint, toHex } from '@custody/ledger';
import type { Database } from '../db/database.ts';
import { int } from '../store/schema.ts';
import { storeDb } from '../store/transaction.ts';

/** The checkpoint body of a signed note: the text up to and including the blank line's newline. */
export function noteBody(note: string): string {
  return note.slice(0, note.indexOf('\n\n') + 1);
}

/**
 * The most recent signed checkpoints, largest first (C2SP tlog-checkpoint). A checkpoint carries
 * no time, so `createdAt` is the recorded-at of the last entry it covers.
 */
export async function recentCheckpoints(
  database: Database,
  limit: number,
): Promise<CheckpointView[]> {
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
