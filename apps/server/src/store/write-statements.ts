import { CompiledQuery } from 'kysely';
import type { DialectName } from '../db/database.ts';
import {
  columnsOf,
  LEAVES,
  NODES,
  PAYLOADS,
  pgUnnestInsert,
  sqliteInserts,
  upsertClause,
  type SqlValue,
  type VersionedShape,
} from './statements.ts';

/** Read-model rows of one table, in its column order, at most one per key. */
export interface ViewRows {
  table: VersionedShape;
  rows: SqlValue[][];
}

/** The rows one batch adds, in column order of {@link LEAVES}, {@link PAYLOADS}, {@link NODES}. */
export interface BatchRows {
  leaves: SqlValue[][];
  payloads: SqlValue[][];
  nodes: SqlValue[][];
  /** Read-model rows written in the same transaction (docs/ARCHITECTURE.md). */
  views: ViewRows[];
}

export interface CheckpointRow {
  size: number;
  root: Uint8Array;
  note: string;
}

const PAYLOADS_AT = 1 + LEAVES.columns.length;
const NODES_AT = PAYLOADS_AT + PAYLOADS.columns.length;
const AFTER_NODES = NODES_AT + NODES.columns.length;
const [SIZE, ROOT, NOTE, OLD, NEW_STREAMS] = [0, 1, 2, 3, 4].map(
  (k) => `$${String(AFTER_NODES + k)}`,
) as [string, string, string, string, string];

/**
 * One data-modifying CTE per read-model table, its parameters numbered from `first`; `where`
 * makes the insert conditional (the compare-and-set write's `moved`).
 */
function pgViewCtes(views: readonly ViewRows[], first: number, where: string): string {
  let at = first;
  return views
    .map((v, i) => {
      const text = `v${String(i)} AS (${pgUnnestInsert(v.table, at)} ${where} ${upsertClause(v.table)})`;
      at += v.table.columns.length;
      return `,\n    ${text}`;
    })
    .join('');
}

/** Statement texts by the read-model tables they write (usually none or one). */
const texts = new Map<string, string>();
function cachedText(kind: string, views: readonly ViewRows[], make: () => string): string {
  const key = `${kind}:${views.map((v) => v.table.name).join(',')}`;
  let text = texts.get(key);
  if (text === undefined) {
    text = make();
    texts.set(key, text);
  }
  return text;
}

function pgWriteText(views: readonly ViewRows[]): string {
  return cachedText(
    'write',
    views,
    () => `WITH l AS (${pgUnnestInsert(LEAVES, 1)}),
    p AS (${pgUnnestInsert(PAYLOADS, PAYLOADS_AT)}),
    n AS (${pgUnnestInsert(NODES, NODES_AT)}),
    c AS (INSERT INTO checkpoints (size, root, note) VALUES (${SIZE}, ${ROOT}, ${NOTE}))${pgViewCtes(views, AFTER_NODES + 3, '')}
    UPDATE log_head SET size = ${SIZE}, root = ${ROOT} WHERE id = 1`,
  );
}

/**
 * The same write as one compare-and-set statement outside any transaction: the head moves from
 * the size the batch was planned on, provided the streams the batch took as new have no leaf,
 * and every row (read-model rows included) is written only if it did. A writer that
 * moved the head first holds its row lock until it commits; this statement then re-reads the
 * head (READ COMMITTED) and finds the size changed, so it writes nothing and reports 0.
 */
function pgCompareAndWriteText(views: readonly ViewRows[]): string {
  return cachedText('cas', views, () => {
    const moved = 'WHERE EXISTS (SELECT 1 FROM h)';
    return `WITH h AS (UPDATE log_head SET size = ${SIZE}, root = ${ROOT}
      WHERE id = 1 AND size = ${OLD}::int8
        AND NOT EXISTS (SELECT 1 FROM unnest(${NEW_STREAMS}::text[]) s(id) CROSS JOIN LATERAL
          (SELECT 1 FROM log_leaves l WHERE l.stream_id = s.id
            ORDER BY l.stream_id, l.stream_version LIMIT 1) first)
      RETURNING id),
    l AS (${pgUnnestInsert(LEAVES, 1)} ${moved}),
    p AS (${pgUnnestInsert(PAYLOADS, PAYLOADS_AT)} ${moved}),
    n AS (${pgUnnestInsert(NODES, NODES_AT)} ${moved}),
    c AS (INSERT INTO checkpoints (size, root, note) SELECT ${SIZE}::int8, ${ROOT}::bytea, ${NOTE}::text ${moved})${pgViewCtes(views, AFTER_NODES + 5, moved)}
    SELECT count(*)::int AS moved FROM h`;
  });
}

function pgParams(rows: BatchRows, cp: CheckpointRow): unknown[] {
  return [
    ...columnsOf(rows.leaves, LEAVES.columns.length),
    ...columnsOf(rows.payloads, PAYLOADS.columns.length),
    ...columnsOf(rows.nodes, NODES.columns.length),
    cp.size,
    cp.root,
    cp.note,
  ];
}

function pgViewParams(views: readonly ViewRows[]): unknown[] {
  return views.flatMap((v) => columnsOf(v.rows, v.table.columns.length));
}

/** PostgreSQL only: the batch's compare-and-set write; its one row says whether it was written. */
export function compareAndWrite(
  rows: BatchRows,
  cp: CheckpointRow,
  oldSize: number,
  assumedNew: readonly string[],
): CompiledQuery<{ moved: number }> {
  return CompiledQuery.raw(pgCompareAndWriteText(rows.views), [
    ...pgParams(rows, cp),
    oldSize,
    [...assumedNew],
    ...pgViewParams(rows.views),
  ]);
}

/**
 * The statements that write a batch's leaves, payloads, nodes, checkpoint, read-model rows and
 * head. PostgreSQL gets one statement (data-modifying CTEs over `unnest` arrays: one round
 * trip, constant SQL); SQLite, which has no such CTEs and no round trips to save, one multi-row
 * insert per table.
 */
export function writeStatements(
  dialect: DialectName,
  rows: BatchRows,
  cp: CheckpointRow,
): CompiledQuery[] {
  if (dialect === 'postgres') {
    return [
      CompiledQuery.raw(pgWriteText(rows.views), [
        ...pgParams(rows, cp),
        ...pgViewParams(rows.views),
      ]),
    ];
  }
  return [
    ...sqliteInserts(LEAVES, rows.leaves),
    ...sqliteInserts(PAYLOADS, rows.payloads),
    ...sqliteInserts(NODES, rows.nodes),
    ...rows.views.flatMap((v) => sqliteInserts(v.table, v.rows, upsertClause(v.table))),
    CompiledQuery.raw('INSERT INTO checkpoints (size, root, note) VALUES (?, ?, ?)', [
      cp.size,
      cp.root,
      cp.note,
    ]),
    CompiledQuery.raw('UPDATE log_head SET size = ?, root = ? WHERE id = 1', [cp.size, cp.root]),
  ];
}
