/**
 * The record list's search on `record_summaries` alone, at sizes a generated year cannot reach
 * here (10^6 records are ~5·10^7 log entries): synthetic summaries (names of the demo's kind,
 * one custody number each, t0 over a year) in a fresh database per size, then the plan of each
 * statement a search runs (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite, printed) and its time
 * through `listRows` (the route's database work: one page of 50, every unit), p99 over
 * `BENCH_SEARCH_ROUNDS` (200) against the p99 of reading one summary by its key in the same
 * run. `BENCH_SEARCH_RECORDS` (default 10^5 and 10^6), `BENCH_DIALECTS`; `BENCH_SEARCH_COMPARE=<tree>`
 * also times that tree's `listRows` on the same summaries (printed, not recorded).
 */
import { sql } from 'kysely';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../apps/server/src/db/migrate.ts';
import { planOf, recording } from '../apps/server/src/db/statements.test-kit.ts';
import { projectionMigrations } from '../apps/server/src/projections/index.ts';
import { projectionDb } from '../apps/server/src/projections/record-summaries.table.ts';
import { summarySearchKey } from '../apps/server/src/projections/search-key.ts';
import { summaryRow } from '../apps/server/src/projections/summary-row.test-kit.ts';
import { listRows } from '../apps/server/src/records/record-list.ts';
import { storeMigrations } from '../apps/server/src/store/index.ts';
import { freshDatabase, type TestDatabase } from '../apps/server/test/databases.ts';
import { DIALECTS } from './load-generator.ts';
import { result, type BenchResult } from './result.ts';

const SIZES = (process.env['BENCH_SEARCH_RECORDS'] ?? '100000,1000000').split(',').map(Number);
const ROUNDS = Number(process.env['BENCH_SEARCH_ROUNDS'] ?? 200);

const SURNAMES = ['Шевчук', 'Коваленко', 'Бондаренко', 'Ткаченко', 'Мар’яненко', 'Кравчук'];
const FIRST = ['Андрій', 'Олег', 'Ігор', 'Ґалина', 'Ольга', 'Петро', 'Сергій', 'Марія'];
const PATRONYMIC = ['Олегович', 'Петрівна', 'Іванович', 'Василівна', 'Андрійович'];
// 240 names where the demo has ~7,800: a name's matches grow with the records either way.
const nameOf = (i: number): string =>
  `${SURNAMES[i % 6]} ${FIRST[Math.floor(i / 6) % 8]} ${PATRONYMIC[Math.floor(i / 48) % 5]}`;
const numberOf = (i: number): string => `KV-${String(i).padStart(8, '0')}/2025`;

async function fill(database: TestDatabase, n: number): Promise<void> {
  const start = Date.UTC(2025, 0, 1);
  // 50 batches a transaction: one commit (and fsync) per 25,000 summaries.
  for (let from = 0; from < n; from += 25_000) {
    await projectionDb(database)
      .transaction()
      .execute(async (db) => {
        for (let at = from; at < Math.min(n, from + 25_000); at += 500) {
          const rows = Array.from({ length: Math.min(500, n - at) }, (_, k) => {
            const i = at + k;
            const name = i === Math.floor(n / 2) ? 'Унікальна Особа Тестова' : nameOf(i);
            return summaryRow({
              record_id: `r-${String(i).padStart(8, '0')}`,
              unit_id: `unit-${i % 600}`,
              status: 'released',
              person_name: name,
              custody_number: numberOf(i),
              t0: new Date(start + Math.floor((i * 365 * 86_400_000) / n)).toISOString(),
              search_key: summarySearchKey(name, numberOf(i)),
              last_log_index: i,
            });
          });
          await db.insertInto('record_summaries').values(rows).execute();
        }
      });
  }
  if (database.dialect === 'postgres') await sql`ANALYZE record_summaries`.execute(database.db);
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
}

