import type { Database } from '../db/database.ts';
import type { AccountsDb, AccountsSchema } from './tables.ts';

const views = new WeakMap<Database, AccountsDb>();

/**
 * The accounts tables of the shared database. Kysely's `withTables` builds a new instance each
 * time, and every authenticated request asks for one (authentication), so it is built once per
 * database and kept (a view: it shares the database's connections and holds no state).
 */
export function accountsDb(database: Database): AccountsDb {
  let db = views.get(database);
  if (db === undefined) {
    db = database.db.withTables<AccountsSchema>();
    views.set(database, db);
  }
  return db;
}

/** True when an insert failed on a unique constraint, on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

export function isForeignKeyViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
