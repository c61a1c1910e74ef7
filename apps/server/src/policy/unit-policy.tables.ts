import { sql, type Kysely } from 'kysely';
import type { Database, DialectName } from '../db/database.ts';
import type { ModuleMigration } from '../db/migrate.ts';
import type { ReadModelTable } from '../store/index.ts';

/**
 * One change of a unit's policy (domain.md §4), a read model of the entry `UnitPolicyChanged` of
 * the unit's log stream `unit-policy:<unitId>`, written in the same transaction as the entry.
 */
export type UnitPolicyChangesTable = {
  change_id: string;
  unit_id: string;
  changed_at: string;
  user_id: string;
  /** JSON of the whole policy before and after the change. */
  from_policy: string;
  to_policy: string;
  reason: string;
  /** The stream version of the entry: 1 for the unit's first change. */
  version: number;
  log_index: number;
};

export type UnitPolicySchema = { unit_policy_changes: UnitPolicyChangesTable };

export const unitPolicyDb = (database: Database): Kysely<UnitPolicySchema> =>
  database.db.withTables<UnitPolicySchema>();

function statements(d: DialectName): string[] {
  const big = d === 'postgres' ? 'BIGINT' : 'INTEGER';
  return [
    `CREATE TABLE unit_policy_changes (
      change_id TEXT PRIMARY KEY,
      unit_id TEXT NOT NULL,
      changed_at TEXT NOT NULL,
      user_id TEXT NOT NULL,
      from_policy TEXT NOT NULL,
      to_policy TEXT NOT NULL,
      reason TEXT NOT NULL,
      version INTEGER NOT NULL,
      log_index ${big} NOT NULL)`,
    'CREATE UNIQUE INDEX unit_policy_changes_unit ON unit_policy_changes (unit_id, version)',
  ];
}

/** Changes of units' policies (issue 14 point 3). */
export const unitPolicyMigrations: readonly ModuleMigration[] = [
  {
    name: '0600-unit-policy-changes',
    async up(db: Kysely<unknown>, dialect: DialectName) {
      for (const s of statements(dialect)) await sql.raw(s).execute(db);
    },
  },
];

/** `unit_policy_changes` as a read model written with its entry's leaf. */
export const UNIT_POLICY_CHANGES_TABLE: ReadModelTable = {
  name: 'unit_policy_changes',
  columns: [
    'change_id',
    'unit_id',
    'changed_at',
    'user_id',
    'from_policy',
    'to_policy',
    'reason',
    'version',
    'log_index',
  ] satisfies (keyof UnitPolicyChangesTable)[],
  pgTypes: ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'int4', 'int8'],
  versionColumn: 'version',
  logIndexColumn: 'log_index',
};
