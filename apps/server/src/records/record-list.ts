import type { RecordListQuery } from '@custody/contracts';
import { sql } from 'kysely';
import type { z } from 'zod';
import { denial } from '../authz/guard.ts';
import type { Principal } from '../authz/principal.ts';
import type { Database } from '../db/database.ts';
import { badRequest, forbidden } from '../http/problem.ts';
import type { AppDeps } from '../http/types.ts';
import { projectionDb, type RecordSummariesTable } from '../projections/record-summaries.table.ts';
import { foldForSearch } from '../projections/search-key.ts';
import { grantsOf } from './record-access.ts';

/** Which records a principal may list (domain.md §5): null means every unit. */
export interface ListScope {
  readonly units: readonly string[] | null;
  readonly records: readonly string[];
}

/**
 * Unit staff list their unit; HQ every unit; monitors and lawyers what their grants valid now
 * name; API tokens with `records:read` their unit (or all); administrators nothing.
 */
export async function listScope(deps: AppDeps, principal: Principal): Promise<ListScope> {
  if (principal.kind === 'token') {
    if (!principal.scopes.includes('records:read')) throw denial('record.read', 'token_scope');
    const own = principal.unitId === null ? null : [principal.unitId];
    const issuer = principal.issuer;
    if (issuer === undefined) return { units: own, records: [] };
    // Never more than its issuer lists (an administrator's token lists nothing).
    let theirs: ListScope;
    try {
      theirs = await listScope(deps, {
        kind: 'user',
        userId: issuer.userId,
        role: issuer.role,
        unitId: issuer.unitId,
        totpEnrolmentRequired: false,
        sessionId: '',
      });
    } catch {
      throw denial('record.read', 'token_ceiling');
    }
    const units =
      own === null
        ? theirs.units
        : theirs.units === null
          ? own
          : own.filter((u) => theirs.units?.includes(u));
    return { units, records: own === null ? theirs.records : [] };
  }
  if (principal.totpEnrolmentRequired) throw forbidden('totp_enrolment_required');
  switch (principal.role) {
    case 'admin':
      throw denial('record.read', 'role');
    case 'hq':
      return { units: null, records: [] };
    case 'monitor':
    case 'lawyer': {
      const grants = await grantsOf(deps, principal);
      return {
        units: grants.flatMap((g) => g.units),
        records: grants.flatMap((g) => (g.recordId === null ? [] : [g.recordId])),
      };
    }
    case 'detaining_officer':
    case 'duty_inspector':
    case 'custody_inspector':
    case 'investigator':
    case 'medical':
    case 'supervisor':
      return { units: principal.unitId === null ? [] : [principal.unitId], records: [] };
  }
}

type Query = z.output<typeof RecordListQuery>;

const ACTIVE = ['detained', 'in_custody'];
const CLOSED = ['released', 'transferred'];

function decodeCursor(cursor: string): { t0: string; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string') {
      return { t0: v[0], id: v[1] };
    }
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('Некоректний курсор. Invalid cursor.', [
    { path: 'query.cursor', message: 'invalid' },
  ]);
}

export const encodeCursor = (row: RecordSummariesTable): string =>
  Buffer.from(JSON.stringify([row.t0, row.record_id])).toString('base64url');

/** One page of summary rows, newest actual detention first, within the scope and filters. */
export async function listRows(
  database: Database,
  scope: ListScope,
  query: Query,
): Promise<{ rows: RecordSummariesTable[]; next: string | null }> {
  let q = projectionDb(database).selectFrom('record_summaries').selectAll();
  if (scope.units !== null) {
    const units = scope.units;
    const records = scope.records;
    if (units.length === 0 && records.length === 0) return { rows: [], next: null };
    q = q.where((eb) =>
      eb.or([
        ...(units.length > 0 ? [eb('unit_id', 'in', units)] : []),
        ...(records.length > 0 ? [eb('record_id', 'in', records)] : []),
      ]),
    );
  }
  if (query.unitId !== undefined) q = q.where('unit_id', '=', query.unitId);
  if (query.status === 'active') q = q.where('status', 'in', ACTIVE);
  else if (query.status === 'closed') q = q.where('status', 'in', CLOSED);
  else if (query.status !== undefined) q = q.where('status', '=', query.status);
  if (query.q !== undefined) {
    // Both sides folded alike (case, apostrophes, ґ/г): a plain LIKE, which the PostgreSQL
    // trigram index on search_key answers, and on SQLite the FTS5 trigram index from three
    // characters on, the t0 index's walk below that (projections.migrations.ts).
    const folded = foldForSearch(query.q).replace(/[%_\\]/g, '');
    const like = `%${folded}%`;
    q = q.where('search_key', 'like', like);
    if (database.dialect === 'sqlite' && Array.from(folded).length >= 3) {
      q = q.where(
        sql<boolean>`record_summaries.rowid IN (SELECT rowid FROM record_search WHERE search_key LIKE ${like})`,
      );
    }
  }
  if (query.from !== undefined) q = q.where('t0', '>=', query.from);
  if (query.to !== undefined) q = q.where('t0', '<', query.to);
  if (query.cursor !== undefined) {
    const c = decodeCursor(query.cursor);
    q = q.where((eb) =>
      eb.or([eb('t0', '<', c.t0), eb.and([eb('t0', '=', c.t0), eb('record_id', '<', c.id)])]),
    );
  }
  const rows = await q
    .orderBy('t0', 'desc')
    .orderBy('record_id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > query.limit && last ? encodeCursor(last) : null };
}
