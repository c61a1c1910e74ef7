import { sql, type Kysely } from 'kysely';
import type { Database } from './database.ts';

/** What {@link readSnapshot} hands its reader: the queries of one consistent state. */
export type SnapshotDb = Kysely<unknown>;

/**
 * Runs `read` on one state of the database: every query it makes sees the same committed rows,
 * never part of a writer's transaction before it and the rest after. For answers put together
 * from several queries over tables that one write changes together (the report's stored counts,
 * its stored findings and the records they leave out: a record closing between two of them was
 * counted twice).
 *
 * PostgreSQL: a `REPEATABLE READ READ ONLY` transaction, whose snapshot is taken at its first
 * query; writers go on meanwhile. Its queries run without JIT compilation (`SET LOCAL jit =
 * off`): PostgreSQL compiles a query whose estimated cost passes `jit_above_cost` (100,000 by
 * default), and estimates grow with the tables while these reads' work does not: the counts'
 * query of the records whose stored findings cannot be used (600 index ranges, ~2 ms of work)
 * was estimated past the thresholds at 10^6 entries and spent 275 ms compiling
 * (docs/benchmarks.md, "What grew in the counts"). SQLite: a transaction on Kysely's one connection, which the
 * event store's writes and reads take too: they wait until `read` has returned, so `read` keeps
 * to a few indexed queries and never reads the log through the store (that read would wait for
 * the connection `read` holds, for ever).
 */
export function readSnapshot<T>(
  database: Database,
  read: (db: SnapshotDb) => Promise<T>,
): Promise<T> {
  const db = database.db;
  if (database.dialect !== 'postgres') return db.transaction().execute(read);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      await sql`SET LOCAL jit = off`.execute(trx);
      return read(trx);
    });
}
