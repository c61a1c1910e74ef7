import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/databases.ts';
import { migrate } from '../db/migrate.ts';
import { planOf, recording } from '../db/statements.test-kit.ts';
import { projectionMigrations } from '../projections/index.ts';
import { projectionDb } from '../projections/record-summaries.table.ts';
import { foldForSearch, summarySearchKey } from '../projections/search-key.ts';
import { summaryRow } from '../projections/summary-row.test-kit.ts';
import { storeMigrations } from '../store/index.ts';
import {
  listRows,
  NUMBER_CANDIDATES,
  SEARCH_WALK,
  TRIGRAM_CANDIDATES,
  type ListScope,
} from './record-list.ts';

// More summaries than the walk reads, so that every way of answering a search is taken.
const N = SEARCH_WALK + 2_000;
const SURNAMES = ["Мар'яненко", 'Коваленко', 'ДЕМ’ЯНЧУК', 'Шевчук', 'Ґонта', 'Їжак'];
const FIRST = ['Андрій', 'Ольга', 'Ігор', 'Ґалина', 'Євген', 'марія', 'Петро', 'Юлія'];
/** Rare names among the oldest summaries only: past the walk, found by the trigram index. */
const RARE: Record<number, string> = { 5: 'Гудзь Євгенія', 17: 'ҐУДЗЬ Євгенія', 40: 'Ґудзь Ян' };

const nameOf = (i: number): string =>
  RARE[i] ?? `${SURNAMES[i % 6] ?? ''} ${FIRST[Math.floor(i / 6) % 8] ?? ''}`;
/** The oldest 1,500 numbered `ЗП-…`, the rest `КР-…`; every 50th record has none yet. */
const numberOf = (i: number): string | null =>
  i % 50 === 7 ? null : `${i < 1500 ? 'ЗП' : 'КР'}-${String(i)}/2025`;

/** `fill` rows with `i` in [from, to): t0 rises with i, three to a minute; ids in another order. */
async function fill(database: TestDatabase, from: number, to: number): Promise<void> {
  for (let at = from; at < to; at += 500) {
    const rows = Array.from({ length: Math.min(500, to - at) }, (_, k) => {
      const i = at + k;
      const name = nameOf(i);
      const number = numberOf(i);
      return summaryRow({
        record_id: `r-${String((i * 7919) % N).padStart(5, '0')}`,
        unit_id: `unit-${String(i % 3)}`,
        status: i % 4 === 0 ? 'in_custody' : 'released',
        person_name: name,
        custody_number: number,
        t0: new Date(Date.UTC(2025, 0, 1) + Math.floor(i / 3) * 60_000).toISOString(),
        search_key: summarySearchKey(name, number),
        last_log_index: i,
      });
    });
    await projectionDb(database).insertInto('record_summaries').values(rows).execute();
  }
}

type Query = Parameters<typeof listRows>[2];

/** The list's query before migration 0391: LIKE on the folded key, sorted by t0, one page. */
async function before(database: TestDatabase, scope: ListScope, query: Query) {
  const folded = foldForSearch(query.q ?? '').replace(/[%_\\]/g, '');
  let q = projectionDb(database)
    .selectFrom('record_summaries')
    .selectAll()
    .where('search_key', 'like', `%${folded}%`);
  if (scope.units !== null) q = q.where('unit_id', 'in', scope.units);
  if (query.status === 'active') q = q.where('status', 'in', ['detained', 'in_custody']);
  if (query.from !== undefined) q = q.where('t0', '>=', query.from);
  if (query.to !== undefined) q = q.where('t0', '<', query.to);
  return (await q.orderBy('t0', 'desc').orderBy('record_id', 'desc').execute()).map(
    (r) => r.record_id,
  );
}

/** Every page through the cursor, as the list's client follows it. */
async function allPages(database: TestDatabase, scope: ListScope, query: Query) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listRows(database, scope, { ...query, ...(cursor ? { cursor } : {}) });
    expect(page.rows.length).toBeLessThanOrEqual(query.limit);
    ids.push(...page.rows.map((r) => r.record_id));
    if (page.next === null) return ids;
    cursor = page.next;
  }
}

