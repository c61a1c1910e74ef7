import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import type { Database } from '../db/database.ts';
import type { StoreSchema } from './schema.ts';

const BEGIN_IMMEDIATE = CompiledQuery.raw('BEGIN IMMEDIATE');
const BEGIN = CompiledQuery.raw('BEGIN');
const COMMIT = CompiledQuery.raw('COMMIT');
const ROLLBACK = CompiledQuery.raw('ROLLBACK');

/** The store's typed view of a database opened by `openDatabase`. */
export function storeDb(database: Database): Kysely<StoreSchema> {
  return database.db as Kysely<StoreSchema>;
}

/** What the store's statements need of a connection; a `Kysely` is one. */
export interface Sql {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/** Distinct statement texts the write path uses (multi-row inserts vary by row count). */
const MAX_CACHED = 512;
const sqliteSqls = new WeakMap<BetterSqlite3.Database, Sql>();

/**
 * Statements on a raw SQLite connection, each prepared once and kept. On Kysely's own connection
 * only while Kysely's connection is held (its mutex keeps every other query of this process
 * out), so nothing can interleave with the open transaction. It saves Kysely's per-query
 * compile, prepare and scheduling, which cost more than a durable commit of one event.
 */
export function sqliteSql(raw: BetterSqlite3.Database): Sql {
  const known = sqliteSqls.get(raw);
  if (known !== undefined) return known;
  const statements = new Map<string, BetterSqlite3.Statement>();
  const sql: Sql = {
    executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
      try {
        let stmt = statements.get(query.sql);
        if (stmt === undefined) {
          if (statements.size >= MAX_CACHED) statements.clear();
          stmt = raw.prepare(query.sql);
          statements.set(query.sql, stmt);
        }
        const params = query.parameters as unknown[];
        if (stmt.reader) return Promise.resolve({ rows: stmt.all(...params) as R[] });
        stmt.run(...params);
        return Promise.resolve({ rows: [] });
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
  sqliteSqls.set(raw, sql);
  return sql;
}

const pgSqls = new WeakMap<pg.Pool, Sql>();
/** Statement name by text, the same on every connection of every pool. */
const pgNames = new Map<string, string>();

/**
 * Statements on the PostgreSQL pool as named prepared statements: each connection parses and
 * plans a text once and then only binds and runs it. For the optimistic commit, whose one
 * statement (five data-modifying CTEs over `unnest`) costs more to plan than to run. Outside
 * transactions only: each call may take a different connection of the pool.
 */
export function pgPreparedSql(pool: pg.Pool): Sql {
  const known = pgSqls.get(pool);
  if (known !== undefined) return known;
  const sql: Sql = {
    async executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
      let name = pgNames.get(query.sql);
      if (name === undefined) {
        name = `custody_${createHash('sha256').update(query.sql).digest('hex').slice(0, 24)}`;
        pgNames.set(query.sql, name);
      }
      const result = await pool.query({
        name,
        text: query.sql,
        values: query.parameters as unknown[],
      });
      return { rows: result.rows as R[] };
    },
  };
  pgSqls.set(pool, sql);
  return sql;
}

/**
 * Runs a query compiled once (by Kysely, outside the request) as a statement prepared once: on
 * SQLite with the store's {@link sqliteSql} while Kysely's connection is held, so that it never
 * reads another request's open transaction; on PostgreSQL as a named prepared statement. For the
 * queries every request (or every append) runs, whose per-query build, compile and prepare
 * would otherwise cost more than running them.
 */
export async function runPrepared<R>(
  database: Database,
  query: CompiledQuery<R>,
): Promise<QueryResult<R>> {
  const raw = database.sqlite;
  if (raw !== undefined) {
    return storeDb(database)
      .connection()
      .execute(() => sqliteSql(raw).executeQuery(query));
  }
  if (database.pgPool !== undefined) return pgPreparedSql(database.pgPool).executeQuery(query);
  return database.db.executeQuery(query);
}

/**
 * Runs `fn` in one write transaction on one connection, and resolves once it is durable.
 *
 * PostgreSQL: COMMIT returns after the server flushed its WAL. Its writers serialise on the head
 * row, locked FOR UPDATE by the caller (integrity.md, "Gap-free index").
 *
 * SQLite starts with BEGIN IMMEDIATE so the write lock is taken at once (no upgrade deadlock
 * between processes). With the connection's `synchronous=FULL`, COMMIT would fsync the WAL on the
 * event loop: 4-11 ms per COMMIT, a fifth of the loop under load. Here the transaction commits
 * with `synchronous=NORMAL` (the WAL is written, not synced; SQLite stays consistent, a power cut
 * could take back only a suffix of commits) and the WAL is then synced with `fdatasync` on
 * libuv's thread pool while the event loop serves what needs no database. Kysely's connection,
 * the only one this process reads and writes through, is held until the sync returns: no request
 * of the process reads the transaction's rows, and nothing is answered, put into a receipt or
 * handed to a witness, before they are on disk, as with FULL. (A second process reading the
 * same file, `custody verify` or `export`, could see them up to one sync earlier.) Every other
 * write of the process (sessions, accounts) keeps `synchronous=FULL`.
 */
export async function inWriteTransaction<T>(
  database: Database,
  fn: (db: Sql) => Promise<T>,
): Promise<T> {
  const raw = database.sqlite;
  return storeDb(database)
    .connection()
    .execute(async (conn) => {
      const db = raw === undefined ? conn : sqliteSql(raw);
      const checkpoint = database.walCheckpointer?.pending();
      if (checkpoint !== undefined) await checkpoint;
      // Executed each time: SQLite applies `PRAGMA synchronous` when the statement is prepared.
      raw?.exec('PRAGMA synchronous = NORMAL');
      let value: T;
      try {
        await db.executeQuery(database.dialect === 'sqlite' ? BEGIN_IMMEDIATE : BEGIN);
        try {
          value = await fn(db);
          await db.executeQuery(COMMIT);
        } catch (error) {
          await db.executeQuery(ROLLBACK).catch(() => undefined);
          throw error;
        }
      } finally {
        raw?.exec('PRAGMA synchronous = FULL');
      }
      await database.syncWal?.();
      return value;
    });
}
