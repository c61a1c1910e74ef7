import { CompiledQuery } from 'kysely';
import type { DialectName } from '../db/database.ts';

/** One value bound to a placeholder; byte strings are Buffers (better-sqlite3 binds only those). */
export type SqlValue = string | number | Uint8Array | null;

/** A table the write path inserts into, with its columns and their PostgreSQL array types. */
export interface TableShape {
  name: string;
  columns: readonly string[];
  pgTypes: readonly string[];
}

export const LEAVES: TableShape = {
  name: 'log_leaves',
  columns: [
    'log_index',
    'stream_id',
    'stream_version',
    'event_id',
    'event_type',
    'occurred_at',
    'recorded_at',
    'actor_id',
    'actor_role',
    'prev_hash',
    'commitment',
    'leaf',
    'leaf_hash',
    'occurred_offset',
  ],
  pgTypes: [
    'int8',
    'text',
    'int4',
    'text',
    'text',
    'text',
    'text',
    'text',
    'text',
    'bytea',
    'text',
    'bytea',
    'bytea',
    'text',
  ],
};
export const PAYLOADS: TableShape = {
  name: 'log_payloads',
  columns: ['log_index', 'payload', 'salt'],
  pgTypes: ['int8', 'text', 'bytea'],
};
export const NODES: TableShape = {
  name: 'log_nodes',
  columns: ['level', 'idx', 'hash'],
  pgTypes: ['int4', 'int8', 'bytea'],
};

/**
 * Signed checkpoints, each written in its batch's commit. A head's checkpoint may be signed
 * again at start-up, to the same bytes (`signMissingCheckpoint`), possibly by two processes at
 * once: so each insert skips a size that is already there.
 */
export const CHECKPOINTS: TableShape = {
  name: 'checkpoints',
  columns: ['size', 'root', 'note'],
  pgTypes: ['int8', 'bytea', 'text'],
};
export const CHECKPOINT_KEEP = 'ON CONFLICT (size) DO NOTHING';

/**
 * A read-model table keyed by its first column whose rows carry a version: an insert of a row
 * whose key exists replaces it only when its version is higher (`upsertClause`).
 */
export interface VersionedShape extends TableShape {
  versionColumn: string;
}

/** SQLite allows 32766 bound variables per statement; 400 leaf rows stay far below. */
const SQLITE_ROWS = 400;
const sqliteInsertText = new Map<string, string>();

/**
 * `ON CONFLICT (key) DO UPDATE` of every other column, only with a higher version: two commits
 * of one stream cannot both be in flight (the second conflicts), but a rebuild may have written
 * a newer row meanwhile, which an older one must not replace. `<=` also replaces a row of the
 * same version: one recomputed from the same entries under other inputs (a unit's new limits).
 */
export function upsertClause(table: VersionedShape, than: '<' | '<=' = '<'): string {
  const [key, ...rest] = table.columns;
  const set = rest.map((c) => `${c} = excluded.${c}`).join(', ');
  return `ON CONFLICT (${String(key)}) DO UPDATE SET ${set}
    WHERE ${table.name}.${table.versionColumn} ${than} excluded.${table.versionColumn}`;
}

function sqliteInsert(table: TableShape, rows: number, suffix: string): string {
  const key = `${table.name}/${String(rows)}/${suffix}`;
  let text = sqliteInsertText.get(key);
  if (text === undefined) {
    const tuple = `(${table.columns.map(() => '?').join(', ')})`;
    text = `INSERT INTO ${table.name} (${table.columns.join(', ')}) VALUES ${Array(rows).fill(tuple).join(', ')} ${suffix}`;
    sqliteInsertText.set(key, text);
  }
  return text;
}

/** Column-wise arrays for PostgreSQL `unnest`: one parameter per column, whatever the row count. */
export function columnsOf(rows: readonly (readonly SqlValue[])[], width: number): SqlValue[][] {
  const cols: SqlValue[][] = Array.from({ length: width }, () => []);
  for (const row of rows) for (let c = 0; c < width; c++) cols[c]?.push(row[c] ?? null);
  return cols;
}

/** `INSERT … SELECT * FROM unnest($a::t[], …)` for PostgreSQL, parameters numbered from `first`. */
export function pgUnnestInsert(table: TableShape, first: number): string {
  const args = table.pgTypes.map((t, i) => `$${String(first + i)}::${t}[]`).join(', ');
  return `INSERT INTO ${table.name} (${table.columns.join(', ')}) SELECT * FROM unnest(${args})`;
}

/**
 * Multi-row inserts for SQLite, at most {@link SQLITE_ROWS} rows each; `suffix` is appended to
 * each (an {@link upsertClause}).
 */
export function sqliteInserts(
  table: TableShape,
  rows: readonly (readonly SqlValue[])[],
  suffix = '',
): CompiledQuery[] {
  const out: CompiledQuery[] = [];
  for (let i = 0; i < rows.length; i += SQLITE_ROWS) {
    const end = Math.min(rows.length, i + SQLITE_ROWS);
    const params: SqlValue[] = [];
    for (let r = i; r < end; r++) for (const v of rows[r] ?? []) params.push(v);
    out.push(CompiledQuery.raw(sqliteInsert(table, end - i, suffix), params));
  }
  return out;
}

/** `?` for SQLite, `$n` for PostgreSQL. */
export function placeholders(dialect: DialectName, count: number, first = 1): string[] {
  return Array.from({ length: count }, (_, i) =>
    dialect === 'sqlite' ? '?' : `$${String(first + i)}`,
  );
}
