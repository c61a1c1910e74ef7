import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { freshSqlite } from '../../test/databases.ts';
import { migrate, type ModuleMigration } from './migrate.ts';

test("a module's new migration runs on a database that already ran a later-numbered one", async () => {
  const database = freshSqlite();
  try {
    const table = (name: string): ModuleMigration => ({
      name,
      async up(db) {
        await sql.raw(`CREATE TABLE t_${name.slice(0, 4)} (id INTEGER)`).execute(db);
      },
    });
    expect(await migrate(database, [table('0300-a'), table('0400-b')])).toEqual([
      '0300-a',
      '0400-b',
    ]);
    expect(await migrate(database, [table('0300-a'), table('0330-new'), table('0400-b')])).toEqual([
      '0330-new',
    ]);
    expect(await migrate(database, [table('0300-a'), table('0330-new'), table('0400-b')])).toEqual(
      [],
    );
  } finally {
    await database.drop();
  }
});
