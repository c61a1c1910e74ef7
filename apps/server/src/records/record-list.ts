import type { RecordListQuery } from '@custody/contracts';
import { sql, type ExpressionOrFactory, type RawBuilder, type SqlBool } from 'kysely';
import type { z } from 'zod';
import { denial } from '../authz/guard.ts';
import type { Principal } from '../authz/principal.ts';
import type { Database } from '../db/database.ts';
import { badRequest, forbidden } from '../http/problem.ts';
import type { AppDeps } from '../http/types.ts';
import {
  projectionDb,
  type ProjectionSchema,
  type RecordSummariesTable,
} from '../projections/record-summaries.table.ts';
import {
  custodyNumberStart,
  foldForSearch,
  numberKeySql,
  PREFIX_END,
} from '../projections/search-key.ts';
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

/**
 * Matches of a name query that SQLite's trigram index hands on to be sorted by t0 at most; past
 * them the list walks the t0 index instead (docs/benchmarks.md, "The search by custody number
 * and by a bounded walk").
 */
export const TRIGRAM_CANDIDATES = 1_000;

/**
 * Rows of the t0 index such a walk reads newest first, matching each one's key there, before it
 * gives up and sorts the trigram index's matches after all: a query that more than
 * TRIGRAM_CANDIDATES summaries match fills its page within (limit + 1) · summaries / matches
 * rows (a surname shared by 1 record in 6 in ~300) unless its matches are all old ones.
 */
export const SEARCH_WALK = 20_000;

/** Numbers beginning with a query that SQLite sorts by t0 at most; past them it walks instead. */
export const NUMBER_CANDIDATES = 500;

type Where = ExpressionOrFactory<ProjectionSchema, 'record_summaries', SqlBool>;

