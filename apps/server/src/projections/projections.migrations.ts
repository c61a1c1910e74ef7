import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db/database.ts';
import type { ModuleMigration } from '../db/migrate.ts';
import { findingCountsSchema, findingRowsSchema } from '../reports/report-figures.ts';
import { numberKeySql, summarySearchKey } from './search-key.ts';

function statements(d: DialectName): string[] {
  const big = d === 'postgres' ? 'BIGINT' : 'INTEGER';
  return [
    `CREATE TABLE record_summaries (
      record_id TEXT PRIMARY KEY,
      unit_id TEXT NOT NULL,
      status TEXT NOT NULL,
      person_name TEXT NOT NULL,
      juvenile INTEGER NOT NULL,
      foreigner INTEGER NOT NULL,
      custody_number TEXT,
      profile TEXT NOT NULL,
      t0 TEXT NOT NULL,
      delivered_at TEXT,
      ended_at TEXT,
      location TEXT,
      observation_level TEXT,
      consent_lawyer INTEGER NOT NULL,
      consent_monitor INTEGER NOT NULL,
      involved_ids TEXT NOT NULL,
      version INTEGER NOT NULL,
      last_log_index ${big} NOT NULL)`,
    'CREATE INDEX record_summaries_unit_status ON record_summaries (unit_id, status, t0)',
    'CREATE INDEX record_summaries_t0 ON record_summaries (t0, record_id)',
    `CREATE TABLE projection_cursor (name TEXT PRIMARY KEY, log_index ${big} NOT NULL)`,
  ];
}

/**
 * SQLite: the trigram index of the summaries' search keys (`record_search`, FTS5 with
 * record_summaries as its external content) and the triggers that keep it; `rebuild` fills it
 * from the summaries already written.
 */
const SEARCH_FTS_SQLITE = [
  `CREATE VIRTUAL TABLE record_search USING fts5(search_key,
    content = 'record_summaries', content_rowid = 'rowid', tokenize = 'trigram')`,
  `CREATE TRIGGER record_search_insert AFTER INSERT ON record_summaries BEGIN
    INSERT INTO record_search (rowid, search_key) VALUES (new.rowid, new.search_key);
  END`,
  `CREATE TRIGGER record_search_delete AFTER DELETE ON record_summaries BEGIN
    INSERT INTO record_search (record_search, rowid, search_key)
      VALUES ('delete', old.rowid, old.search_key);
  END`,
  `CREATE TRIGGER record_search_update AFTER UPDATE OF search_key ON record_summaries
    WHEN old.search_key IS NOT new.search_key BEGIN
    INSERT INTO record_search (record_search, rowid, search_key)
      VALUES ('delete', old.rowid, old.search_key);
    INSERT INTO record_search (rowid, search_key) VALUES (new.rowid, new.search_key);
  END`,
  `INSERT INTO record_search (record_search) VALUES ('rebuild')`,
];

