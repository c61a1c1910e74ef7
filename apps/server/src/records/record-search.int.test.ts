import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/databases.ts';
import { migrate } from '../db/migrate.ts';
import { projectionMigrations } from '../projections/index.ts';
import { projectionDb } from '../projections/record-summaries.table.ts';
import { storeMigrations } from '../store/index.ts';
import { listRows } from './record-list.ts';

const PEOPLE: [string, string | null][] = [
  ["Мар'яненко Ґалина Петрівна", 'КР-1/2025'],
  ['Дем’янчук Ігор Олегович', 'КР-2/2025'],
  ['Гнатюк Ольга Василівна', null],
  ['Шевчук Андрій Олегович', 'kv-3/2025'],
];

/** Summaries as 0320 left them (no search key), then the 0330 migration fills it. */
async function seed(database: TestDatabase): Promise<void> {
  const before = projectionMigrations.findIndex((m) => m.name === '0330-projections-search-key');
  await migrate(database, [...storeMigrations, ...projectionMigrations.slice(0, before)]);
  for (const [i, [name, number]] of PEOPLE.entries()) {
    await sql`INSERT INTO record_summaries (record_id, unit_id, status, person_name, juvenile,
        foreigner, custody_number, profile, t0, consent_lawyer, consent_monitor, involved_ids,
        version, last_log_index)
      VALUES (${`record-${String(i)}`}, 'unit-1', 'in_custody', ${name}, 0, 0, ${number},
        'ua_criminal_208', ${`2025-01-0${String(i + 1)}T10:00:00.000Z`}, 0, 0, '[]', 1, ${i})`.execute(
      database.db,
    );
  }
  await migrate(database, [...storeMigrations, ...projectionMigrations]);
}

describe.each(DIALECTS)('search by name and custody number on %s', (dialect) => {
  let database: TestDatabase;
  const found = async (q: string) =>
    (await listRows(database, { units: null, records: [] }, { q, limit: 50 })).rows
      .map((r) => r.person_name)
      .sort();

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await seed(database);
  });
  afterAll(async () => {
    await database.drop();
  });

  test('the migration folds the summaries already written', async () => {
    const rows = await projectionDb(database)
      .selectFrom('record_summaries')
      .select(['record_id', 'search_key'])
      .orderBy('record_id')
      .execute();
    expect(rows.map((r) => r.search_key)).toEqual([
      'маряненко галина петрівна\nкр-1/2025',
      'демянчук ігор олегович\nкр-2/2025',
      'гнатюк ольга василівна',
      'шевчук андрій олегович\nkv-3/2025',
    ]);
  });

  test('a name is found whatever its case, apostrophe and ґ/г', async () => {
    const galyna = ["Мар'яненко Ґалина Петрівна"];
    for (const q of ["мар'яненко", 'МАР’ЯНЕНКО', 'Марʼяненко', 'марЯНЕНКО', 'ґалина', 'ГАЛИНА']) {
      expect(await found(q)).toEqual(galyna);
    }
    expect(await found('дем’ян')).toEqual(['Дем’янчук Ігор Олегович']);
    expect(await found("дем'янчук ігор")).toEqual(['Дем’янчук Ігор Олегович']);
    expect(await found('Ґнатюк')).toEqual(['Гнатюк Ольга Василівна']);
    expect(await found('олегович')).toEqual(['Дем’янчук Ігор Олегович', 'Шевчук Андрій Олегович']);
    expect(await found('Мар`яна')).toEqual([]);
  });

  test('a custody number is found whatever its case and dash, never across name and number', async () => {
    expect(await found('кр-1')).toEqual(["Мар'яненко Ґалина Петрівна"]);
    expect(await found('КР–2/2025')).toEqual(['Дем’янчук Ігор Олегович']);
    expect(await found('KV-3')).toEqual(['Шевчук Андрій Олегович']);
    expect(await found('петрівна кр')).toEqual([]);
    // LIKE's wildcards in a query are letters of no name, not patterns.
    expect(await found('%')).toHaveLength(PEOPLE.length);
    expect(await found('к_-1')).toEqual([]);
  });

  test('the search is answered by its index', async () => {
    const like = '%марян%';
    if (dialect === 'sqlite') {
      const { rows } = await sql<{ detail: string }>`EXPLAIN QUERY PLAN
        SELECT * FROM record_summaries WHERE search_key LIKE ${like} ORDER BY t0 DESC, record_id DESC`.execute(
        database.db,
      );
      expect(rows.map((r) => r.detail).join('; ')).toContain('INDEX record_summaries_t0');
      return;
    }
    const plan = await database.db.connection().execute(async (c) => {
      // A table of four rows is read whole unless the planner is told a scan is dear.
      await sql`SET enable_seqscan = off`.execute(c);
      const { rows } = await sql<{
        'QUERY PLAN': string;
      }>`EXPLAIN SELECT * FROM record_summaries WHERE search_key LIKE ${like}`.execute(c);
      await sql`RESET enable_seqscan`.execute(c);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('record_summaries_search_trgm');
  });
});
