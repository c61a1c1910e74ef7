import { evolve, type CustodyRecordState } from '@custody/domain';
import type { CompiledQuery } from 'kysely';
import { accountsDb } from '../accounts/database.ts';
import type { Database } from '../db/database.ts';
import { toCustodyEvent } from '../records/record-cache.ts';
import type { EventStore, LockedLog, StoredEvent } from '../store/index.ts';
import { projectionDb, type RecordSummariesTable } from './record-summaries.table.ts';
import { SUMMARY_TABLE, summaryRow } from './record-summary.projection.ts';

type SummaryRow = RecordSummariesTable & { last_log_index: number };

interface Folding {
  state: CustodyRecordState | undefined;
  version: number;
  lastLogIndex: number;
  openerId: string;
}

const PAGE = 1000;
/** The cursor row: how far into the log the last rebuild read (-1: nothing). */
const CURSOR = 'record_summaries';
/** Present when the summaries must be rebuilt before the server answers (`rebuildIfStale`). */
const STALE = 'record_summaries:stale';
/** Rows per INSERT: 18 parameters each stays far below SQLite's and PostgreSQL's limits. */
const INSERT_ROWS = 500;

/** Folds custody record streams from the log, page by page; returns the next log index. */
async function foldLog(
  records: Map<string, Folding>,
  read: (from: number, limit: number) => Promise<StoredEvent[]>,
  from: number,
): Promise<number> {
  for (let at = from; ;) {
    const page = await read(at, PAGE);
    for (const e of page) {
      const folding = records.get(e.streamId);
      if (folding === undefined && !(e.type === 'DetentionRecorded' && e.streamVersion === 1)) {
        continue;
      }
      const f = folding ?? { state: undefined, version: 0, lastLogIndex: -1, openerId: e.actor.id };
      const event = toCustodyEvent(e);
      if (event !== null) f.state = evolve(f.state, event);
      f.version = e.streamVersion;
      f.lastLogIndex = e.logIndex;
      records.set(e.streamId, f);
    }
    const last = page[page.length - 1];
    if (last === undefined) return at;
    at = last.logIndex + 1;
    if (page.length < PAGE) return at;
  }
}

async function rowsOf<T>(log: LockedLog, query: CompiledQuery<T>): Promise<T[]> {
  return (await log.executeQuery(query)).rows;
}

/**
 * The unit of records whose log does not name one: opened before the opening entry carried the
 * opener's unit, and not delivered. Their summary kept the unit of the officer who opened them;
 * a record without a summary takes the unit of that officer's account now.
 */
async function legacyUnits(
  database: Database,
  log: LockedLog,
  legacy: readonly Folding[],
): Promise<Map<Folding, string>> {
  const out = new Map<Folding, string>();
  for (let at = 0; at < legacy.length; at += INSERT_ROWS) {
    const chunk = legacy.slice(at, at + INSERT_ROWS);
    const ids = chunk.flatMap((f) => (f.state ? [f.state.recordId] : []));
    const kept = new Map(
      (
        await rowsOf(
          log,
          projectionDb(database)
            .selectFrom('record_summaries')
            .select(['record_id', 'unit_id'])
            .where('record_id', 'in', ids)
            .compile(),
        )
      ).map((r) => [r.record_id, r.unit_id]),
    );
    const openers = new Map(
      (
        await rowsOf(
          log,
          accountsDb(database)
            .selectFrom('users')
            .select(['id', 'unit_id'])
            .where('id', 'in', [...new Set(chunk.map((f) => f.openerId))])
            .compile(),
        )
      ).map((r) => [r.id, r.unit_id]),
    );
    for (const f of chunk) {
      const unit = kept.get(f.state?.recordId ?? '') ?? openers.get(f.openerId) ?? '';
      out.set(f, unit);
    }
  }
  return out;
}

