import type { LiveRecordEvent } from '@custody/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { ProjectionSchema } from '../projections/record-summaries.table.ts';
import { int, type StoreSchema } from '../store/schema.ts';
import { runPrepared } from '../store/transaction.ts';

/** One entry of the log as the live updates see it: `unitId` is null when no record has the stream. */
export interface FeedEntry {
  readonly event: Omit<LiveRecordEvent, 'unitId'>;
  readonly unitId: string | null;
}

/** What the live updates read of the log: entries in log order, each with its record's unit. */
export interface LiveFeed {
  /** At most `limit` entries from `fromIndex` on, in log order. */
  read(fromIndex: number, limit: number): Promise<FeedEntry[]>;
  /** The number of entries in the log now. */
  size(): Promise<number>;
}

/** A record's events carry its unit; an entry of any other stream is not a live record event. */
export function toLive(entry: FeedEntry): LiveRecordEvent | null {
  return entry.unitId === null ? null : { ...entry.event, unitId: entry.unitId };
}

/**
 * The feed of a database: the leaves' own columns (no payload, no leaf bytes) joined with the
 * record summary of their stream, one index range scan per page on both dialects.
 */
export function logFeed(database: Database): LiveFeed {
  const db = database.db as Kysely<StoreSchema & ProjectionSchema>;
  // Read after appends: compiled once and run as a prepared statement.
  const sizeQuery = db.selectFrom('log_head').select('size').where('id', '=', 1).compile();
  return {
    async read(fromIndex, limit) {
      const rows = await db
        .selectFrom('log_leaves as l')
        .leftJoin('record_summaries as s', 's.record_id', 'l.stream_id')
        .select([
          'l.log_index',
          'l.stream_id',
          'l.stream_version',
          'l.event_id',
          'l.event_type',
          'l.occurred_at',
          'l.recorded_at',
          's.unit_id',
        ])
        .where('l.log_index', '>=', fromIndex)
        .orderBy('l.log_index')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        event: {
          logIndex: int(r.log_index),
          recordId: r.stream_id,
          eventId: r.event_id,
          type: r.event_type,
          version: r.stream_version,
          occurredAt: r.occurred_at,
          recordedAt: r.recorded_at,
        },
        unitId: r.unit_id,
      }));
    },
    async size() {
      const row = (await runPrepared(database, sizeQuery)).rows[0];
      return row === undefined ? 0 : int(row.size);
    },
  };
}