/** One page of summary rows, newest actual detention first, within the scope and filters. */
export async function listRows(
  database: Database,
  scope: ListScope,
  query: Query,
): Promise<{ rows: RecordSummariesTable[]; next: string | null }> {
  const db = projectionDb(database);
  const filters: Where[] = [];
  if (scope.units !== null) {
    const units = scope.units;
    const records = scope.records;
    if (units.length === 0 && records.length === 0) return { rows: [], next: null };
    filters.push((eb) =>
      eb.or([
        ...(units.length > 0 ? [eb('unit_id', 'in', units)] : []),
        ...(records.length > 0 ? [eb('record_id', 'in', records)] : []),
      ]),
    );
  }
  const { unitId, status, from, to } = query;
  if (unitId !== undefined) filters.push((eb) => eb('unit_id', '=', unitId));
  if (status === 'active') filters.push((eb) => eb('status', 'in', ACTIVE));
  else if (status === 'closed') filters.push((eb) => eb('status', 'in', CLOSED));
  else if (status !== undefined) filters.push((eb) => eb('status', '=', status));
  // What the t0 index alone answers (the walk below reads nothing else before a match).
  const range: Where[] = [];
  if (from !== undefined) range.push((eb) => eb('t0', '>=', from));
  if (to !== undefined) range.push((eb) => eb('t0', '<', to));
  if (query.cursor !== undefined) {
    const c = decodeCursor(query.cursor);
    range.push((eb) =>
      eb.or([eb('t0', '<', c.t0), eb.and([eb('t0', '=', c.t0), eb('record_id', '<', c.id)])]),
    );
  }
  const pageOf = (rows: RecordSummariesTable[]) => {
    const shown = rows.slice(0, query.limit);
    const last = shown[shown.length - 1];
    return { rows: shown, next: rows.length > query.limit && last ? encodeCursor(last) : null };
  };
  const page = async (...where: Where[]) => {
    let q = db.selectFrom('record_summaries').selectAll();
    for (const w of [...filters, ...range, ...where]) q = q.where(w);
    return pageOf(
      await q
        .orderBy('t0', 'desc')
        .orderBy('record_id', 'desc')
        .limit(query.limit + 1)
        .execute(),
    );
  };
  if (query.q === undefined) return page();

  // Both sides folded alike (case, apostrophes, ґ/г). A query shaped like a custody number's
  // beginning finds the numbers that start with it: the b-tree on the folded number (migration
  // 0391). Any other finds the keys that hold it: a plain LIKE, which the PostgreSQL trigram
  // index on search_key answers; on SQLite the FTS5 trigram index from three characters on
  // where it holds few matches, else the bounded walk of the t0 index below, and past it the
  // FTS5 index or, under three characters, the t0 index whole (projections.migrations.ts).
  const folded = foldForSearch(query.q).replace(/[%_\\]/g, '');
  const start = custodyNumberStart(folded);
  const key = sql.raw(numberKeySql[database.dialect]);
  const like = `%${folded}%`;
  const matches: Where =
    start === null
      ? sql<SqlBool>`search_key LIKE ${like}`
      : sql<SqlBool>`${key} >= ${start} AND ${key} < ${start + PREFIX_END}`;
  const trigrams = start === null && Array.from(folded).length >= 3;

  // The rows an index names, when they are at most `most`: read once (their `key`: SQLite's
  // rowid, PostgreSQL's record_id), then the page by key.
  const fewest = async (keys: RawBuilder<unknown>, most: number) => {
    const { rows } = await sql<{ key: number | string }>`${keys} LIMIT ${most + 1}`.execute(
      database.db,
    );
    if (rows.length > most) return null;
    if (database.dialect === 'postgres') {
      const ids = rows.map((r) => String(r.key));
      return ids.length === 0 ? pageOf([]) : page(matches, (eb) => eb('record_id', 'in', ids));
    }
    const list = JSON.stringify(rows.map((r) => r.key));
    return page(
      matches,
      sql<SqlBool>`record_summaries.rowid IN (SELECT value FROM json_each(${list}))`,
    );
  };
  if (database.dialect === 'postgres') {
    // The b-tree on the folded number, or the t0 index whole under three letters, answer alone.
    if (!trigrams) return page(matches);
    // PostgreSQL estimates a LIKE '%…%' at 1 % of the summaries and, without a unit filter (HQ,
    // the monitors), walked the t0 index backwards to fill a page: for a full name held by fewer
    // than a page of records, through every summary (0.45-1.0 s at 10^7: docs/benchmarks.md,
    // "PostgreSQL at 10^7"). As on SQLite: the trigram index's matches first, when they are at
    // most TRIGRAM_CANDIDATES; past them the walk fills a page soon. MATERIALIZED keeps the
    // page's LIMIT and order out of the candidates' plan.
    const byTrigrams = sql`WITH candidates AS MATERIALIZED (
        SELECT record_id FROM record_summaries WHERE search_key LIKE ${like})
      SELECT record_id AS key FROM candidates`;
    return (await fewest(byTrigrams, TRIGRAM_CANDIDATES)) ?? page(matches);
  }

  const byNumber = sql`SELECT rowid AS key FROM record_summaries
    INDEXED BY record_summaries_number WHERE ${matches}`;
  const byTrigrams = sql`SELECT rowid AS key FROM record_search WHERE search_key LIKE ${like}`;
  const few = await (start !== null
    ? fewest(byNumber, NUMBER_CANDIDATES)
    : trigrams
      ? fewest(byTrigrams, TRIGRAM_CANDIDATES)
      : null);
  if (few !== null) return few;
  // Many match: the newest SEARCH_WALK rows of the range from the t0 index, which carries
  // search_key, matched as they come; the page's rows are read by rowid and the walk stops once
  // it is full. GLOB costs a third of LIKE per key and is exact, which folded keys need.
  let newest = db
    .selectFrom('record_summaries')
    .select([sql<number>`rowid`.as('rid'), 't0 as walk_t0', 'record_id as walk_id', 'search_key']);
  for (const w of range) newest = newest.where(w);
  newest = newest.orderBy('t0', 'desc').orderBy('record_id', 'desc').limit(SEARCH_WALK);
  const glob = `*${folded.replace(/[*?[]/g, '[$&]')}*`;
  const matched = db
    .selectFrom(newest.as('newest'))
    .select(['rid', 'walk_t0', 'walk_id'])
    .where(start === null ? sql<SqlBool>`search_key GLOB ${glob}` : matches);
  let walk = db
    .selectFrom(matched.as('walk'))
    .crossJoin('record_summaries')
    .selectAll('record_summaries')
    .where(sql<SqlBool>`record_summaries.rowid = walk.rid`);
  for (const w of filters) walk = walk.where(w);
  const walked = await walk
    .orderBy('walk.walk_t0', 'desc')
    .orderBy('walk.walk_id', 'desc')
    .limit(query.limit + 1)
    .execute();
  if (walked.length > query.limit) return pageOf(walked);
  const { rows: seen } = await sql<{ n: number }>`SELECT count(*) AS n FROM (${newest})`.execute(
    database.db,
  );
  if ((seen[0]?.n ?? 0) < SEARCH_WALK) return pageOf(walked);
  if (start === null && !trigrams) return page(matches);
  return page(
    matches,
    sql<SqlBool>`record_summaries.rowid IN (${start !== null ? byNumber : byTrigrams})`,
  );
}
