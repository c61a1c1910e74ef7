import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/databases.ts';
import { readSnapshot } from './snapshot.ts';

/**
 * `readSnapshot` on PostgreSQL: one read-only repeatable-read transaction whose queries run
 * without JIT (and the pool's connections keep the server's setting for every other query);
 * on SQLite, a transaction on the one connection.
 */
describe.each(DIALECTS)('a read on one state (%s)', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase(dialect);
  });
  afterAll(() => database.drop());

  const settings = async (db: TestDatabase['db']) =>
    (
      await sql<{ jit: string; isolation: string; readonly: string }>`
        SELECT current_setting('jit') AS jit,
          current_setting('transaction_isolation') AS isolation,
          current_setting('transaction_read_only') AS readonly`.execute(db)
    ).rows[0];

  if (dialect === 'postgres')
    test('read only, repeatable read, no JIT; the other queries as the server has them', async () => {
      expect((await settings(database.db))?.jit).toBe('on');
      expect(await readSnapshot(database, settings)).toEqual({
        jit: 'off',
        isolation: 'repeatable read',
        readonly: 'on',
      });
      const after = await Promise.all(Array.from({ length: 12 }, () => settings(database.db)));
      expect(new Set(after.map((s) => s?.jit))).toEqual(new Set(['on']));
    });

  test('the read answers as without it', async () => {
    const { rows } = await readSnapshot(database, (db) =>
      sql<{ n: number | string }>`SELECT 1 + 1 AS n`.execute(db),
    );
    expect(Number(rows[0]?.n)).toBe(2);
  });
});
