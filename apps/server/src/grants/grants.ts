import { randomUUID } from 'node:crypto';
import { GrantScope, type Grant, type Grantee } from '@custody/contracts';
import type { Kysely } from 'kysely';
import type { ModuleMigration } from '../db/migrate.ts';
import type { Database } from '../db/database.ts';
import type { UsersTable } from '../accounts/tables.ts';
import type { GrantView } from '../authz/principal.ts';

type GrantsTable = {
  id: string;
  grantee_id: string;
  scope: string;
  /** The units the grant touches (JSON array): the named units, or the record's unit. */
  unit_ids: string;
  record_id: string | null;
  valid_from: string;
  valid_until: string;
  purpose: string;
  granted_by: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
};

type GrantsSchema = {
  grants: GrantsTable;
  users: Pick<UsersTable, 'id' | 'display_name' | 'role' | 'disabled'>;
};

/** A grant row with the display names of its grantee and grantor. */
type GrantRow = GrantsTable & { grantee_name: string; granted_by_name: string };

const grantsDb = (database: Database): Kysely<GrantsSchema> =>
  database.db.withTables<GrantsSchema>();

/** The grants table: time-boxed access of monitors and lawyers (domain.md §2, §5). */
export const migrations: ModuleMigration[] = [
  {
    name: '0220-grants-create',
    async up(db) {
      await db.schema
        .createTable('grants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('grantee_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('unit_ids', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text')
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('valid_until', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('granted_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('revoked_by', 'text')
        .execute();
      await db.schema
        .createIndex('grants_grantee')
        .on('grants')
        .columns(['grantee_id', 'valid_until'])
        .execute();
    },
  },
];

/** A grant as stored; the name of a record grant's detainee comes from the records module. */
export interface StoredGrant extends Omit<Grant, 'recordName'> {
  /** The units the grant touches: those named, or the unit of the named record. */
  readonly unitIds: readonly string[];
}

const scopeOf = (r: Pick<GrantsTable, 'scope'>): GrantScope =>
  GrantScope.parse(JSON.parse(r.scope));

function toGrant(r: GrantRow): StoredGrant {
  return {
    id: r.id,
    granteeId: r.grantee_id,
    granteeName: r.grantee_name,
    scope: scopeOf(r),
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    purpose: r.purpose,
    grantedBy: r.granted_by,
    grantedByName: r.granted_by_name,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    unitIds: (JSON.parse(r.unit_ids) as unknown[]).filter(
      (u): u is string => typeof u === 'string',
    ),
  };
}

export async function createGrant(
  database: Database,
  g: {
    granteeId: string;
    scope: GrantScope;
    unitIds: readonly string[];
    validFrom: string;
    validUntil: string;
    purpose: string;
  },
  grantedBy: string,
  now: Date,
): Promise<StoredGrant> {
  const row: GrantsTable = {
    id: randomUUID(),
    grantee_id: g.granteeId,
    scope: JSON.stringify(g.scope),
    unit_ids: JSON.stringify([...new Set(g.unitIds)].sort()),
    record_id: g.scope.kind === 'record' ? g.scope.recordId : null,
    valid_from: new Date(g.validFrom).toISOString(),
    valid_until: new Date(g.validUntil).toISOString(),
    purpose: g.purpose,
    granted_by: grantedBy,
    created_at: now.toISOString(),
    revoked_at: null,
    revoked_by: null,
  };
  await grantsDb(database).insertInto('grants').values(row).execute();
  const stored = await findGrant(database, row.id);
  if (stored === undefined) throw new Error('a grant just stored cannot be read back');
  return stored;
}

/** Grants with the names of grantee and grantor (both are users: foreign keys). */
function selectGrants(database: Database) {
  return grantsDb(database)
    .selectFrom('grants as g')
    .innerJoin('users as e', 'e.id', 'g.grantee_id')
    .innerJoin('users as b', 'b.id', 'g.granted_by')
    .selectAll('g')
    .select(['e.display_name as grantee_name', 'b.display_name as granted_by_name']);
}

export async function listGrants(
  database: Database,
  filter: { granteeId?: string } = {},
): Promise<StoredGrant[]> {
  let q = selectGrants(database).orderBy('g.created_at', 'desc');
  if (filter.granteeId !== undefined) q = q.where('g.grantee_id', '=', filter.granteeId);
  return (await q.execute()).map(toGrant);
}

export async function findGrant(database: Database, id: string): Promise<StoredGrant | undefined> {
  const row = await selectGrants(database).where('g.id', '=', id).executeTakeFirst();
  return row && toGrant(row);
}

/** Everyone a grant can be made to: active monitor and lawyer accounts, by name. */
export async function listGrantees(database: Database): Promise<Grantee[]> {
  const rows = await grantsDb(database)
    .selectFrom('users')
    .select(['id', 'display_name', 'role'])
    .where('role', 'in', ['monitor', 'lawyer'])
    .where('disabled', '=', 0)
    .orderBy('display_name')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    displayName: r.display_name,
    role: r.role === 'monitor' ? 'monitor' : 'lawyer',
  }));
}

export async function revokeGrant(
  database: Database,
  id: string,
  by: string,
  now: Date,
): Promise<void> {
  await grantsDb(database)
    .updateTable('grants')
    .set({ revoked_at: now.toISOString(), revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/**
 * The grants of a user that are in force at `now`: not revoked, and
 * validFrom ≤ now < validUntil. Authorization reads these for monitors and lawyers.
 */
export async function activeGrantsFor(
  database: Database,
  userId: string,
  now: Date,
): Promise<GrantView[]> {
  const at = now.toISOString();
  const rows = await grantsDb(database)
    .selectFrom('grants')
    .selectAll()
    .where('grantee_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', at)
    .where('valid_until', '>', at)
    .execute();
  return rows.map((r) => {
    const scope = scopeOf(r);
    return {
      units: scope.kind === 'units' ? scope.unitIds : [],
      recordId: scope.kind === 'record' ? scope.recordId : null,
      validFrom: r.valid_from,
      validUntil: r.valid_until,
    };
  });
}
