import { CompiledQuery } from 'kysely';
import type { DialectName } from '../db/database.ts';
import {
  CHECKPOINT_KEEP,
  CHECKPOINTS,
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

/** The head a batch moves the log to. */
export interface HeadRow {
  size: number;
  root: Uint8Array;
}

const PAYLOADS_AT = 1 + LEAVES.columns.length;
const NODES_AT = PAYLOADS_AT + PAYLOADS.columns.length;
const CHECKPOINTS_AT = NODES_AT + NODES.columns.length;
const AFTER_CHECKPOINTS = CHECKPOINTS_AT + CHECKPOINTS.columns.length;
const [SIZE, ROOT, OLD, NEW_STREAMS] = [0, 1, 2, 3].map(
  (k) => `$${String(AFTER_CHECKPOINTS + k)}`,
) as [string, string, string, string];

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
    c AS (${pgUnnestInsert(CHECKPOINTS, CHECKPOINTS_AT)} ${CHECKPOINT_KEEP})${pgViewCtes(views, AFTER_CHECKPOINTS + 2, '')}
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
    c AS (${pgUnnestInsert(CHECKPOINTS, CHECKPOINTS_AT)} ${moved} ${CHECKPOINT_KEEP})${pgViewCtes(views, AFTER_CHECKPOINTS + 4, moved)}
    SELECT count(*)::int AS moved FROM h`;
  });
}

const checkpointRows = (cp: CheckpointRow | null): SqlValue[][] =>
  cp === null ? [] : [[cp.size, cp.root, cp.note]];

function pgParams(rows: BatchRows, head: HeadRow, cp: CheckpointRow | null): unknown[] {
  return [
    ...columnsOf(rows.leaves, LEAVES.columns.length),
    ...columnsOf(rows.payloads, PAYLOADS.columns.length),
    ...columnsOf(rows.nodes, NODES.columns.length),
    ...columnsOf(checkpointRows(cp), CHECKPOINTS.columns.length),
    head.size,
    head.root,
  ];
}

function pgViewParams(views: readonly ViewRows[]): unknown[] {
  return views.flatMap((v) => columnsOf(v.rows, v.table.columns.length));
}

/**
 * PostgreSQL only: the batch's compare-and-set write; its one row says whether it was written.
 * `cp` is the batch's signed checkpoint (null writes none).
 */
export function compareAndWrite(
  rows: BatchRows,
  head: HeadRow,
  cp: CheckpointRow | null,
  oldSize: number,
  assumedNew: readonly string[],
): CompiledQuery<{ moved: number }> {
  return CompiledQuery.raw(pgCompareAndWriteText(rows.views), [
    ...pgParams(rows, head, cp),
    oldSize,
    [...assumedNew],
    ...pgViewParams(rows.views),
  ]);
}

/**
 * The statements that write a batch's leaves, payloads, nodes, read-model rows, signed
 * checkpoint `cp` (null writes none) and head. PostgreSQL gets one statement (data-modifying
 * CTEs over `unnest` arrays: one round trip, constant SQL); SQLite, which has no such CTEs and
 * no round trips to save, one multi-row insert per table.
 */
export function writeStatements(
  dialect: DialectName,
  rows: BatchRows,
  head: HeadRow,
  cp: CheckpointRow | null,
): CompiledQuery[] {
  if (dialect === 'postgres') {
    return [
      CompiledQuery.raw(pgWriteText(rows.views), [
        ...pgParams(rows, head, cp),
        ...pgViewParams(rows.views),
      ]),
    ];
  }
  return [
    ...sqliteInserts(LEAVES, rows.leaves),
    ...sqliteInserts(PAYLOADS, rows.payloads),
    ...sqliteInserts(NODES, rows.nodes),
    ...rows.views.flatMap((v) => sqliteInserts(v.table, v.rows, upsertClause(v.table))),
    ...sqliteInserts(CHECKPOINTS, checkpointRows(cp), CHECKPOINT_KEEP),
    CompiledQuery.raw('UPDATE log_head SET size = ?, root = ? WHERE id = 1', [
      head.size,
      head.root,
    ]),
  ];
}

/**
 * A checkpoint row alone, in a commit of its own: the head's, re-signed at start-up to the same
 * bytes when an earlier version of the store left it unwritten (`signMissingCheckpoint`).
 */
export function checkpointStatement(dialect: DialectName, cp: CheckpointRow): CompiledQuery {
  const [a, b, c] = dialect === 'sqlite' ? ['?', '?', '?'] : ['$1', '$2', '$3'];
  return CompiledQuery.raw(
    `INSERT INTO checkpoints (size, root, note) VALUES (${a}, ${b}, ${c}) ${CHECKPOINT_KEEP}`,
    [cp.size, cp.root, cp.note],
  );
}