/** Rebuildable read models of custody records (architecture: projections are derived from the log). */
export const projectionMigrations: readonly ModuleMigration[] = [
  {
    name: '0300-projections-record-summaries',
    async up(db: Kysely<unknown>, dialect: DialectName) {
      for (const s of statements(dialect)) await sql.raw(s).execute(db);
    },
  },
  {
    // From here on every append writes its summary in its own transaction; summaries written
    // after the log's commit by earlier versions may lag it (a crash between the two), so they
    // are rebuilt once before the server next answers (`rebuildIfStale`).
    name: '0310-projections-in-write-transaction',
    async up(db: Kysely<unknown>) {
      await sql`INSERT INTO projection_cursor (name, log_index) VALUES ('record_summaries:stale', 0)`.execute(
        db,
      );
    },
  },
  {
    // The record list's search (`q`: a substring of the name or the custody number, newest
    // first) read every summary through the t0 index, row by row: 3.4-5 s among 2·10^5 records
    // on SQLite, 0.6-0.8 s on PostgreSQL (docs/benchmarks.md, "A national year"). SQLite: the
    // t0 index carries both searched columns, so the scan reads the index alone and fetches only
    // the rows that match. PostgreSQL: trigram indexes (pg_trgm, a trusted extension shipped
    // with the server) answer ILIKE '%…%' of three characters or more without a scan; where the
    // extension is not installed the search stays a scan and still answers.
    name: '0320-projections-search',
    async up(db: Kysely<unknown>, dialect: DialectName) {
      if (dialect === 'sqlite') {
        await sql`DROP INDEX record_summaries_t0`.execute(db);
        await sql`CREATE INDEX record_summaries_t0
          ON record_summaries (t0, record_id, person_name, custody_number)`.execute(db);
        return;
      }
      const available =
        await sql`SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'`.execute(db);
      if (available.rows.length === 0) return;
      await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
      await sql`CREATE INDEX record_summaries_name_trgm
        ON record_summaries USING gin (person_name gin_trgm_ops)`.execute(db);
      await sql`CREATE INDEX record_summaries_number_trgm
        ON record_summaries USING gin (custody_number gin_trgm_ops)`.execute(db);
    },
  },
  {
    // Search by name regardless of case, apostrophe (', ’, ʼ) and ґ/г (search-key.ts): each
    // summary holds its name and custody number folded in `search_key`, filled here for the
    // summaries already written (from their own columns: no replay of the log), and the list
    // looks the folded query up with a plain LIKE. SQLite: the t0 index carries search_key
    // instead of the two columns. PostgreSQL: one trigram index on search_key replaces the two
    // (ILIKE folded Cyrillic only under a database locale that knows it; LIKE on folded text
    // does not depend on the locale).
    name: '0330-projections-search-key',
    async up(db: Kysely<unknown>, dialect: DialectName) {
      await sql`ALTER TABLE record_summaries ADD COLUMN search_key TEXT NOT NULL DEFAULT ''`.execute(
        db,
      );
      for (let after = ''; ;) {
        const { rows } = await sql<{
          record_id: string;
          person_name: string;
          custody_number: string | null;
        }>`SELECT record_id, person_name, custody_number FROM record_summaries
          WHERE record_id > ${after} ORDER BY record_id LIMIT 1000`.execute(db);
        for (const r of rows) {
          await sql`UPDATE record_summaries SET search_key = ${summarySearchKey(r.person_name, r.custody_number)}
            WHERE record_id = ${r.record_id}`.execute(db);
        }
        const last = rows.at(-1);
        if (last === undefined) break;
        after = last.record_id;
      }
      if (dialect === 'sqlite') {
        await sql`DROP INDEX record_summaries_t0`.execute(db);
        await sql`CREATE INDEX record_summaries_t0
          ON record_summaries (t0, record_id, search_key)`.execute(db);
        return;
      }
      await sql`DROP INDEX IF EXISTS record_summaries_name_trgm`.execute(db);
      await sql`DROP INDEX IF EXISTS record_summaries_number_trgm`.execute(db);
      const installed = await sql`SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'`.execute(db);
      if (installed.rows.length === 0) return;
      await sql`CREATE INDEX record_summaries_search_trgm
        ON record_summaries USING gin (search_key gin_trgm_ops)`.execute(db);
    },
  },
  {
    // SQLite's search walked the t0 index newest first until a page was full or the index ended,
    // so a custody number (one match) read every summary's key: 112 ms p99 among 2·10^4
    // records, growing with them (docs/benchmarks.md, "A national year"). An FTS5 trigram index
    // over search_key (external content: it keeps the trigrams, not a second copy of the keys;
    // rows are named by record_summaries' rowid) answers LIKE '%…%' of three characters or more
    // from the index; triggers keep it with every insert, key change and delete of a summary,
    // in the summary's own transaction. PostgreSQL's trigram index (0330) does this already.
    name: '0340-projections-search-fts',
    async up(db: Kysely<unknown>, dialect: DialectName) {
      if (dialect !== 'sqlite') return;
      for (const statement of SEARCH_FTS_SQLITE) await sql.raw(statement).execute(db);
    },
  },
  {
    // The year's compliance report folded every record of the year from the log: ~3 ms each,
    // a minute at 10^6 entries, ten at 10^7 (docs/benchmarks.md, "A national year"). A closed
    // record's findings are final, so they are stored (reports/stored-findings.ts) by the append
    // that closes it, and again by any later one, in its transaction, with the stream version
    // and the limits they were computed with; the report reads them and folds only the others.
    // Empty at first: rebuild-projections fills it, and until then the report folds as before.
    name: '0350-projections-record-findings',
    async up(db: Kysely<unknown>, dialect: DialectName) {
      const big = dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
      await sql
        .raw(
          `CREATE TABLE record_findings (
            record_id TEXT PRIMARY KEY,
            limits TEXT NOT NULL,
            device_entries INTEGER NOT NULL,
            findings TEXT NOT NULL,
            version INTEGER NOT NULL,
            last_log_index ${big} NOT NULL)`,
        )
        .execute(db);
    },
  },
  {
    // The record list folded every record it showed for its clock column (`summaryClockOf`): a
    // search at 10^6 entries read each matching record's stream (docs/benchmarks.md, "A national
    // year"). A closed record's clock is fixed from the end of custody on, so it is stored beside
    // its findings (`clock`, reports/stored-findings.ts), under the same version and limits, and
    // the list reads it (records/list-clocks.ts). Rows written before have none: the list folds
    // those records until rebuild-projections stores it, or the record's next entry does.
    name: '0360-projections-findings-clock',
    async up(db: Kysely<unknown>) {
      await sql`ALTER TABLE record_findings ADD COLUMN clock TEXT`.execute(db);
    },
  },
  {
    // The year report's figures were counted by reading every closed record's findings (JSON)
    // and answered with every finding of every record: ~80 MB at 10^6 entries, ~800 MB at 10^7
    // (docs/benchmarks.md, "A national year"). `report_findings` holds one row per occurrence of
    // a figure, kept by triggers on record_findings in its transaction (reports/report-figures.ts),
    // so that counts per unit and figure are one GROUP BY and each drill-down a keyset page.
    // record_findings gains the record's unit; rows already stored get theirs from the summary,
    // which fills report_findings through the update trigger.
    name: '0370-projections-report-findings',
    async up(db: Kysely<unknown>, dialect: DialectName) {
      await sql.raw('ALTER TABLE record_findings ADD COLUMN unit_id TEXT').execute(db);
      for (const statement of findingRowsSchema(dialect)) await sql.raw(statement).execute(db);
      await sql
        .raw(
          `UPDATE record_findings SET unit_id = (SELECT s.unit_id FROM record_summaries s
            WHERE s.record_id = record_findings.record_id)`,
        )
        .execute(db);
    },
  },
  {
    // The counts of every unit grouped every `report_findings` row of the period on each request
    // (22 per record: ~4.2·10^6 at 10^7 entries; 5.49 s on SQLite, docs/benchmarks.md, "A
    // national year"). `report_counts` keeps them per unit, figure and block of hours (an hour,
    // a day, then ×4 up to 256 days: reports/report-figures.ts), kept by triggers on
    // report_findings in the same transaction, so that a year's counts read a few blocks per
    // unit and figure whatever the records. Filled here from the rows already stored; ANALYZE
    // so that both databases plan the counts and the drill-down pages on statistics of both.
    name: '0380-projections-report-counts',
    async up(db: Kysely<unknown>, dialect: DialectName) {
      for (const statement of findingCountsSchema(dialect)) await sql.raw(statement).execute(db);
      // Only these two tables (the whole of a national year's file is ~11 GB); SQLite reads a
      // sample of each index (analysis_limit) rather than all of it.
      if (dialect === 'sqlite') await sql.raw('PRAGMA analysis_limit = 1000').execute(db);
      await sql.raw('ANALYZE report_findings').execute(db);
      await sql.raw('ANALYZE report_counts').execute(db);
    },
  },
  {
    // PostgreSQL's GIN index takes inserts into a pending list, unsorted, up to
    // gin_pending_list_limit (4 MB by default), that every search reads whole until VACUUM or
    // autovacuum merges it: every append upserts its record's summary, so a search for one name
    // read ~500 pages at 10^5 summaries (36 once merged; docs/benchmarks.md, "Rebuilding the
    // projections in slices"). The smallest limit (64 kB, 8 pages) keeps inserts batched and
    // what a search reads of the list bounded; the list is merged now.
    name: '0390-projections-search-pending-list',
    async up(db: Kysely<unknown>, dialect: DialectName) {
      if (dialect !== 'postgres') return;
      const index =
        await sql`SELECT 1 FROM pg_class WHERE relname = 'record_summaries_search_trgm'`.execute(
          db,
        );
      if (index.rows.length === 0) return;
      await sql`ALTER INDEX record_summaries_search_trgm SET (gin_pending_list_limit = 64)`.execute(
        db,
      );
      await sql`SELECT gin_clean_pending_list('record_summaries_search_trgm'::regclass)`.execute(
        db,
      );
    },
  },
  {
    // A custody number was looked up by its trigrams, which every number shares (`kv-`, `/20`):
    // 305 GIN buffers at 10^5 summaries on PostgreSQL, ×4.2 per ×10 on SQLite (docs/benchmarks.md,
    // "Rebuilding the projections in slices"). A b-tree on the folded number (`numberKeySql`, an
    // expression over search_key, so no writer changes and every summary already written is in
    // it once built) answers a query shaped like a number's beginning (`custodyNumberStart`) with
    // one range. PostgreSQL: ANALYZE gives the planner the expression's statistics.
    name: '0391-projections-search-number',
    async up(db: Kysely<unknown>, dialect: DialectName) {
      await sql
        .raw(
          `CREATE INDEX record_summaries_number ON record_summaries ((${numberKeySql[dialect]}))`,
        )
        .execute(db);
      if (dialect === 'postgres') await sql.raw('ANALYZE record_summaries').execute(db);
    },
  },
];
