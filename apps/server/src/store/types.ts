import type { CompiledQuery, QueryResult } from 'kysely';
import type { JsonValue, NoteSigner, NoteVerifier } from '@custody/ledger';
import type { Database } from '../db/database.ts';
import type { SqlValue } from './statements.ts';

/** An event as a command handler hands it to the store; time, id and actor come in as data. */
export interface NewEvent {
  /** The event's UUID, unique across the whole log. */
  id: string;
  type: string;
  /** When it happened, as stated by the officer (ISO 8601). */
  occurredAt: string;
  /** The RFC 3339 offset the time was stated in, when not 'Z' (`occurredAt` is in UTC). */
  occurredOffset?: string;
  /** Server clock at recording (ISO 8601). */
  recordedAt: string;
  actor: { id: string; role: string };
  payload: JsonValue;
}

/**
 * An event of a stream as a caller that folds or lists entries needs it (`readEvents`): what
 * {@link StoredEvent} holds but the hashes that only proofs need. `payload` is null once
 * lawfully erased.
 */
export interface StreamEvent extends Omit<NewEvent, 'payload'> {
  logIndex: number;
  streamId: string;
  streamVersion: number;
  payload: JsonValue | null;
}

/**
 * An event as the log holds it: one leaf of the RFC 6962 tree (integrity.md, "The log").
 * `payload` is null once lawfully erased; the commitment in the leaf stays.
 */
export interface StoredEvent extends StreamEvent {
  /** Hex RFC 6962 leaf hash, SHA-256(0x00 || leaf bytes). */
  leafHash: string;
  /** Hex leaf hash of the previous event of the same stream, null for the first. */
  prevStreamLeafHash: string | null;
  /** Hex SHA-256(salt || canonical payload). */
  payloadCommitment: string;
}

/** The stream version the caller last saw (0 = the stream must be new), or 'any'. */
export type ExpectedVersion = number | 'any';

/** Proof handed to the appender that its event is in the log (integrity.md, "Receipt on every append"). */
export interface Receipt {
  logIndex: number;
  leafHash: string;
  /** The C2SP signed note of a checkpoint that covers the event. */
  checkpoint: string;
  /** RFC 9162 §2.1.3 inclusion proof, base64 hashes, against `treeSize`. */
  inclusionProof: string[];
  treeSize: number;
}

export interface AppendResult {
  events: StoredEvent[];
  receipts: Receipt[];
}

export interface ErasureResult {
  tombstone: StoredEvent;
  receipt: Receipt;
}

export interface CheckpointInfo {
  size: number;
  /** Hex root hash. */
  root: string;
  /** The signed note text. */
  note: string;
}

/**
 * A read-model table that the store writes in the same transaction as the events that change it
 * (docs/ARCHITECTURE.md, "Read models in the write transaction"): one row per key (the first
 * column), replaced only by a row of a higher stream version, so that no crash can leave a
 * committed event without its read-model row, or a row ahead of the log.
 */
export interface ReadModelTable {
  readonly name: string;
  /** Every column, in the order of a row's values; the first is the key. */
  readonly columns: readonly string[];
  /** The PostgreSQL type of each column (a batch is written from `unnest` arrays). */
  readonly pgTypes: readonly string[];
  /** The column of the stream version the row reflects; the store fills it in. */
  readonly versionColumn: string;
  /** The column of the log index of the newest event the row reflects; the store fills it in. */
  readonly logIndexColumn: string;
}

/** One read-model row of an append: every column but the version and the log index. */
export interface ReadModelRow {
  readonly table: ReadModelTable;
  readonly values: Readonly<Record<string, SqlValue>>;
}

/** What an append writes besides its events, in the same transaction. */
export interface AppendOptions {
  /**
   * Read-model rows of the stream appended to, each stamped by the store with the version and
   * log index of the request's last event. Written only if the events are; a row of a lower
   * version than the stored one is dropped.
   */
  readonly readModels?: readonly ReadModelRow[];
}

/** A lawful erasure's options: the stream version the caller decided on, and its read models. */
export interface ErasureOptions extends AppendOptions {
  /** The stream version the erasure was decided on; a stale one conflicts. Default: any. */
  readonly expected?: ExpectedVersion;
}

/** Stream ids in id order: those after `after`, up to `through` inclusive when given. */
export interface StreamRange {
  readonly after: string;
  readonly through?: string;
  /** At most this many (the first in id order); all of the range when absent. */
  readonly limit?: number;
}

/**
 * Streams read a slice at a time, for a read model rebuilt record by record without holding the
 * whole log in memory (`rebuildProjections`): both the store and a locked log answer them.
 */
