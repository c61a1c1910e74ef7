import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database, type DialectName } from '../src/db/database.ts';

/** Where the test PostgreSQL server is; CI and developer machines run one on loopback. */
export const PG_ADMIN_URL =
  process.env['TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase<S = unknown> extends Database<S> {
  readonly url: string;
  /** Closes and removes the database (the SQLite directory or the PostgreSQL database). */
  drop(): Promise<void>;
}

/** A fresh, empty SQLite file in its own temporary directory. */
export function freshSqlite<S = unknown>(): TestDatabase<S> {
  const dir = mkdtempSync(join(tmpdir(), 'custody-test-'));
  const url = join(dir, 'custody.sqlite');
  const database = openDatabase<S>(url);
  return {
    ...database,
    url,
    async drop() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh, empty PostgreSQL database with a random name, so that parallel runs never collide. */
export async function freshPostgres<S = unknown>(): Promise<TestDatabase<S>> {
  const name = `custody_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const database = openDatabase<S>(url);
  return {
    ...database,
    url,
    async drop() {
      await database.close();
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Both dialects, for contract suites: `describe.each(DIALECTS)(...)`. */
export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

export function freshDatabase<S = unknown>(dialect: DialectName): Promise<TestDatabase<S>> {
  return dialect === 'sqlite' ? Promise.resolve(freshSqlite<S>()) : freshPostgres<S>();
}
