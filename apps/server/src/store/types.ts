import type { JsonValue, NoteSigner, NoteVerifier } from '@custody/ledger';
import type { Database } from '../db/database.ts';

/** An event as a command handler hands it to the store; time, id and actor come in as data. */
export interface NewEvent {
  /** The event's UUID, unique across the whole log. */
  id: string;
  type: string;
  /** When it happened, as stated by the officer (ISO 8601). */
  occurredAt: string;
  /** Server clock at recording (ISO 8601). */
  recordedAt: string;
  actor: { id: string; role: string };
  payload: JsonValue;
}

/**
 * An event as the log holds it: one leaf of the RFC 6962 tree (integrity.md, "The log").
 * `payload` is null once lawfully erased; the commitment in the leaf stays.
 */
export interface StoredEvent extends Omit<NewEvent, 'payload'> {
  logIndex: number;
  streamId: string;
  streamVersion: number;
  /** Hex RFC 6962 leaf hash, SHA-256(0x00 || leaf bytes). */
  leafHash: string;
  /** Hex leaf hash of the previous event of the same stream, null for the first. */
  prevStreamLeafHash: string | null;
  /** Hex SHA-256(salt || canonical payload). */
  payloadCommitment: string;
  payload: JsonValue | null;
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

/** The tamper-evident event store: one global Merkle log with streams on top. */
export interface EventStore {
  /** Appends events to one stream; throws {@link VersionConflictError} (and stores nothing) when `expected` is stale. */
  append(
    streamId: string,
    expected: ExpectedVersion,
    events: readonly NewEvent[],
  ): Promise<AppendResult>;
  readStream(streamId: string, fromVersion?: number): Promise<StoredEvent[]>;
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
  erasePayload(streamId: string, target: number, tombstone: NewEvent): Promise<ErasureResult>;
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
