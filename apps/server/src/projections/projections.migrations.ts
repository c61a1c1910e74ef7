import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db/database.ts';
import type { ModuleMigration } from '../db/migrate.ts';

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
];
