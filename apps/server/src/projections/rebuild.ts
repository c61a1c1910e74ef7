import { evolve, type CustodyRecordState } from '@custody/domain';
import { sql, type CompiledQuery, type UpdateObject } from 'kysely';
import { accountsDb } from '../accounts/database.ts';
import { analyzeAll, type Database } from '../db/database.ts';
import { toCustodyEvent } from '../records/record-cache.ts';
import type { EventStore, LockedLog, StreamEvent } from '../store/index.ts';
import {
  projectionDb,
  type ProjectionSchema,
  type RecordSummariesTable,
} from './record-summaries.table.ts';
import { SUMMARY_TABLE, summaryRow } from './record-summary.projection.ts';

type SummaryRow = RecordSummariesTable & { last_log_index: number };

interface Folding {
  state: CustodyRecordState | undefined;
  version: number;
  lastLogIndex: number;
  openerId: string;
}

/** The cursor row: how far into the log the last rebuild read (-1: nothing). */
const CURSOR = 'record_summaries';
/** Present when the summaries must be rebuilt before the server answers (`rebuildIfStale`). */
const STALE = 'record_summaries:stale';
/** Rows per INSERT: 18 parameters each stays far below SQLite's and PostgreSQL's limits. */
const INSERT_ROWS = 500;
/**
 * Records folded and written per slice. A folded record is ~27 KiB of state (docs/benchmarks.md,
 * "Rebuilding the projections"); a slice's states and events are all a rebuild holds at once.
 */
export const REBUILD_SLICE = 250;
/** A custody record is a stream that opens with this entry. */
const OPENING = 'DetentionRecorded';

