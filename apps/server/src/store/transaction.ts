import { CompiledQuery, type Kysely } from 'kysely';
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

/**
 * Runs `fn` in one write transaction on one connection. SQLite starts with BEGIN IMMEDIATE so the
 * write lock is taken at once (no upgrade deadlock between processes); PostgreSQL's writers
 * serialise on the head row, locked FOR UPDATE by the caller (integrity.md, "Gap-free index").
 */
export async function inWriteTransaction<T>(
  database: Database,
  fn: (db: Kysely<StoreSchema>) => Promise<T>,
): Promise<T> {
  return storeDb(database)
    .connection()
    .execute(async (conn) => {
      await conn.executeQuery(database.dialect === 'sqlite' ? BEGIN_IMMEDIATE : BEGIN);
      try {
        const result = await fn(conn);
        await conn.executeQuery(COMMIT);
        return result;
      } catch (error) {
        await conn.executeQuery(ROLLBACK).catch(() => undefined);
        throw error;
      }
    });
}
