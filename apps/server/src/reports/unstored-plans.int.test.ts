import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freshPostgres, type TestDatabase } from '../../test/databases.ts';
import { apiMigrations } from '../app.ts';
import { migrate } from '../db/migrate.ts';
import { projectionDb } from '../projections/record-summaries.table.ts';
import { summaryRow } from '../projections/summary-row.test-kit.ts';
import { storeMigrations } from '../store/index.ts';

/**
 * PostgreSQL keeps the plans of `report_unstored_again` (the row trigger that keeps
 * `report_unstored` as summaries are written) and of `report_findings_rows` for a connection's
 * life. A connection whose first
 * writes came while the tables were small must still find one record by its key once they are
 * large: a kept sequential scan read every summary on each append (migrations 0611 and 0612).
 */
describe('the report triggers read by key on a connection that began on small tables (postgres)', () => {
  let database: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    database = await freshPostgres();
    await migrate(database, [...storeMigrations, ...apiMigrations]);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  const insertOne = async (i: number) => {
    const q = projectionDb(database)
      .insertInto('record_summaries')
      .values(summaryRow({ record_id: `r-${String(i).padStart(6, '0')}` }))
      .compile();
    await client.query(q.sql, q.parameters as unknown[]);
  };

  test('each write reads the summaries and unstored rows by key, not whole', async () => {
    // The first writes of this connection, on small tables: past PostgreSQL's five custom
    // plans, so that the function's plans are the generic ones it keeps.
    for (let i = 0; i < 8; i++) await insertOne(i);
    // Grow the tables on the same connection (each row fires the trigger).
    const columns = Object.keys(summaryRow({ record_id: 'x' }));
    await client.query(
      `INSERT INTO record_summaries (${columns.join(', ')})
       SELECT ${columns
         .map((c) => (c === 'record_id' ? `'g-' || lpad(n::text, 6, '0')` : `s.${c}`))
         .join(', ')}
       FROM generate_series(1, 3000) AS n, record_summaries s WHERE s.record_id = 'r-000000'`,
    );
    await client.query('BEGIN');
    for (let i = 8; i < 28; i++) await insertOne(i);
    const read = await client.query<{ relname: string; seq: string; idx: string }>(
      `SELECT relname, coalesce(seq_tup_read, 0) AS seq, coalesce(idx_scan, 0) AS idx
       FROM pg_stat_xact_user_tables
       WHERE relname IN ('record_summaries', 'report_unstored') ORDER BY relname`,
    );
    await client.query('COMMIT');
    const byTable = Object.fromEntries(read.rows.map((r) => [r.relname, r]));
    // The counts of this session not yet sent to the statistics (the 3,000-row insert's with the
    // 20 writes'): with a kept sequential scan each row written reads up to ~3,000 of each table
    // (9·10^6 rows without migration 0611).
    expect(Number(byTable['record_summaries']?.seq)).toBeLessThan(100);
    expect(Number(byTable['report_unstored']?.seq)).toBeLessThan(100);
    expect(Number(byTable['record_summaries']?.idx)).toBeGreaterThanOrEqual(20);
    // And the function still keeps every record it should: none has stored findings.
    const unstored = await client.query<{ n: string }>('SELECT count(*) AS n FROM report_unstored');
    expect(Number(unstored.rows[0]?.n)).toBe(3028);
  });

  test('findings stored again delete the finding rows of their record by key, not by reading them all', async () => {
    const findings = JSON.stringify({
      t0: '2025-01-01T00:00:00.000Z',
      findings: [],
      notifications: [],
    });
    const insert = (ids: string) => `
      INSERT INTO record_findings (record_id, limits, device_entries, findings, version, last_log_index, unit_id)
      SELECT id, 'limits', 0, $1, 1, 0, 'unit-1' FROM (${ids}) AS ids (id)`;
    const storeAgain = (id: string) =>
      client.query('UPDATE record_findings SET version = version + 1 WHERE record_id = $1', [id]);
    await client.query(insert(`SELECT 'f-' || n FROM generate_series(1, 4) AS n`), [findings]);
    // Past the five custom plans while report_findings holds a few rows.
    for (let round = 0; round < 3; round++) for (let n = 1; n <= 4; n++) await storeAgain(`f-${n}`);
    await client.query(insert(`SELECT 'g-' || n FROM generate_series(1, 3000) AS n`), [findings]);
    await client.query('BEGIN');
    for (let n = 1; n <= 20; n++) await storeAgain(`g-${n}`);
    const read = await client.query<{ seq: string }>(
      `SELECT coalesce(seq_tup_read, 0) AS seq FROM pg_stat_xact_user_tables
       WHERE relname = 'report_findings'`,
    );
    await client.query('COMMIT');
    // A kept sequential scan reads the ~3,000 rows of report_findings for each record.
    expect(Number(read.rows[0]?.seq)).toBeLessThan(100);
    const rows = await client.query<{ n: string }>(
      "SELECT count(*) AS n FROM report_findings WHERE record_id LIKE 'g-%'",
    );
    expect(Number(rows.rows[0]?.n)).toBe(3000);
  });
});
