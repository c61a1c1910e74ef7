import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/databases.ts';
import { migrate } from '../db/migrate.ts';
import { projectionMigrations } from '../projections/index.ts';
import { projectionDb } from '../projections/record-summaries.table.ts';
import { summarySearchKey } from '../projections/search-key.ts';
import { summaryRow } from '../projections/summary-row.test-kit.ts';
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

  test('a query of one or two letters is answered too', async () => {
    expect(await found('кр')).toEqual(['Дем’янчук Ігор Олегович', "Мар'яненко Ґалина Петрівна"]);
    expect(await found('Ґн')).toEqual(['Гнатюк Ольга Василівна']);
  });

  test('the search is answered by its index', async () => {
    const like = '%марян%';
    if (dialect === 'sqlite') {
      // The list's query from three letters on: the FTS5 trigram index, then each row by rowid.
      const { rows } = await sql<{ detail: string }>`EXPLAIN QUERY PLAN
        SELECT * FROM record_summaries WHERE search_key LIKE ${like}
          AND record_summaries.rowid IN (SELECT rowid FROM record_search WHERE search_key LIKE ${like})
          ORDER BY t0 DESC, record_id DESC LIMIT 51`.execute(database.db);
      const plan = rows.map((r) => r.detail).join('; ');
      expect(plan).toContain('record_search VIRTUAL TABLE');
      expect(plan).toContain('record_summaries USING INTEGER PRIMARY KEY');
      // Shorter queries walk the t0 index, which carries the key.
      const { rows: short } = await sql<{ detail: string }>`EXPLAIN QUERY PLAN
        SELECT * FROM record_summaries WHERE search_key LIKE ${'%кр%'} ORDER BY t0 DESC, record_id DESC`.execute(
        database.db,
      );
      expect(short.map((r) => r.detail).join('; ')).toContain('INDEX record_summaries_t0');
      return;
    }
    const plan = await database.db.connection().execute(async (c) => {
      // 0330 built the index right after updating every row's search_key: PostgreSQL marks an
      // index built over such fresh (HOT) row versions `indcheckxmin`, and no snapshot whose
      // xmin precedes the index's transaction may use it. Transaction ids span the cluster, so
      // while any session of the server (another test's database, a benchmark) holds an older
      // one, the plan was a Seq Scan. VACUUM prunes the old versions (its horizon counts this
      // database's sessions only) and REINDEX then builds the same index without the mark.
      await sql`VACUUM record_summaries`.execute(c);
      await sql`REINDEX INDEX record_summaries_search_trgm`.execute(c);
      const { rows: marks } = await sql<{ indcheckxmin: boolean }>`SELECT indcheckxmin FROM pg_index
        WHERE indexrelid = 'record_summaries_search_trgm'::regclass`.execute(c);
      expect(marks).toEqual([{ indcheckxmin: false }]);
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

  test('the index follows every summary written, renamed and removed', async () => {
    const db = projectionDb(database);
    const row = (id: string, name: string, number: string, version: number) =>
      summaryRow({
        record_id: id,
        person_name: name,
        custody_number: number,
        t0: '2025-02-01T10:00:00.000Z',
        search_key: summarySearchKey(name, number),
        version,
        last_log_index: 100 + version,
      });
    await db
      .insertInto('record_summaries')
      .values(row('record-x', 'Коваль Остап', 'ЗП-7/2025', 1))
      .execute();
    expect(await found('коваль')).toEqual(['Коваль Остап']);
    expect(await found('зп-7')).toEqual(['Коваль Остап']);
    // As the event store writes a summary: an upsert (the person identified under another name).
    await sql`INSERT INTO record_summaries (record_id, unit_id, status, person_name, juvenile,
        foreigner, custody_number, profile, t0, consent_lawyer, consent_monitor, involved_ids,
        search_key, version, last_log_index)
      VALUES ('record-x', 'unit-1', 'in_custody', 'Ковальчук Остап', 0, 0, 'ЗП-7/2025',
        'ua_criminal_208', '2025-02-01T10:00:00.000Z', 0, 0, '[]',
        ${summarySearchKey('Ковальчук Остап', 'ЗП-7/2025')}, 2, 102)
      ON CONFLICT (record_id) DO UPDATE SET person_name = excluded.person_name,
        search_key = excluded.search_key, version = excluded.version`.execute(database.db);
    expect(await found('ковальчук')).toEqual(['Ковальчук Остап']);
    expect(await found('коваль о')).toEqual([]);
    // A summary written again with the same key (another entry of the record) stays found once.
    await db
      .updateTable('record_summaries')
      .set({ version: 3, status: 'released' })
      .where('record_id', '=', 'record-x')
      .execute();
    expect(await found('ковальчук')).toEqual(['Ковальчук Остап']);
    await db.deleteFrom('record_summaries').where('record_id', '=', 'record-x').execute();
    expect(await found('ковальчук')).toEqual([]);
    expect(await found('зп-7')).toEqual([]);
    if (dialect === 'sqlite') {
      // The trigram index is consistent with its content table.
      await sql`INSERT INTO record_search (record_search) VALUES ('integrity-check')`.execute(
        database.db,
      );
    }
  });

  test('PostgreSQL: a search reads a bounded part of the trigram index’s pending list, whatever was inserted since the last vacuum', async () => {
    if (dialect !== 'postgres') return;
    const { rows: options } = await sql<{ reloptions: string[] | null }>`SELECT reloptions
      FROM pg_class WHERE relname = 'record_summaries_search_trgm'`.execute(database.db);
    expect(options).toEqual([{ reloptions: ['gin_pending_list_limit=64'] }]);
    // 3,000 summaries with trigrams of their own, as appends would write them between vacuums:
    // under the default limit (4 MB) all would wait in the pending list that a search reads.
    for (let at = 0; at < 3000; at += 500) {
      await projectionDb(database)
        .insertInto('record_summaries')
        .values(
          Array.from({ length: 500 }, (_, k) => {
            const name = `Особа${String(at + k)} Пробна${String((at + k) * 7)}`;
            const number = `ПН-${String(at + k)}/2025`;
            return summaryRow({
              record_id: `record-bulk-${String(at + k)}`,
              person_name: name,
              custody_number: number,
              search_key: summarySearchKey(name, number),
              last_log_index: 1000 + at + k,
            });
          }),
        )
        .execute();
    }
    const plan = await database.db.connection().execute(async (c) => {
      // Three thousand rows are read whole unless the planner is told a scan is dear.
      await sql`SET enable_seqscan = off`.execute(c);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
        SELECT * FROM record_summaries WHERE search_key LIKE ${'%особа2999 пробна%'}`.execute(c);
      await sql`RESET enable_seqscan`.execute(c);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('record_summaries_search_trgm');
    const buffers = Number(/Buffers: shared hit=(\d+)/.exec(plan)?.[1]);
    expect(buffers).toBeLessThan(60);
  });
});