/** Folds the events of a slice's streams, which come stream after stream in stream order. */
function foldStreams(events: readonly StreamEvent[]): Map<string, Folding> {
  const records = new Map<string, Folding>();
  for (const e of events) {
    let f = records.get(e.streamId);
    if (f === undefined) {
      f = { state: undefined, version: 0, lastLogIndex: -1, openerId: e.actor.id };
      records.set(e.streamId, f);
    }
    const event = toCustodyEvent(e);
    if (event !== null) f.state = evolve(f.state, event);
    f.version = e.streamVersion;
    f.lastLogIndex = e.logIndex;
  }
  return records;
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

/** Summary rows written by a rebuild: those of one slice of record ids. */
export interface SliceRange {
  /** The slice's records come after this id ('' for the first slice). */
  readonly after: string;
  /** ...up to this one inclusive; undefined for the last slice, which runs to the end. */
  readonly through: string | undefined;
}

/**
 * Writes one slice's summaries in the caller's transaction: every row of `rows` replaces the
 * stored one whatever its version (the slice was read with the log locked, so no append is
 * newer), and a summary within the range whose record the rebuild did not find is deleted.
 */
export async function replaceSlice(
  database: Database,
  log: Pick<LockedLog, 'executeQuery'>,
  range: SliceRange,
  rows: readonly SummaryRow[],
  batch = INSERT_ROWS,
): Promise<void> {
  const db = projectionDb(database);
  let gone = db.deleteFrom('record_summaries').where('record_id', '>', range.after);
  if (range.through !== undefined) gone = gone.where('record_id', '<=', range.through);
  if (rows.length > 0)
    gone = gone.where(
      'record_id',
      'not in',
      rows.map((r) => r.record_id),
    );
  await log.executeQuery(gone.compile());
  // Every column but the key from the row written: a rebuild's row is the log's word.
  const update = Object.fromEntries(
    SUMMARY_TABLE.columns.slice(1).map((c) => [c, sql.ref(`excluded.${c}`)]),
  ) as UpdateObject<ProjectionSchema, 'record_summaries'>;
  for (let at = 0; at < rows.length; at += batch) {
    const values = rows.slice(at, at + batch).map((r) => {
      const row: Record<string, unknown> = {};
      for (const c of SUMMARY_TABLE.columns) row[c] = r[c as keyof SummaryRow];
      return row as SummaryRow;
    });
    await log.executeQuery(
      db
        .insertInto('record_summaries')
        .values(values)
        .onConflict((oc) => oc.column('record_id').doUpdateSet(update))
        .compile(),
    );
  }
}

/**
 * Folds one slice of records and writes their summaries; returns the records written. The
 * slice's streams are read and folded without a lock; then, holding the log's write lock, the
 * streams of the range are listed again and any that gained an entry meanwhile (or opened) is
 * read and folded again whole, so a summary is never older than the log, nor one that an append
 * wrote meanwhile rewound; the summaries of the range are replaced in that transaction.
 */
async function rebuildSlice(
  deps: { database: Database; store: EventStore },
  ids: readonly string[],
  range: SliceRange,
): Promise<number> {
  const read = await deps.store.readEventsOf(ids);
  const seen = read.reduce((m, e) => Math.max(m, e.logIndex), -1);
  const records = foldStreams(read);
  return deps.store.withLogLocked(async (log) => {
    const now = await log.streamsOpenedBy(OPENING, range);
    const moved = new Set((await log.readEventsOf(ids, seen + 1)).map((e) => e.streamId));
    const again = now.filter((id) => moved.has(id) || !records.has(id));
    for (const [id, f] of foldStreams(await log.readEventsOf(again))) records.set(id, f);
    const rows = await summaryRows(deps.database, log, records);
    await replaceSlice(deps.database, log, range, rows);
    return rows.length;
  });
}

/**
 * Recomputes the read models from the log (architecture: projections are rebuildable) and
 * replaces them, a slice of records at a time (`REBUILD_SLICE`), so that what it holds does not
 * grow with the log. It first marks the summaries stale: until its last slice is written and
 * the mark removed, a crash leaves them marked, and the server rebuilds them before it next
 * answers (`rebuildIfStale`); running it again does the same. Each slice is written whole in one
 * transaction holding the log's lock (`rebuildSlice`), so every summary is at all times one that
 * an append or a rebuild wrote from the log. A custody record is a stream that opens with
 * DetentionRecorded; its unit is where it was delivered, else the unit its opening entry names
 * (`legacyUnits` for records older than that). Returns the records projected.
 */
export async function rebuildProjections(
  deps: { database: Database; store: EventStore },
  slice = REBUILD_SLICE,
): Promise<number> {
  await markStale(deps.database);
  // The slices read the log by stream: planned without statistics (a bulk load, a restore by
  // hand, autovacuum off) each read was a parallel scan, and the rebuild of a 10^6-entry year took
  // 120 s instead of 20 (docs/benchmarks.md, "A national year").
  await analyzeAll(deps.database);
  let projected = 0;
  for (let after = ''; ;) {
    const ids = await deps.store.streamsOpenedBy(OPENING, { after, limit: slice });
    const last = ids.length < slice ? undefined : ids[ids.length - 1];
    projected += await rebuildSlice(deps, ids, { after, through: last });
    if (last === undefined) break;
    after = last;
  }
  await deps.store.withLogLocked(async (log) => {
    const db = projectionDb(deps.database);
    const cursor = (await log.size()) - 1;
    await log.executeQuery(db.deleteFrom('projection_cursor').compile());
    await log.executeQuery(
      db.insertInto('projection_cursor').values({ name: CURSOR, log_index: cursor }).compile(),
    );
  });
  // PostgreSQL plans from the tables' statistics, which a rebuild leaves as they were: none
  // after a bulk load or a first rebuild until autovacuum comes (never, where it is off). With
  // none the name search read the whole summary table, and every stream read of the log was
  // planned as a parallel scan for thousands of rows, starting two workers for each record
  // (docs/benchmarks.md, "A national year"). ANALYZE samples each table (30,000 rows by default),
  // so it takes seconds at any size.
  await analyzeAll(deps.database);
  return projected;
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
