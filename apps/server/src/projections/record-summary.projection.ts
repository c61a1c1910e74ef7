import type { CustodyRecordState, Location } from '@custody/domain';

import type { Database } from '../db/database.ts';
import { keyedLookUp } from '../db/per-turn.ts';
import type { ReadModelRow, ReadModelTable } from '../store/index.ts';
import { cutText } from '../text.ts';
import { projectionDb, type RecordSummariesTable } from './record-summaries.table.ts';
import { summarySearchKey } from './search-key.ts';

/** What a list or a whiteboard shows for the person (domain.md §3.1: identified or described). */
export function personDisplayName(state: CustodyRecordState): string {
  const p = state.person;
  if (p.kind === 'identified') return p.fullName;
  const description =
    cutText(p.description, 80) === p.description ? p.description : `${cutText(p.description, 79)}…`;
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

/** A summary row without the two columns the event store stamps: version and log index. */
export type SummaryValues = Omit<RecordSummariesTable, 'version' | 'last_log_index'>;

/**
 * The unit a record belongs to: where it was delivered (КПК ст. 210), else the unit whose officer
 * opened it, as its opening entry names it; `fallback` only for records opened before the opening
 * entry named its unit (see `rebuildProjections`).
 */
export function recordUnit(state: CustodyRecordState, fallback: string): string {
  return state.unitId ?? state.openingUnitId ?? fallback;
}

/** The summary of one record from its folded state, but for its version and log index. */
export function summaryValues(state: CustodyRecordState, fallbackUnitId: string): SummaryValues {
  const personName = personDisplayName(state);
  return {
    record_id: state.recordId,
    unit_id: recordUnit(state, fallbackUnitId),
    status: state.status,
    person_name: personName,
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
    search_key: summarySearchKey(personName, state.custodyNumber ?? null),
  };
}

/** The summary row of one record from its folded state, at a stream version and log index. */
export function summaryRow(
  state: CustodyRecordState,
  fallbackUnitId: string,
  version: number,
  lastLogIndex: number,
): RecordSummariesTable & { last_log_index: number } {
  return { ...summaryValues(state, fallbackUnitId), version, last_log_index: lastLogIndex };
}

/**
 * `record_summaries` as the event store writes it in the transaction of the events that change
 * a record (docs/ARCHITECTURE.md, "Read models in the write transaction"): the store stamps
 * `version` and `last_log_index` with the record's newest event.
 */
export const SUMMARY_TABLE: ReadModelTable = {
  name: 'record_summaries',
  columns: [
    'record_id',
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
    'search_key',
    'version',
    'last_log_index',
  ] satisfies (keyof RecordSummariesTable)[],
  pgTypes: [
    'text',
    'text',
    'text',
    'text',
    'int4',
    'int4',
    'text',
    'text',
    'text',
    'text',
    'text',
    'text',
    'text',
    'int4',
    'int4',
    'text',
    'text',
    'int4',
    'int8',
  ],
  versionColumn: 'version',
  logIndexColumn: 'last_log_index',
};

/** The summary of a record after an append, for `EventStore.append`'s `readModels`. */
export function summaryWrite(state: CustodyRecordState, fallbackUnitId: string): ReadModelRow {
  return { table: SUMMARY_TABLE, values: summaryValues(state, fallbackUnitId) };
}

/**
 * A record's summary by its id. Every command on a record and every read of one runs it
 * (authorization needs the record's unit), so it is a {@link keyedLookUp}: compiled and prepared
 * once, and on PostgreSQL the look-ups of one turn of the event loop go as one statement.
 */
export const findSummary: (
  database: Database,
  recordId: string,
) => Promise<RecordSummariesTable | undefined> = keyedLookUp(
  'record_id',
  (database, match) =>
    projectionDb(database).selectFrom('record_summaries').selectAll().where(match).compile(),
  (row) => row.record_id,
);

/** A record's unit and detainee from its summary, for record-scoped grants (AppDeps.recordRef). */
export function recordRefLookup(database: Database) {
  return async (recordId: string): Promise<{ unitId: string; name: string } | null> => {
    const row = await findSummary(database, recordId);
    return row ? { unitId: row.unit_id, name: row.person_name } : null;
  };
}