describe.each(DIALECTS)('the search answers as before, by its indexes, on %s', (dialect) => {
  let database: TestDatabase;
  const all: ListScope = { units: null, records: [] };

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    // The oldest summaries are written before migration 0391, which must index them too.
    const upTo = projectionMigrations.findIndex((m) => m.name === '0391-projections-search-number');
    await migrate(database, [...storeMigrations, ...projectionMigrations.slice(0, upTo)]);
    await fill(database, 0, 2_000);
    await migrate(database, [...storeMigrations, ...projectionMigrations]);
    await fill(database, 2_000, N);
    if (dialect === 'postgres') await sql`ANALYZE record_summaries`.execute(database.db);
  }, 120_000);
  afterAll(async () => {
    await database.drop();
  });

  const QUERIES = [
    'коваленко', // 1 in 6: over TRIGRAM_CANDIDATES, found within the walk
    "МАР'ЯНЕНКО", // apostrophe and case folded
    'мар’яненко ґалина', // 1 in 48
    'Ґудзь', // three old summaries: by the trigram index
    'ґудзь євгенія',
    'юл', // two letters: the t0 index whole
    'ья', // two letters that match nothing
    'КР-11998/2025', // one custody number
    'кр–1', // a number's beginning with many matches (dash folded)
    'ЗП-1', // over NUMBER_CANDIDATES numbers, all past the walk
    'зп-14', // a number's beginning with a few matches
    'зп-', // 1,470 old summaries, none within the walk: past it, by the trigram index
    'немає такого',
    '%',
  ];

  test.each(QUERIES)('«%s»: the same records in the same order, page by page', async (q) => {
    const expected = await before(database, all, { q, limit: 50 });
    expect(await allPages(database, all, { q, limit: 50 })).toEqual(expected);
  });

  test('with filters and a range: the same records, pages of 25', async () => {
    const unit: ListScope = { units: ['unit-1'], records: [] };
    const range = { from: '2025-01-02T00:00:00.000Z', to: '2025-01-05T00:00:00.000Z' };
    for (const q of ['коваленко', 'ґудзь', 'юл', 'кр-1', 'зп-1']) {
      for (const query of [
        { q, limit: 25, status: 'active' as const },
        { q, limit: 25, ...range },
      ]) {
        for (const scope of [all, unit]) {
          expect(await allPages(database, scope, query)).toEqual(
            await before(database, scope, query),
          );
        }
      }
    }
  }, 120_000);

  test('the cases counted on have the sizes they are meant to have', async () => {
    const count = async (q: string) => (await before(database, all, { q, limit: 1 })).length;
    expect(await count('ЗП-1')).toBeGreaterThan(NUMBER_CANDIDATES);
    expect(await count('ґудзь')).toBe(3);
    expect(await count('коваленко')).toBeGreaterThan(TRIGRAM_CANDIDATES);
    expect(await count('зп-')).toBeGreaterThan(TRIGRAM_CANDIDATES);
    expect(await count('кр-11998/2025')).toBe(1);
  });

  test('a custody number is looked up in the b-tree of folded numbers', async () => {
    const { database: recorded, seen } = recording(database);
    const { rows } = await listRows(recorded, all, { q: 'кр-11998/2025', limit: 50 });
    expect(rows.map((r) => r.custody_number)).toEqual(['КР-11998/2025']);
    const last = seen.at(-1);
    if (last === undefined) throw new Error('no statement');
    const plan = await planOf(database, last);
    if (dialect === 'sqlite') {
      // The candidates' rowids from the number index, then the page by rowid.
      expect(seen).toHaveLength(2);
      const [candidates] = seen;
      if (candidates === undefined) throw new Error('no statement');
      expect(await planOf(database, candidates)).toContain(
        'INDEX record_summaries_number (<expr>>? AND <expr><?)',
      );
      expect(plan).toContain('USING INTEGER PRIMARY KEY');
      return;
    }
    expect(seen).toHaveLength(1);
    expect(plan).toContain('record_summaries_number');
    const text = await planOf(database, last, true);
    // The trigram index read ~60 buffers for one number among 10^4 summaries.
    expect(Number(/Buffers: shared hit=(\d+)/.exec(text)?.[1])).toBeLessThan(12);
  });

  test('SQLite: a query many summaries match walks the t0 index and stops at the page', async () => {
    if (dialect !== 'sqlite') return;
    const { database: recorded, seen } = recording(database);
    const { rows } = await listRows(recorded, all, { q: 'коваленко', limit: 50 });
    expect(rows).toHaveLength(50);
    // More than TRIGRAM_CANDIDATES rowids from the trigram index, then the walk filled the page:
    // no sort of every match.
    expect(seen).toHaveLength(2);
    const walk = seen.at(-1);
    if (walk === undefined) throw new Error('no statement');
    const plan = await planOf(database, walk);
    expect(plan).toContain('COVERING INDEX record_summaries_t0');
    expect(plan).toContain('USING INTEGER PRIMARY KEY');
    expect(plan).not.toContain('TEMP B-TREE');
    // A rare name: its rowids from the trigram index, then the page by rowid.
    seen.length = 0;
    expect((await listRows(recorded, all, { q: 'ґудзь', limit: 50 })).rows).toHaveLength(3);
    expect(seen).toHaveLength(2);
    const [fts, rare] = seen;
    if (fts === undefined || rare === undefined) throw new Error('no statement');
    expect(await planOf(database, fts)).toContain('record_search VIRTUAL TABLE');
    expect(await planOf(database, rare)).toContain('USING INTEGER PRIMARY KEY');
  });

  test('PostgreSQL: a name fewer than a page of records hold comes from the trigram index, not a walk of every summary', async () => {
    if (dialect !== 'postgres') return;
    const { database: recorded, seen } = recording(database);
    // Three old summaries among 22,000, HQ's scope (no unit filter): estimated at 1 % of the
    // summaries, the page was a backward walk of the t0 index through all of them.
    expect((await listRows(recorded, all, { q: 'ґудзь', limit: 50 })).rows).toHaveLength(3);
    expect(seen).toHaveLength(2);
    const [candidates, rare] = seen;
    if (candidates === undefined || rare === undefined) throw new Error('no statement');
    expect(await planOf(database, candidates)).toContain('record_summaries_search_trgm');
    const text = await planOf(database, rare, true);
    expect(text).not.toContain('record_summaries_t0');
    expect(Number(/Buffers: shared hit=(\d+)/.exec(text)?.[1])).toBeLessThan(100);
    // A name more than TRIGRAM_CANDIDATES hold: the walk, which fills its page early.
    seen.length = 0;
    expect((await listRows(recorded, all, { q: 'коваленко', limit: 50 })).rows).toHaveLength(50);
    expect(seen).toHaveLength(2);
  });

  test('a number-shaped query finds numbers from their beginning, not a number inside one', async () => {
    const name = 'Тестова Особа';
    await projectionDb(database)
      .insertInto('record_summaries')
      .values(
        summaryRow({
          record_id: 'r-inner',
          person_name: name,
          custody_number: 'АБ-КР-11998/2025',
          search_key: summarySearchKey(name, 'АБ-КР-11998/2025'),
        }),
      )
      .execute();
    try {
      const found = await listRows(database, all, { q: 'кр-11998', limit: 50 });
      expect(found.rows.map((r) => r.custody_number)).toEqual(['КР-11998/2025']);
      // A unit code of two letter groups (as the demo's KV-SHEV) is a number's beginning too.
      expect(
        (await listRows(database, all, { q: 'аб-кр-1199', limit: 50 })).rows.map(
          (r) => r.record_id,
        ),
      ).toEqual(['r-inner']);
      // Not a number's beginning (no digit after the first hyphen): the key's substring.
      expect(
        (await listRows(database, all, { q: 'аб-кр', limit: 50 })).rows.map((r) => r.record_id),
      ).toEqual(['r-inner']);
      expect(
        (await listRows(database, all, { q: 'особа', limit: 50 })).rows.map((r) => r.record_id),
      ).toEqual(['r-inner']);
    } finally {
      await projectionDb(database)
        .deleteFrom('record_summaries')
        .where('record_id', '=', 'r-inner')
        .execute();
    }
  });
});
