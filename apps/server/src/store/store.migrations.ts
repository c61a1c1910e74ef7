import { sql, type Kysely } from 'kysely';
import { EMPTY_ROOT } from '@custody/ledger';
import type { DialectName } from '../db/database.ts';
import type { ModuleMigration } from '../db/migrate.ts';

const APPEND_ONLY = ['log_leaves', 'log_nodes', 'checkpoints', 'log_erasures'] as const;

function tables(d: DialectName): string[] {
  const int = d === 'postgres' ? 'BIGINT' : 'INTEGER';
  const bytes = d === 'postgres' ? 'BYTEA' : 'BLOB';
  const noRowid = d === 'sqlite' ? ' WITHOUT ROWID' : '';
  return [
    `CREATE TABLE log_head (id INTEGER PRIMARY KEY CHECK (id = 1), size ${int} NOT NULL, root ${bytes} NOT NULL)`,
    `CREATE TABLE log_leaves (
      log_index ${int} PRIMARY KEY CHECK (log_index >= 0),
      stream_id TEXT NOT NULL,
      stream_version INTEGER NOT NULL CHECK (stream_version >= 1),
      event_id TEXT NOT NULL UNIQUE,
      event_type TEXT NOT NULL,
      occurred_at TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      actor_id TEXT NOT NULL,
      actor_role TEXT NOT NULL,
      prev_hash ${bytes},
      commitment TEXT NOT NULL,
      leaf ${bytes} NOT NULL,
      leaf_hash ${bytes} NOT NULL,
      UNIQUE (stream_id, stream_version))`,
    `CREATE TABLE log_payloads (log_index ${int} PRIMARY KEY, payload TEXT NOT NULL, salt ${bytes} NOT NULL)`,
    `CREATE TABLE log_erasures (log_index ${int} PRIMARY KEY, tombstone_index ${int} NOT NULL)`,
    `CREATE TABLE log_nodes (level INTEGER NOT NULL, idx ${int} NOT NULL, hash ${bytes} NOT NULL, PRIMARY KEY (level, idx))${noRowid}`,
    `CREATE TABLE checkpoints (size ${int} PRIMARY KEY, root ${bytes} NOT NULL, note TEXT NOT NULL)`,
  ];
}

function sqliteGuards(): string[] {
  const raise = (msg: string) => `BEGIN SELECT RAISE(ABORT, '${msg}'); END`;
  return [
    ...APPEND_ONLY.flatMap((t) => [
      `CREATE TRIGGER ${t}_no_update BEFORE UPDATE ON ${t} ${raise(`${t} is append-only`)}`,
      `CREATE TRIGGER ${t}_no_delete BEFORE DELETE ON ${t} ${raise(`${t} is append-only`)}`,
    ]),
    `CREATE TRIGGER log_head_no_delete BEFORE DELETE ON log_head ${raise('log_head cannot be deleted')}`,
    `CREATE TRIGGER log_payloads_no_update BEFORE UPDATE ON log_payloads ${raise('log_payloads is append-only')}`,
    `CREATE TRIGGER log_payloads_erasure_only BEFORE DELETE ON log_payloads
      WHEN NOT EXISTS (SELECT 1 FROM log_erasures WHERE log_index = OLD.log_index)
      ${raise('a payload is deleted only by a recorded erasure')}`,
  ];
}

function postgresGuards(): string[] {
  return [
    `CREATE FUNCTION custody_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only (%)', TG_TABLE_NAME, TG_OP; END $$`,
    `CREATE FUNCTION custody_payload_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM log_erasures WHERE log_index = OLD.log_index) THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'a payload is deleted only by a recorded erasure (%)', TG_OP;
      END $$`,
    ...APPEND_ONLY.flatMap((t) => [
      `CREATE TRIGGER ${t}_append_only BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION custody_append_only()`,
      `CREATE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION custody_append_only()`,
    ]),
    `CREATE TRIGGER log_head_no_delete BEFORE DELETE ON log_head FOR EACH ROW EXECUTE FUNCTION custody_append_only()`,
    `CREATE TRIGGER log_payloads_guard BEFORE UPDATE OR DELETE ON log_payloads FOR EACH ROW EXECUTE FUNCTION custody_payload_guard()`,
    `CREATE TRIGGER log_payloads_no_truncate BEFORE TRUNCATE ON log_payloads FOR EACH STATEMENT EXECUTE FUNCTION custody_append_only()`,
  ];
}

async function run(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/**
 * The event store's tables (integrity.md, "The log") and its database guards. The guards are
 * hygiene only: a superuser can drop them; detection comes from `verifyLog`.
 */
export const storeMigrations: ModuleMigration[] = [
  {
    name: '0100-store-log',
    async up(db, dialect) {
      await run(db, tables(dialect));
      await sql`INSERT INTO log_head (id, size, root) VALUES (1, 0, ${Buffer.from(EMPTY_ROOT)})`.execute(
        db,
      );
    },
  },
  {
    name: '0101-store-guards',
    async up(db, dialect) {
      await run(db, dialect === 'postgres' ? postgresGuards() : sqliteGuards());
    },
  },
  {
    // RFC 3339 offsets (issue 20): the offset a time was stated in, beside its UTC instant.
    name: '0102-store-occurred-offset',
    async up(db) {
      await run(db, ['ALTER TABLE log_leaves ADD COLUMN occurred_offset TEXT']);
    },
  },
  {
    // `streamsOpenedBy`: a rebuild's next slice of records, the streams whose first entry is of a
    // type, after an id, in id order, 250 at a time. It had the stream index only, which holds
    // every entry (52 per record in a generated year), and PostgreSQL took an entry's version and
    // type as independent: it expected one record among 52² entries where there is one among 52,
    // and once the streams left after the id fell below a slice by that count it read the first
    // entry of every stream after the id by bitmap and sorted them. A third of the way into a
    // 10^6-entry year's rebuild that was 0.34 s a slice instead of 3 ms, the rest of the log read
    // again for each slice (docs/benchmarks.md, "Rebuilding the projections: what grew with the
    // log"). An index of first entries by type and id makes a slice one range of 250 entries, on
    // both databases; on PostgreSQL, statistics of version and type together (their most common
    // pairs, gathered by ANALYZE, which a rebuild runs first) give the planner the count of first
    // entries of a type, so that it reads that range in order and stops.
    name: '0103-store-stream-openings',
    async up(db, dialect) {
      await run(db, [
        'CREATE INDEX log_leaves_openings ON log_leaves (event_type, stream_id) WHERE stream_version = 1',
      ]);
      if (dialect === 'postgres') {
        await run(db, [
          'CREATE STATISTICS log_leaves_version_type (mcv) ON stream_version, event_type FROM log_leaves',
        ]);
      }
    },
  },
];