async function summaryRows(
  database: Database,
  log: LockedLog,
  records: ReadonlyMap<string, Folding>,
): Promise<SummaryRow[]> {
  const folded = [...records.values()].filter((f) => f.state !== undefined);
  const legacy = folded.filter((f) => f.state?.unitId === undefined && !f.state?.openingUnitId);
  const fallback = await legacyUnits(database, log, legacy);
  return folded.flatMap((f) =>
    f.state === undefined
      ? []
      : [summaryRow(f.state, fallback.get(f) ?? '', f.version, f.lastLogIndex)],
  );
}

/**
 * Replaces every summary, the cursor and the stale mark in the locked transaction: readers never
 * see an empty or half-built projection, and no append commits in between.
 */
export async function replaceSummaries(
  database: Database,
  log: Pick<LockedLog, 'executeQuery'>,
  rows: readonly SummaryRow[],
  cursor: number,
  batch = INSERT_ROWS,
): Promise<void> {
  const db = projectionDb(database);
  await log.executeQuery(db.deleteFrom('record_summaries').compile());
  await log.executeQuery(db.deleteFrom('projection_cursor').compile());
  for (let at = 0; at < rows.length; at += batch) {
    const values = rows.slice(at, at + batch).map((r) => {
      const row: Record<string, unknown> = {};
      for (const c of SUMMARY_TABLE.columns) row[c] = r[c as keyof SummaryRow];
      return row as SummaryRow;
    });
    await log.executeQuery(db.insertInto('record_summaries').values(values).compile());
  }
  await log.executeQuery(
    db.insertInto('projection_cursor').values({ name: CURSOR, log_index: cursor }).compile(),
  );
}

/**
 * Recomputes the read models from the log (architecture: projections are rebuildable) and
 * replaces them. The log is folded without a lock, then, holding the log's write lock, what was
 * appended meanwhile is folded too and every summary replaced in that one transaction, so a
 * rebuild never drops or rewinds a summary that an append wrote while it ran. A custody record
 * is a stream that opens with DetentionRecorded; its unit is where it was delivered, else the
 * unit its opening entry names (`legacyUnits` for records older than that). Returns the records
 * projected.
 */
export async function rebuildProjections(deps: {
  database: Database;
  store: EventStore;
}): Promise<number> {
  const records = new Map<string, Folding>();
  const unlocked = await foldLog(records, (from, limit) => deps.store.readLog(from, limit), 0);
  return deps.store.withLogLocked(async (log) => {
    const next = await foldLog(records, (from, limit) => log.readLog(from, limit), unlocked);
    const rows = await summaryRows(deps.database, log, records);
    await replaceSummaries(deps.database, log, rows, next - 1);
    return rows.length;
  });
}

/** How far into the log the last rebuild read; -1 when none did (appends write their own rows). */
export async function projectionCursor(database: Database): Promise<number> {
  const row = await projectionDb(database)
    .selectFrom('projection_cursor')
    .select('log_index')
    .where('name', '=', CURSOR)
    .executeTakeFirst();
  return row === undefined ? -1 : Number(row.log_index);
}

/**
 * Marks the summaries for a rebuild before the server next answers: set by the migration that
 * moved them into the write transaction (summaries of older versions may lag the log), and by
 * anything that appends without writing them (the demo seed) until its own rebuild.
 */
export async function markStale(database: Database): Promise<void> {
  await projectionDb(database)
    .insertInto('projection_cursor')
    .values({ name: STALE, log_index: 0 })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

/**
 * At start-up, before the server listens (so before /readyz answers): rebuilds the summaries if
 * they are marked stale. Returns the records projected, or null when nothing was to be done.
 */
export async function rebuildIfStale(deps: {
  database: Database;
  store: EventStore;
}): Promise<number | null> {
  const stale = await projectionDb(deps.database)
    .selectFrom('projection_cursor')
    .select('name')
    .where('name', '=', STALE)
    .executeTakeFirst();
  return stale === undefined ? null : rebuildProjections(deps);
}
