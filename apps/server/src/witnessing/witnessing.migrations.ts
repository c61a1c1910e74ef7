import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db/database.ts';
import type { ModuleMigration } from '../db/migrate.ts';

function statements(d: DialectName): string[] {
  const big = d === 'postgres' ? 'BIGINT' : 'INTEGER';
  return [
    // Every cosignature a witness returned, kept for good (c2sp.org/tlog-witness: the log keeps
    // them so that it can serve a cosigned checkpoint and prove what each witness said).
    `CREATE TABLE log_cosignatures (
      witness TEXT NOT NULL,
      size ${big} NOT NULL,
      line TEXT NOT NULL,
      cosigned_at ${big} NOT NULL,
      received_at TEXT NOT NULL,
      PRIMARY KEY (witness, size, line))`,
    'CREATE INDEX log_cosignatures_size ON log_cosignatures (size)',
    // What the log last heard from each witness; `size` is the size the witness said it holds.
    `CREATE TABLE log_witness_status (
      witness TEXT PRIMARY KEY,
      size ${big} NOT NULL,
      last_status INTEGER,
      last_error TEXT,
      alert TEXT,
      alert_at TEXT,
      updated_at TEXT NOT NULL)`,
  ];
}

/** The log's side of witnessing (issue 17): cosignatures received and each witness's status. */
export const witnessingMigrations: readonly ModuleMigration[] = [
  {
    name: '0500-witnessing-cosignatures',
    async up(db: Kysely<unknown>, dialect: DialectName) {
      for (const s of statements(dialect)) await sql.raw(s).execute(db);
    },
  },
];
