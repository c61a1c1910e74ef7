import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { DIALECTS, freshDatabase } from './databases.ts';

describe.each(DIALECTS)('test databases on %s', (dialect) => {
  test('a fresh database opens, answers and is dropped', async () => {
    const database = await freshDatabase(dialect);
    try {
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(database.db);
      expect(Number(rows[0]?.one)).toBe(1);
      expect(database.dialect).toBe(dialect);
    } finally {
      await database.drop();
    }
  });
});