export interface StreamSlices {
  /** The ids of the streams whose first event is of `type`, within `range`, in id order. */
  streamsOpenedBy(type: string, range: StreamRange): Promise<string[]>;
  /**
   * The events of the streams named (`readEvents` of each, in one query), stream after stream in
   * id order, each in stream order; only those at log index `fromIndex` or later (default 0).
   */
  readEventsOf(streamIds: readonly string[], fromIndex?: number): Promise<StreamEvent[]>;
}

/** The log as seen from a transaction that holds its write lock (`EventStore.withLogLocked`). */
export interface LockedLog extends StreamSlices {
  /** Leaves from `fromIndex` in log order, read in the locked transaction: every committed one. */
  readLog(fromIndex: number, limit: number): Promise<StoredEvent[]>;
  /** How many leaves the log holds: none is appended until the transaction ends. */
  size(): Promise<number>;
  /** Runs a statement in the locked transaction. */
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/** The tamper-evident event store: one global Merkle log with streams on top. */
export interface EventStore extends StreamSlices {
  /** Appends events to one stream; throws {@link VersionConflictError} (and stores nothing) when `expected` is stale. */
  append(
    streamId: string,
    expected: ExpectedVersion,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /** A stream's events from `fromVersion` (default 1) in stream order, with their leaf hashes. */
  readStream(streamId: string, fromVersion?: number): Promise<StoredEvent[]>;
  /**
   * The same events without the fields only proofs need (leaf hashes, payload commitment), for
   * callers that fold a record or list its entries: fewer columns read and nothing to encode.
   */
  readEvents(streamId: string, fromVersion?: number): Promise<StreamEvent[]>;
  readLog(fromIndex: number, limit: number): Promise<StoredEvent[]>;
  streamVersion(streamId: string): Promise<number>;
  latestCheckpoint(): Promise<CheckpointInfo | null>;
  /** A receipt for a stored event against the latest checkpoint. */
  receipt(logIndex: number): Promise<Receipt>;
  inclusionProof(logIndex: number, treeSize: number): Promise<string[]>;
  consistencyProof(oldSize: number, newSize: number): Promise<string[]>;
  /**
   * Lawful erasure (personal data law art. 8; integrity.md "Leaf bytes"): deletes the payload and
   * salt of `target` and appends `tombstone` to the same stream in the same transaction. The
   * tombstone's payload (an object) gains `erased: { logIndex, leafHash }` naming the target.
   */
  erasePayload(
    streamId: string,
    target: number,
    tombstone: NewEvent,
    options?: ErasureOptions,
  ): Promise<ErasureResult>;
  /**
   * Runs `fn` in one write transaction holding the log's lock (SQLite's write lock, PostgreSQL's
   * head row FOR UPDATE, which the compare-and-set write waits on too): no append of any process
   * commits meanwhile, so what `fn` reads of the log is all there is until it returns, and what
   * it writes commits or rolls back with it. For a read-model rebuild that must not miss an
   * append.
   */
  withLogLocked<T>(fn: (log: LockedLog) => Promise<T>): Promise<T>;
  /**
   * Signs the head's checkpoint again and stores it if its row is missing: a database left by
   * an earlier version of the store, which wrote each batch's checkpoint row in the next commit,
   * by a crash in between (a batch's row is now written in its own commit). Ed25519 is
   * deterministic and a checkpoint carries no time, so the note is the one already handed out
   * in receipts. True when a row was written. The server calls it at start-up, before it listens.
   */
  signMissingCheckpoint(): Promise<boolean>;
  /** Waits for queued appends; the database stays open (its owner closes it). */
  close(): Promise<void>;
}

export interface EventStoreDeps {
  database: Database;
  signer: NoteSigner;
  /** The checkpoint origin line, e.g. `custody.example.gov.ua/log`. */
  origin: string;
  /** Extra wait before a group commit starts; 0 (default) commits whatever queued meanwhile. */
  groupCommitWindowMs?: number;
}

export interface VerifyOptions {
  verifiers: NoteVerifier[];
  /** A checkpoint note held outside the database (witness, receipt, export). */
  outside?: string;
  onProgress?: (done: number, total: number) => void;
  batchSize?: number;
  /**
   * Worker threads that read and examine leaf rows (SQLite files only; 0 = none). Default: one
   * per core beyond the first (at most 4), from 20,000 leaves on.
   */
  workers?: number;
  /**
   * Wait until every worker has started before the first batch, so that workers examine every
   * batch (tests of the workers' checks). By default this thread examines batches meanwhile.
   */
  waitForWorkers?: boolean;
}

export interface VerifyProblem {
  logIndex?: number;
  streamId?: string;
  kind: string;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  size: number;
  checked: { leaves: number; streams: number; nodes: number; checkpoints: number };
  /** Sorted by log index: the first names the first bad leaf. */
  problems: VerifyProblem[];
}

/** An append stated a stream version that is no longer current (optimistic concurrency). */
export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected version ${String(expected)}, found ${actual}`);
  }
}
