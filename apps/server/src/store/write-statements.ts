import { CompiledQuery } from 'kysely';
import type { DialectName } from '../db/database.ts';
import {
  columnsOf,
  LEAVES,
  NODES,
  PAYLOADS,
  pgUnnestInsert,
  sqliteInserts,
  type SqlValue,
} from './statements.ts';

/** The rows one batch adds, in column order of {@link LEAVES}, {@link PAYLOADS}, {@link NODES}. */
export interface BatchRows {
  leaves: SqlValue[][];
  payloads: SqlValue[][];
  nodes: SqlValue[][];
}

export interface CheckpointRow {
  size: number;
  root: Uint8Array;
  note: string;
}

const PG_WRITE = (() => {
  const payloadsAt = 1 + LEAVES.columns.length;
  const nodesAt = payloadsAt + PAYLOADS.columns.length;
  const cp = nodesAt + NODES.columns.length;
  const [size, root, note] = [cp, cp + 1, cp + 2].map((n) => `$${String(n)}`);
  return `WITH l AS (${pgUnnestInsert(LEAVES, 1)}),
    p AS (${pgUnnestInsert(PAYLOADS, payloadsAt)}),
    n AS (${pgUnnestInsert(NODES, nodesAt)}),
    c AS (INSERT INTO checkpoints (size, root, note) VALUES (${size ?? ''}, ${root ?? ''}, ${note ?? ''}))
    UPDATE log_head SET size = ${size ?? ''}, root = ${root ?? ''} WHERE id = 1`;
})();

/**
 * The statements that write a batch's leaves, payloads, nodes, checkpoint and head. PostgreSQL
 * gets one statement (data-modifying CTEs over `unnest` arrays: one round trip, constant SQL);
 * SQLite, which has no such CTEs and no round trips to save, one multi-row insert per table.
 */
export function writeStatements(
  dialect: DialectName,
  rows: BatchRows,
  cp: CheckpointRow,
): CompiledQuery[] {
  if (dialect === 'postgres') {
    return [
      CompiledQuery.raw(PG_WRITE, [
        ...columnsOf(rows.leaves, LEAVES.columns.length),
        ...columnsOf(rows.payloads, PAYLOADS.columns.length),
        ...columnsOf(rows.nodes, NODES.columns.length),
        cp.size,
        cp.root,
        cp.note,
      ]),
    ];
  }
  return [
    ...sqliteInserts(LEAVES, rows.leaves),
    ...sqliteInserts(PAYLOADS, rows.payloads),
    ...sqliteInserts(NODES, rows.nodes),
    CompiledQuery.raw('INSERT INTO checkpoints (size, root, note) VALUES (?, ?, ?)', [
      cp.size,
      cp.root,
      cp.note,
    ]),
    CompiledQuery.raw('UPDATE log_head SET size = ?, root = ? WHERE id = 1', [cp.size, cp.root]),
  ];
}
