import BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../db/database.ts';

/** Why a second server process may not serve a SQLite file that one already serves. */
export class SecondServerError extends Error {
  override readonly name = 'SecondServerError';
}

/** The lock file of the server process of a SQLite database, beside it. */
export const serverLockPath = (sqlitePath: string): string => `${sqlitePath}-server.lock`;

/**
 * Makes this the only server process of a SQLite database, until `release`: SQLite keeps its
 * caches (the record cache, the live updates) in one process, so a second server process on the
 * same file would decide commands on state it never hears has changed. The lock is an exclusive
 * SQLite lock on a small file beside the database, which the operating system drops when the
 * process ends, however it ends. The command-line tools (backup, verify, users ...) do not take
 * it. PostgreSQL serves several processes (docs/operations.md) and needs no lock: returns null.
 */
export function lockSingleServer(database: Database): { release(): void } | null {
  if (database.dialect !== 'sqlite') return null;
  const path = serverLockPath(database.location);
  const lock = new BetterSqlite3(path, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS server (pid INTEGER); COMMIT');
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    throw new SecondServerError(
      `Інший серверний процес уже обслуговує ${database.location}; SQLite обслуговує один процес. ` +
        `Another server process already serves ${database.location}: a SQLite database is served ` +
        'by one process. Stop the other one, or use PostgreSQL for several (docs/operations.md).',
    );
  }
  return { release: () => lock.close() };
}
