import { open, type FileHandle } from 'node:fs/promises';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import {
  WAL_HARD_LIMIT_FRAMES,
  WalCheckpointer,
  type WalCheckpointOptions,
} from './wal-checkpointer.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Database<Schema = unknown> {
  readonly db: Kysely<Schema>;
  readonly dialect: DialectName;
  /** The location as given, with any password removed; safe to log. */
  readonly location: string;
  /**
   * SQLite only: the connection under Kysely, for the event store's write transaction, which runs
   * its statements on it directly (cached prepared statements) while it holds Kysely's connection.
   */
  readonly sqlite?: BetterSqlite3.Database;
  /** PostgreSQL only: the pool under Kysely, for the event store's named prepared statements. */
  readonly pgPool?: pg.Pool;
  /**
   * SQLite only: `fdatasync` of the WAL file on libuv's thread pool, off the event loop, for the
   * event store's transactions, which commit with `synchronous=NORMAL` and are durable once
   * this resolves (`inWriteTransaction`). Nothing for a database without a WAL (in memory).
   */
  readonly syncWal?: () => Promise<void>;
  /**
   * SQLite with a WAL only: checkpoints the WAL on a connection of its own in a worker thread,
   * asked after the store's commits (`syncWal`), so that the main connection's commits do not
   * (wal-checkpointer.ts).
   */
  readonly walCheckpointer?: WalCheckpointer;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** SQLite: the WAL checkpoint thread's settings (CUSTODY_WAL_CHECKPOINT_FRAMES, tests). */
  readonly walCheckpoint?: WalCheckpointOptions;
}

/** True when the DATABASE_URL names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Opens the database named by a DATABASE_URL: a postgres:// URL, or a path to a
 * SQLite file (created if absent). SQLite runs in WAL mode with synchronous=FULL
 * so that a commit that returned survives a power cut (integrity.md). Its WAL is checkpointed by
 * a worker thread, and by the commit on the event loop only past a hard limit (wal-checkpointer.ts).
 */
export function openDatabase<Schema = unknown>(
  url: string,
  options: OpenOptions = {},
): Database<Schema> {
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });

    // An idle connection the server ends (restart, failover, a dropped database) is an 'error'
    // event on the pool, which would crash the process unhandled; the pool discards that
    // connection and the next query opens a new one or fails with its own error.
    pool.on('error', () => undefined);
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    const safe = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
    return { db, dialect: 'postgres', location: safe, pgPool: pool, close: () => db.destroy() };
  }
  const path = url.replace(/^sqlite:(\/\/)?/i, '');
  const sqlite = new BetterSqlite3(path);
  const journal = sqlite.pragma('journal_mode = WAL', { simple: true }) as string;
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const checkpointer =
    journal === 'wal' ? new WalCheckpointer(path, options.walCheckpoint) : undefined;
  if (checkpointer !== undefined) sqlite.pragma(`wal_autocheckpoint = ${WAL_HARD_LIMIT_FRAMES}`);
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
  // The WAL exists from the first write on, and SQLite removes it only when the last connection
  // closes, so the handle, opened at the first sync, stays on the file SQLite writes.
  let wal: Promise<FileHandle | null> | undefined;
  const syncWal = async () => {
    checkpointer?.afterCommit();
    wal ??= journal === 'wal' ? open(`${path}-wal`, 'r+') : Promise.resolve(null);
    await (await wal)?.datasync();
  };
  const close = async () => {
    await checkpointer?.close();
    await db.destroy();
    await (await wal)?.close();
  };
  return {
    db,
    dialect: 'sqlite',
    location: path,
    sqlite,
    syncWal,
    walCheckpointer: checkpointer,
    close,
  };
}

/**
 * PostgreSQL: `ANALYZE` of every table of the database, so that the planner has statistics after
 * a bulk write the product made itself (`custody rebuild-projections`, `custody restore`:
 * pg_restore copies no statistics) instead of waiting for autovacuum, which may be off. Nothing
 * on SQLite, whose planner does without (its migrations analyze what they build).
 */
export async function analyzeAll(database: Database): Promise<void> {
  if (database.dialect === 'postgres') await sql`ANALYZE`.execute(database.db);
}
