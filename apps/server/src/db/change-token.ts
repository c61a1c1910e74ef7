import { CompiledQuery } from 'kysely';
import { runPrepared } from '../store/transaction.ts';
import type { Database } from './database.ts';

/**
 * SQLite: rows this connection has inserted, updated or deleted since it was opened
 * (`total_changes()`: every statement, triggers included, committed or not) and the data version
 * (`PRAGMA data_version`: changes whenever another connection, in this process or another, has
 * committed to the file). Both only grow or change, never return to an earlier pair.
 */
const SQLITE_TOKEN = CompiledQuery.raw(
  'SELECT total_changes() AS changes, data_version AS version FROM pragma_data_version',
) as CompiledQuery<{ changes: number; version: number }>;

/**
 * A string that is the same on two calls only if nothing was written to the database between
 * them, by this process or any other: on SQLite, the pair above, read in one prepared statement
 * while Kysely's connection is held (so never inside another request's open transaction). A
 * rolled-back write changes it too, which only costs a read that was not needed. PostgreSQL has
 * no read of it cheaper than a round trip to the server, so there it is null: "may have changed".
 */
export async function changeToken(database: Database): Promise<string | null> {
  if (database.sqlite === undefined) return null;
  const row = (await runPrepared(database, SQLITE_TOKEN)).rows[0];
  return row === undefined ? null : `${String(row.version)}:${String(row.changes)}`;
}
