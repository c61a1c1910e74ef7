import type { CustodyRecordState, Location } from '@custody/domain';

import type { Database } from '../db/database.ts';
import { projectionDb, type RecordSummariesTable } from './record-summaries.table.ts';

/** What a list or a whiteboard shows for the person (domain.md §3.1: identified or described). */
export function personDisplayName(state: CustodyRecordState): string {
  const p = state.person;
  if (p.kind === 'identified') return p.fullName;
  const description = p.description.length > 80 ? `${p.description.slice(0, 79)}…` : p.description;
  return `Невстановлена особа / Unidentified person: ${description}`;
}

/** A location as one line: its description, else the cell, room or zone id. */
export function locationLine(location: Location | undefined): string | null {
  if (location === undefined) return null;
  return location.description ?? location.cellId ?? location.roomId ?? location.zoneId ?? null;
}

function endedAt(state: CustodyRecordState): string | null {
  return state.status === 'released' || state.status === 'transferred' ? state.endedAt : null;
}

/**
 * The summary row of one record from its folded state. The unit is where it was delivered, else
 * the unit of the officer who opened it (known to the caller, not to the log).
 */
export function summaryRow(
  state: CustodyRecordState,
  openerUnitId: string,
  version: number,
  lastLogIndex: number,
): RecordSummariesTable & { last_log_index: number } {
  return {
    record_id: state.recordId,
    unit_id: state.unitId ?? openerUnitId,
    status: state.status,
    person_name: personDisplayName(state),
    juvenile: state.juvenile ? 1 : 0,
    foreigner: state.foreigner ? 1 : 0,
    custody_number: state.custodyNumber ?? null,
    profile: state.profile,
    t0: state.t0,
    delivered_at: state.deliveredAt ?? null,
    ended_at: endedAt(state),
    location: locationLine(state.location),
    observation_level: state.observationLevel ?? null,
    consent_lawyer: state.healthDataConsent.lawyer ? 1 : 0,
    consent_monitor: state.healthDataConsent.monitor ? 1 : 0,
    involved_ids: JSON.stringify(state.involvedInvestigatorIds),
    version,
    last_log_index: lastLogIndex,
  };
}

const CURSOR = 'record_summaries';

/** Every column of a summary but its key, as a rebuild overwrites them. */
const SUMMARY_COLUMNS = [
  'unit_id',
  'status',
  'person_name',
  'juvenile',
  'foreigner',
  'custody_number',
  'profile',
  't0',
  'delivered_at',
  'ended_at',
  'location',
  'observation_level',
  'consent_lawyer',
  'consent_monitor',
  'involved_ids',
  'version',
  'last_log_index',
] as const satisfies readonly Exclude<keyof RecordSummariesTable, 'record_id'>[];

/**
 * Writes a summary unless a newer version is already there (two appends to one record may finish
 * their projection updates out of order), and advances the projection cursor.
 */
export async function upsertSummary(
  database: Database,
  row: RecordSummariesTable & { last_log_index: number },
): Promise<void> {
  const db = projectionDb(database);
  const { record_id: _id, ...rest } = row;
  await db
    .insertInto('record_summaries')
    .values(row)
    .onConflict((oc) =>
      oc.column('record_id').doUpdateSet(rest).where('record_summaries.version', '<', row.version),
    )
    .execute();
  await db
    .insertInto('projection_cursor')
    .values({ name: CURSOR, log_index: row.last_log_index })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ log_index: row.last_log_index })
        .where('projection_cursor.log_index', '<', row.last_log_index),
    )
    .execute();
}

export async function findSummary(
  database: Database,
  recordId: string,
): Promise<RecordSummariesTable | undefined> {
  return projectionDb(database)
    .selectFrom('record_summaries')
    .selectAll()
    .where('record_id', '=', recordId)
    .executeTakeFirst();
}

/** The highest log index the summaries reflect; -1 when nothing is projected. */
export async function projectionCursor(database: Database): Promise<number> {
  const row = await projectionDb(database)
    .selectFrom('projection_cursor')
    .select('log_index')
    .where('name', '=', CURSOR)
    .executeTakeFirst();
  return row === undefined ? -1 : Number(row.log_index);
}

/** Rows per INSERT: 18 parameters each stays far below SQLite's and PostgreSQL's limits. */
const INSERT_ROWS = 500;

/**
 * Replaces every summary and the cursor in ONE transaction (a rebuild): readers never see an
 * empty or half-built projection, and the database commits once instead of twice per record.
 * A summary written meanwhile by a concurrent append stays when its version is newer.
 */
export async function replaceSummaries(
  database: Database,
  rows: readonly (RecordSummariesTable & { last_log_index: number })[],
  batch = INSERT_ROWS,
): Promise<void> {
  await projectionDb(database)
    .transaction()
    .execute(async (trx) => {
      await trx.deleteFrom('record_summaries').execute();
      await trx.deleteFrom('projection_cursor').execute();
      for (let at = 0; at < rows.length; at += batch) {
        await trx
          .insertInto('record_summaries')
          .values(rows.slice(at, at + batch))
          .onConflict((oc) =>
            oc
              .column('record_id')
              .doUpdateSet((eb) =>
                Object.fromEntries(
                  SUMMARY_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)] as const),
                ),
              )
              .whereRef('record_summaries.version', '<', 'excluded.version'),
          )
          .execute();
      }
      if (rows.length === 0) return;
      const last = rows.reduce((m, r) => Math.max(m, r.last_log_index), -1);
      await trx
        .insertInto('projection_cursor')
        .values({ name: CURSOR, log_index: last })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({ log_index: last })
            .where('projection_cursor.log_index', '<', last),
        )
        .execute();
    });
}

/** A record's unit and detainee from its summary, for record-scoped grants (AppDeps.recordRef). */
export function recordRefLookup(database: Database) {
  return async (recordId: string): Promise<{ unitId: string; name: string } | null> => {
    const row = await findSummary(database, recordId);
    return row ? { unitId: row.unit_id, name: row.person_name } : null;
  };
}
