import { sql, type Kysely } from 'kysely';
import type { Database, DialectName } from '../db/database.ts';
import type { ModuleMigration } from '../db/migrate.ts';
import type { ReadModelTable } from '../store/index.ts';

/** An enrolled device and the tip of its chain; written with each entry of its log stream. */
export type DevicesTable = {
  device_id: string;
  unit_id: string;
  user_id: string;
  name: string;
  algorithm: string;
  /** SubjectPublicKeyInfo (DER), base64. */
  public_key: string;
  enrolled_at: string;
  enrol_log_index: number | null;
  revoked_at: string | null;
  revoked_by: string | null;
  last_seq: number;
  /** SHA-256 hex of the signed bytes of the entry with `last_seq`; null before the first. */
  last_hash: string | null;
  last_sync_at: string | null;
  gaps: number;
  forks: number;
  version: number;
  last_log_index: number;
};

/** One received device entry and the answer it got (a repeat gets the same answer). */
export type DeviceEntriesTable = {
  entry_id: string;
  device_id: string;
  seq: number;
  entry_hash: string;
  record_id: string;
  status: string;
  chain: string;
  device_time: string;
  offset_ms: number | null;
  received_at: string;
  late: number;
  /** JSON arrays: the record's event ids and log indexes made from the entry. */
  record_event_ids: string;
  record_log_indexes: string;
  /** JSON `{code, detail}` of a refusal, or null. */
  problem: string | null;
  version: number;
  log_index: number;
};

export type DevicesSchema = {
  devices: DevicesTable;
  device_entries: DeviceEntriesTable;
};

export const devicesDb = (database: Database): Kysely<DevicesSchema> =>
  database.db.withTables<DevicesSchema>();

function statements(d: DialectName): string[] {
  const big = d === 'postgres' ? 'BIGINT' : 'INTEGER';
  return [
    `CREATE TABLE devices (
      device_id TEXT PRIMARY KEY,
      unit_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      name TEXT NOT NULL,
      algorithm TEXT NOT NULL,
      public_key TEXT NOT NULL,
      enrolled_at TEXT NOT NULL,
      enrol_log_index ${big},
      revoked_at TEXT,
      revoked_by TEXT,
      last_seq ${big} NOT NULL,
      last_hash TEXT,
      last_sync_at TEXT,
      gaps INTEGER NOT NULL,
      forks INTEGER NOT NULL,
      version INTEGER NOT NULL,
      last_log_index ${big} NOT NULL)`,
    'CREATE INDEX devices_unit ON devices (unit_id, enrolled_at)',
    `CREATE TABLE device_entries (
      entry_id TEXT PRIMARY KEY,
      device_id TEXT NOT NULL,
      seq ${big} NOT NULL,
      entry_hash TEXT NOT NULL,
      record_id TEXT NOT NULL,
      status TEXT NOT NULL,
      chain TEXT NOT NULL,
      device_time TEXT NOT NULL,
      offset_ms ${big},
      received_at TEXT NOT NULL,
      late INTEGER NOT NULL,
      record_event_ids TEXT NOT NULL,
      record_log_indexes TEXT NOT NULL,
      problem TEXT,
      version INTEGER NOT NULL,
      log_index ${big} NOT NULL)`,
    'CREATE INDEX device_entries_record ON device_entries (record_id)',
    'CREATE INDEX device_entries_device ON device_entries (device_id, seq)',
  ];
}

/** Enrolled devices and their received entries (issue 19); both are read models of the log. */
export const deviceMigrations: readonly ModuleMigration[] = [
  {
    name: '0500-devices-create',
    async up(db: Kysely<unknown>, dialect: DialectName) {
      for (const s of statements(dialect)) await sql.raw(s).execute(db);
    },
  },
];

/** `devices` as a read model written in the transaction of its stream's events. */
export const DEVICES_TABLE: ReadModelTable = {
  name: 'devices',
  columns: [
    'device_id',
    'unit_id',
    'user_id',
    'name',
    'algorithm',
    'public_key',
    'enrolled_at',
    'enrol_log_index',
    'revoked_at',
    'revoked_by',
    'last_seq',
    'last_hash',
    'last_sync_at',
    'gaps',
    'forks',
    'version',
    'last_log_index',
  ] satisfies (keyof DevicesTable)[],
  pgTypes: [
    'text',
    'text',
    'text',
    'text',
    'text',
    'text',
    'text',
    'int8',
    'text',
    'text',
    'int8',
    'text',
    'text',
    'int4',
    'int4',
    'int4',
    'int8',
  ],
  versionColumn: 'version',
  logIndexColumn: 'last_log_index',
};

/** `device_entries` as a read model written with the entry's leaf. */
export const DEVICE_ENTRIES_TABLE: ReadModelTable = {
  name: 'device_entries',
  columns: [
    'entry_id',
    'device_id',
    'seq',
    'entry_hash',
    'record_id',
    'status',
    'chain',
    'device_time',
    'offset_ms',
    'received_at',
    'late',
    'record_event_ids',
    'record_log_indexes',
    'problem',
    'version',
    'log_index',
  ] satisfies (keyof DeviceEntriesTable)[],
  pgTypes: [
    'text',
    'text',
    'int8',
    'text',
    'text',
    'text',
    'text',
    'text',
    'int8',
    'text',
    'int4',
    'text',
    'text',
    'text',
    'int4',
    'int8',
  ],
  versionColumn: 'version',
  logIndexColumn: 'log_index',
};

/** A BIGINT column as a number: PostgreSQL's driver answers int8 as a string. */
export function int8(value: unknown): number {
  return Number(value);
}