async function timeOf(f: () => Promise<unknown>): Promise<[number, number]> {
  const times: number[] = [];
  for (let k = 0; k < ROUNDS; k++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  return [quantile(times, 0.5), quantile(times, 0.99)];
}

/** The plan of each statement `listRows` runs for the query (PostgreSQL: with times and buffers). */
async function plans(database: TestDatabase, q: string): Promise<string> {
  const { database: recorded, seen } = recording(database);
  await listRows(recorded, { units: null, records: [] }, { q, limit: 50 });
  const out: string[] = [];
  for (const statement of seen) out.push(await planOf(database, statement, true));
  return out.join('\n--\n');
}

const QUERIES: [string, (n: number) => string][] = [
  ['one match (unique name)', () => 'унікальна особа'],
  ['a full name (1 in 240)', () => 'шевчук андрій олегович'],
  ['one custody number', (n) => numberOf(Math.floor(n / 3)).toLowerCase()],
  [
    'the beginning of a custody number (10 matches)',
    (n) =>
      numberOf(Math.floor(n / 3))
        .toLowerCase()
        .slice(0, 10),
  ],
  ['a surname stem, many matches', () => 'коваленко'],
];

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  // The list of another tree (BENCH_SEARCH_COMPARE), timed on the same summaries.
  const compare = process.env['BENCH_SEARCH_COMPARE'];
  const before =
    compare === undefined
      ? undefined
      : (
          (await import(join(compare, 'apps/server/src/records/record-list.ts'))) as {
            listRows: typeof listRows;
          }
        ).listRows;
  const say = (line: string): void => {
    console.error(line);
  };
  for (const dialect of DIALECTS) {
    for (const n of SIZES) {
      const database = await freshDatabase(dialect);
      const tag = `search ${dialect} 10^${Math.round(Math.log10(n))} summaries`;
      try {
        await migrate(database, [...storeMigrations, ...projectionMigrations]);
        const started = performance.now();
        await fill(database, n);
        say(
          `## ${tag} (filled in ${((performance.now() - started) / 1000).toFixed(0)} s, ` +
            `load ${loadavg()[0]?.toFixed(1) ?? '?'})`,
        );
        const key = `r-${String(Math.floor(n / 4)).padStart(8, '0')}`;
        const [b50, b99] = await timeOf(() =>
          projectionDb(database)
            .selectFrom('record_summaries')
            .selectAll()
            .where('record_id', '=', key)
            .execute(),
        );
        say(`baseline (one summary by key): p50 ${b50.toFixed(3)} ms, p99 ${b99.toFixed(3)} ms`);
        for (const [label, q] of QUERIES) {
          const query = q(n);
          const { rows } = await sql<{ c: number | string }>`SELECT count(*) AS c
            FROM record_summaries WHERE search_key LIKE ${`%${query}%`}`.execute(database.db);
          const matches = Number(rows[0]?.c);
          if (before !== undefined) {
            const [o50, o99] = await timeOf(() =>
              before(database, { units: null, records: [] }, { q: query, limit: 50 }),
            );
            say(
              `  code before: p50 ${o50.toFixed(2)} ms (${(o50 / b50).toFixed(1)}x), ` +
                `p99 ${o99.toFixed(2)} ms (${(o99 / b99).toFixed(1)}x)`,
            );
          }
          const [p50, p99] = await timeOf(() =>
            listRows(database, { units: null, records: [] }, { q: query, limit: 50 }),
          );
          say(
            `${label} '${query}': ${matches} matches; listRows p50 ${p50.toFixed(2)} ms ` +
              `(${(p50 / b50).toFixed(1)}x), p99 ${p99.toFixed(2)} ms (${(p99 / b99).toFixed(1)}x)`,
          );
          say((await plans(database, query)).replace(/^/gm, '    '));
          out.push(result(`${tag}: ${label} (${matches} matches) p99`, p99, 'ms', b99));
        }
      } finally {
        await database.drop();
      }
    }
  }
  return out;
}
