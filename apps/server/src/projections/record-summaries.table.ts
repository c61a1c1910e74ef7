import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

/** One row per custody record: what lists, authorization and the whiteboard look up without the log. */
export type RecordSummariesTable = {
  record_id: string;
  unit_id: string;
  status: string;
  person_name: string;
  juvenile: number;
  foreigner: number;
  custody_number: string | null;
  profile: string;
  t0: string;
  delivered_at: string | null;
  ended_at: string | null;
  location: string | null;
  observation_level: string | null;
  consent_lawyer: number;
  consent_monitor: number;
  /** JSON array of user ids (Law 3623-IX separation of duties). */
  involved_ids: string;
  /** The name and custody number folded for search (`summarySearchKey`). */
  search_key: string;
  version: number;
  /** BIGINT: PostgreSQL returns it as text. */
  last_log_index: number | string;
};

export type ProjectionCursorTable = { name: string; log_index: number | string };

export type ProjectionSchema = {
  record_summaries: RecordSummariesTable;
  projection_cursor: ProjectionCursorTable;
};

export function projectionDb(database: Database): Kysely<ProjectionSchema> {
  return database.db.withTables<ProjectionSchema>();
}
