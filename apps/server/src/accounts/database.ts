import type { Database } from '../db/database.ts';
import type { AccountsDb, AccountsSchema } from './tables.ts';

/** The accounts tables of the shared database. */
export function accountsDb(database: Database): AccountsDb {
  return database.db.withTables<AccountsSchema>();
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
