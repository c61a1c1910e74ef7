import {
  foldFacts,
  type ClockSettingsInput,
  type CustodyEvent,
  type CustodyRecordState,
} from '@custody/domain';
import { CompiledQuery, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { deviceStamps } from '../devices/device-stamps.ts';
import { devicesDb } from '../devices/devices.tables.ts';
import { unitClockSettings } from '../policy/unit-policy.ts';
import { foldStored, toCustodyEvent } from '../records/record-cache.ts';
import type { CustodySettings } from '../records/custody-settings.ts';
import { finalSummaryClock, type FinalSummaryClock } from '../records/record-view.ts';
import type { EventStore, ReadModelRow, ReadModelTable } from '../store/index.ts';
import { placeholders, upsertClause, type SqlValue } from '../store/statements.ts';
import { recordFindings, type RecordFindings, type ReportLimits } from './record-findings.ts';
import { recordStream } from '../streams.ts';

/** Registration "at once" after delivery (КПК ст. 210), made concrete (*default*). */
export const LATE_REGISTRATION_MINUTES = 30;

/** The limits a compliance report measures against, from the custody settings. */
export function reportLimits(settings: CustodySettings): ReportLimits {
  return {
    clock: settings.clock,
    lateEntryMinutes: settings.decide.lateEntryMinutes,
    lateRegistrationMinutes: LATE_REGISTRATION_MINUTES,
    deliveryDelayMinutes: settings.clock.deliveryExplanationMinutes,
  };
}

/** The limits of a unit's records: the installation's, with the unit's clock (its policy). */
export function unitReportLimits(
  settings: CustodySettings,
  clock: ClockSettingsInput,
): ReportLimits {
  return { ...reportLimits(settings), clock };
}

/** The limits as stored beside findings: a finding is read back only under the same limits. */
export const limitsKey = (limits: ReportLimits): string => JSON.stringify(limits);

/**
 * `record_findings`: what a closed record contributes to the compliance report (domain.md §7),
 * and its clock as the record list shows it (`clock`, records/record-view.ts
 * `FinalSummaryClock`), computed when its custody ended and again with every later entry, written
 * by the event store in the transaction of the entries (as `record_summaries`), with the stream
 * version it reflects.
 */
export const FINDINGS_TABLE: ReadModelTable = {
  name: 'record_findings',
  columns: [
    'record_id',
    'unit_id',
    'limits',
    'device_entries',
    'findings',
    'clock',
    'version',
    'last_log_index',
  ],
  pgTypes: ['text', 'text', 'text', 'int4', 'text', 'text', 'int4', 'int8'],
  versionColumn: 'version',
  logIndexColumn: 'last_log_index',
};

/**
 * Whether a record's findings are final: its custody ended (the legal clock stops there, so
 * they no longer depend on when the report is made), and it was registered or never delivered
 * (a delivered record never registered counts its registration lag up to the report's now).
 */
export function findingsFinal(state: CustodyRecordState): boolean {
  const ended = state.status === 'released' || state.status === 'transferred';
  return ended && (state.registeredAt !== undefined || state.deliveredAt === undefined);
}

/** What is stored of a closed record: its findings, its tablet entries and its list clock. */
export interface FinalRecord {
  readonly findings: RecordFindings;
  readonly deviceEntries: number;
  readonly clock: FinalSummaryClock | null;
}

/**
 * The findings of a record whose findings are final ({@link findingsFinal}), as the report would
 * fold them from `events` (the record's entries with a payload, in stream order), with the
 * record's tablet entries as the device sync judged them, and the clock the record list shows
 * of it under the same limits (`finalSummaryClock`); null when they are not final.
 */
export async function finalFindings(
  database: Database,
  recordId: string,
  events: readonly CustodyEvent[],
  state: CustodyRecordState,
  limits: ReportLimits,
  now: string,
): Promise<FinalRecord | null> {
  if (!findingsFinal(state)) return null;
  const marks = await deviceStamps(database, recordId);
  const deviceLate = new Map(
    [...marks].map(([id, m]) => [id, { late: m.late, correctedTime: m.stamp.correctedTime }]),
  );
  const endedAt =
    state.status === 'released' || state.status === 'transferred' ? state.endedAt : now;
  const at = Date.parse(endedAt) > Date.parse(now) ? endedAt : now;
  const findings = recordFindings(recordId, events, limits, at, deviceLate);
  if (findings === null) return null;
  return {
    findings,
    deviceEntries: await deviceEntryCount(database, recordId),
    clock: finalSummaryClock(foldFacts(events), limits.clock, Date.parse(now)),
  };
}

/** The accepted tablet entries of a record: a stored finding saw exactly these. */
async function deviceEntryCount(database: Database, recordId: string): Promise<number> {
  const row = await devicesDb(database)
    .selectFrom('device_entries')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('record_id', '=', recordId)
    .where('status', '=', 'accepted')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The `record_findings` row of an append (`EventStore.append`'s `readModels`). */
export function findingsWrite(
  unitId: string,
  limits: ReportLimits,
  stored: FinalRecord,
): ReadModelRow {
  return {
    table: FINDINGS_TABLE,
    values: {
      record_id: stored.findings.recordId,
      unit_id: unitId,
      limits: limitsKey(limits),
      device_entries: stored.deviceEntries,
      findings: JSON.stringify(stored.findings),
      clock: stored.clock === null ? null : JSON.stringify(stored.clock),
    },
  };
}

/** A closed record's stored list clock, with the version and limits it was computed at. */
export interface StoredClock {
  readonly version: number;
  readonly limits: string;
  readonly clock: FinalSummaryClock;
}

/**
 * The stored list clocks of `recordIds` (those that have one): one lookup by key. The caller
 * uses one only at the record's current version, under its unit's limits now, from its `at` on.
 */
export async function storedClocks(
  database: Database,
  recordIds: readonly string[],
): Promise<Map<string, StoredClock>> {
  if (recordIds.length === 0) return new Map();
  const { rows } = await sql<{
    record_id: string;
    version: number;
    limits: string;
    clock: string;
  }>`SELECT record_id, version, limits, clock FROM record_findings
    WHERE record_id IN (${sql.join([...recordIds])}) AND clock IS NOT NULL`.execute(database.db);
  return new Map(
    rows.map((r) => [
      r.record_id,
      {
        version: r.version,
        limits: r.limits,
        clock: JSON.parse(r.clock) as FinalSummaryClock,
      },
    ]),
  );
}

/** Closed records read per page by {@link storeFinalFindings}. */
const PAGE = 500;

/**
 * Stores the findings (and list clock) of every record whose findings are final and not stored
 * at its current version, under its unit's limits now and with its tablet entries, clock
 * included: after `rebuild-projections` (the log's appends store them as custody ends; a rebuilt
 * or migrated database has none yet, or rows without a clock), after a unit's policy changed,
 * and after a tablet entry of a closed record (its device row is written after the record's
 * append, which stored findings without it). Each record
 * is read from the log and folded as the report would; a row is replaced only by one of the same
 * or a higher version, so an append that stores newer findings meanwhile is never undone.
 * Returns the rows written.
 */
export async function storeFinalFindings(deps: {
  database: Database;
  store: EventStore;
  settings: CustodySettings;
  now: string;
  /** Only this unit's records (after its policy changed); every unit's when absent. */
  unitId?: string;
}): Promise<number> {
  const keys = new Map<string, ReportLimits>();
  const limitsOfUnit = async (unitId: string): Promise<ReportLimits> => {
    let limits = keys.get(unitId);
    if (limits === undefined) {
      limits = unitReportLimits(deps.settings, await unitClockSettings(deps, unitId));
      keys.set(unitId, limits);
    }
    return limits;
  };
  let written = 0;
  for (let after = ''; ;) {
    const { rows } = await sql<{
      record_id: string;
      unit_id: string;
      version: number;
      limits: string | null;
      fversion: number | null;
      clocked: number | null;
      funit: string | null;
      unstored: number | string;
    }>`SELECT s.record_id, s.unit_id, s.version, f.limits, f.version AS fversion,
        CASE WHEN f.clock IS NULL THEN 0 ELSE 1 END AS clocked, f.unit_id AS funit,
        CASE WHEN u.record_id IS NULL THEN 0 ELSE 1 END AS unstored
      FROM record_summaries s LEFT JOIN record_findings f ON f.record_id = s.record_id
        LEFT JOIN report_unstored u ON u.record_id = s.record_id
      WHERE s.record_id > ${after} AND s.status IN ('released', 'transferred')
        ${deps.unitId === undefined ? sql`` : sql`AND s.unit_id = ${deps.unitId}`}
      ORDER BY s.record_id LIMIT ${PAGE}`.execute(deps.database.db);
    const last = rows.at(-1);
    if (last === undefined) return written;
    after = last.record_id;
    const values: SqlValue[][] = [];
    for (const row of rows) {
      const limits = await limitsOfUnit(row.unit_id);
      // Stale: another version, unit or count of tablet entries (report_unstored), other limits.
      const current =
        Number(row.unstored) === 0 &&
        row.fversion === row.version &&
        row.limits === limitsKey(limits) &&
        row.funit === row.unit_id;
      if (current && Number(row.clocked) === 1) continue;
      const stored = await deps.store.readEvents(recordStream(row.record_id));
      const events = stored.map(toCustodyEvent).filter((e): e is CustodyEvent => e !== null);
      const state = foldStored(stored);
      const end = stored.at(-1);
      if (state === undefined || end === undefined) continue;
      const final = await finalFindings(
        deps.database,
        row.record_id,
        events,
        state,
        limits,
        deps.now,
      );
      if (final === null) continue;
      const v = findingsWrite(row.unit_id, limits, final).values;
      values.push([
        ...FINDINGS_TABLE.columns.slice(0, -2).map((c) => v[c] ?? null),
        end.streamVersion,
        end.logIndex,
      ]);
    }
    if (values.length === 0) continue;
    // One statement (one commit) per page, with the log's write lock held: an append holds it
    // from its start to its commit and writes its records' rows in the order its requests came
    // (a group commit's are not sorted), so this page, written in record order, would lock the
    // same rows (and their report_counts) in another order: a deadlock on PostgreSQL
    // (stored-findings.int.test.ts). With the lock the two take turns.
    const width = FINDINGS_TABLE.columns.length;
    const marks = placeholders(deps.database.dialect, values.length * width);
    const tuples = values.map((_, i) => `(${marks.slice(i * width, (i + 1) * width).join(', ')})`);
    const write = CompiledQuery.raw(
      `INSERT INTO record_findings (${FINDINGS_TABLE.columns.join(', ')})
        VALUES ${tuples.join(', ')} ${upsertClause(FINDINGS_TABLE, '<=')}`,
      values.flat(),
    );
    await deps.store.withLogLocked((log) => log.executeQuery(write));
    written += values.length;
  }
}

/** Per database, the last background run of {@link storeFinalFindings}: runs one at a time. */
const background = new WeakMap<Database, Promise<void>>();

/**
 * {@link storeFinalFindings} of one unit's records in the background, after the runs already
 * queued for the database: after a change of the unit's policy, whose closed records' rows were
 * stored under its former limits (the other units' rows are not read: a national year's are
 * ~1.9·10^5). Until it has stored them again the report and the counts fold those records
 * (correct, but O(records of the unit) per request); from then on they read them again. A
 * failure (the server stopping meanwhile) goes to `failed`; the rows then wait for the next
 * change or `custody rebuild-projections`.
 */
export function storeFinalFindingsLater(
  deps: {
    database: Database;
    store: EventStore;
    settings: CustodySettings;
    clock: () => Date;
  },
  unitId: string,
  failed: (error: unknown) => void,
): Promise<void> {
  const previous = background.get(deps.database) ?? Promise.resolve();
  const next = previous.then(async () => {
    await storeFinalFindings({
      database: deps.database,
      store: deps.store,
      settings: deps.settings,
      now: deps.clock().toISOString(),
      unitId,
    }).catch(failed);
  });
  background.set(deps.database, next);
  return next;
}

/** Resolves when the background runs queued so far for the database have ended. */
export function finalFindingsStored(database: Database): Promise<void> {
  return background.get(database) ?? Promise.resolve();
}
