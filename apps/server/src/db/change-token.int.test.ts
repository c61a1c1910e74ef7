import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/databases.ts';
import { changeToken } from './change-token.ts';
import { openDatabase } from './database.ts';

describe.each(DIALECTS)('the change token on %s', (dialect) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await sql`CREATE TABLE t (x integer)`.execute(database.db);
  });
  afterAll(() => database.drop());

  test('the same only while nothing is written, by this connection or another', async () => {
    const t0 = await changeToken(database);
    if (dialect === 'postgres') {
      // No read of it cheaper than the round trip the caller would save: always "may have changed".
      expect(t0).toBeNull();
      return;
    }
    expect(t0).not.toBeNull();
    expect(await changeToken(database)).toBe(t0);
    await sql`SELECT count(*) AS n FROM t`.execute(database.db);
    expect(await changeToken(database)).toBe(t0);

    // A write through this connection (Kysely's, as every query of the server).
    await sql`INSERT INTO t (x) VALUES (1)`.execute(database.db);
    const t1 = await changeToken(database);
    expect(t1).not.toBe(t0);
    expect(await changeToken(database)).toBe(t1);

    // A write through another connection to the same file: another process, say.
    const other = openDatabase(database.url);
    try {
      await sql`UPDATE t SET x = 2`.execute(other.db);
    } finally {
      await other.close();
    }
    const t2 = await changeToken(database);
    expect(t2).not.toBe(t1);

    // A write rolled back changes it too (a read more, never one less).
    await database.db
      .transaction()
      .execute(async (tx) => {
        await sql`INSERT INTO t (x) VALUES (3)`.execute(tx);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    const t3 = await changeToken(database);
    expect(t3).not.toBe(t2);
    expect(await changeToken(database)).toBe(t3);
  });
});
