import type { ColumnType } from 'kysely';

/** PostgreSQL returns BIGINT as a string; SQLite as a number. Read through {@link int}. */
type BigInt64 = ColumnType<number | string, number, number>;
type Bytes = ColumnType<Uint8Array, Uint8Array, never>;
type Fixed<T> = ColumnType<T, T, never>;

/** The single mutable row: a cache of the tree size and root, locked by every append. */
export interface LogHeadTable {
  id: Fixed<number>;
  size: BigInt64;
  root: ColumnType<Uint8Array, Uint8Array, Uint8Array>;
}

/** One row per leaf of the RFC 6962 tree; the columns repeat what the leaf bytes say. */
export interface LogLeavesTable {
  log_index: ColumnType<number | string, number, never>;
  stream_id: Fixed<string>;
  stream_version: Fixed<number>;
  event_id: Fixed<string>;
  event_type: Fixed<string>;
  occurred_at: Fixed<string>;
  recorded_at: Fixed<string>;
  actor_id: Fixed<string>;
  actor_role: Fixed<string>;
  prev_hash: ColumnType<Uint8Array | null, Uint8Array | null, never>;
  commitment: Fixed<string>;
  leaf: Bytes;
  leaf_hash: Bytes;
  /** The offset the time was stated in (RFC 3339), null for 'Z'; in the leaf when not null. */
  occurred_offset: ColumnType<string | null, string | null, never>;
}

/** Payload and salt, kept apart from the leaf so that lawful erasure deletes only here. */
export interface LogPayloadsTable {
  log_index: ColumnType<number | string, number, never>;
  payload: Fixed<string>;
  salt: Bytes;
}

/** Written before a payload is deleted; names the tombstone leaf appended in the same transaction. */
export interface LogErasuresTable {
  log_index: ColumnType<number | string, number, never>;
  tombstone_index: ColumnType<number | string, number, never>;
}

/** Every complete subtree hash, node (level, idx) covering leaves [idx·2^level, (idx+1)·2^level). */
export interface LogNodesTable {
  level: Fixed<number>;
  idx: ColumnType<number | string, number, never>;
  hash: Bytes;
}

/** Every signed checkpoint, sizes strictly increasing. */
export interface CheckpointsTable {
  size: ColumnType<number | string, number, never>;
  root: Bytes;
  note: Fixed<string>;
}

export interface StoreSchema {
  log_head: LogHeadTable;
  log_leaves: LogLeavesTable;
  log_payloads: LogPayloadsTable;
  log_erasures: LogErasuresTable;
  log_nodes: LogNodesTable;
  checkpoints: CheckpointsTable;
}

/** Reads a BIGINT column of either dialect as a JavaScript number (indexes stay below 2^53). */
export function int(v: number | string | bigint): number {
  return typeof v === 'number' ? v : Number(v);
}

/** better-sqlite3 binds Buffers only; a Buffer view over the same memory works on both drivers. */
export function blob(u: Uint8Array): Uint8Array {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}
