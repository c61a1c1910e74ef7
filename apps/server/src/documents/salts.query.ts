import { toHex } from '@custody/ledger';
import type { Database } from '../db/database.ts';
import { int } from '../store/schema.ts';
import { storeDb } from '../store/transaction.ts';

/**
 * The payload salts of the given log entries, hex, keyed by log index; an erased payload has no
 * row and so no salt (integrity.md, "Leaf bytes"). The event store exposes no salt reader, so
 * the extract reads the store's `log_payloads` table directly, read-only.
 */
export async function readSalts(
  database: Database,
  logIndexes: readonly number[],
): Promise<Map<number, string>> {
  const salts = new Map<number, string>();
  const db = storeDb(database);
  for (let i = 0; i < logIndexes.length; i += 500) {
    const chunk = logIndexes.slice(i, i + 500);
    const rows = await db
      .selectFrom('log_payloads')
      .select(['log_index', 'salt'])
      .where('log_index', 'in', chunk)
      .execute();
    for (const r of rows) salts.set(int(r.log_index), toHex(r.salt));
  }
  return salts;
}
