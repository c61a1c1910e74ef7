import { z } from 'zod';

const isoInstant = z.string().describe('ISO-8601 UTC instant');
const hex32 = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .describe('64 lower-case hex digits');
const base64Hash = z.string().describe('base64 SHA-256 hash');
const size = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * The newest checkpoint the log's witnesses cosigned (c2sp.org/tlog-witness) that covers what it
 * accompanies: the log's signed note with the witnesses' cosignature/v1 lines appended, and an
 * RFC 9162 §2.1.4 proof that the enclosing checkpoint (`treeSize` of the object it is part of)
 * extends it, empty when they are the same. A verifier checks the quorum of its own
 * c2sp.org/tlog-policy on `checkpoint`, then the proof: whatever the enclosing checkpoint proves
 * below this size, the witnesses saw too.
 */
export const WitnessedCheckpoint = z.object({
  treeSize: z.int().positive(),
  checkpoint: z.string().describe('C2SP signed note with the witnesses’ cosignature lines'),
  /** The policy names of the witnesses whose cosignatures it carries (for display only). */
  witnesses: z.array(z.string()),
  consistencyProof: z
    .array(base64Hash)
    .describe('RFC 9162 §2.1.4 proof from this tree size to the enclosing one'),
});
export type WitnessedCheckpoint = z.infer<typeof WitnessedCheckpoint>;

/**
 * A signed checkpoint of the log (C2SP tlog-checkpoint): "the log with origin O has N leaves and
 * root R". `note` is the complete signed note; `createdAt` is the recorded-at of the last entry
 * it covers (the note itself carries no time).
 */
export const CheckpointView = z.object({
  origin: z.string(),
  size: z.int().nonnegative(),
  root: hex32,
  note: z.string().describe('C2SP signed note text'),
  createdAt: isoInstant.nullable(),
});
export type CheckpointView = z.infer<typeof CheckpointView>;

/** `GET /api/v1/integrity/checkpoint?format=json`: the latest, and the newest cosigned one. */
export const LatestCheckpointView = CheckpointView.extend({
  /** The witnesses' cosignature lines for this very checkpoint (often none yet). */
  cosignatures: z.array(z.string()),
  witnessed: WitnessedCheckpoint.nullable(),
});
export type LatestCheckpointView = z.infer<typeof LatestCheckpointView>;

/** `GET /api/v1/integrity/checkpoint?format=json|text` (text/plain C2SP note by default). */
export const CheckpointQuery = z.object({
  format: z.enum(['text', 'json']).default('text'),
});

/** `GET /api/v1/integrity/checkpoints?limit`: the most recent first. */
export const CheckpointListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(20),
});
export const CheckpointList = z.object({ items: z.array(CheckpointView) });
export type CheckpointList = z.infer<typeof CheckpointList>;

/** Proof that an entry is in the log (integrity.md, "Receipt on every append"). */
export const IntegrityReceipt = z.object({
  logIndex: z.int().nonnegative(),
  leafHash: hex32,
  treeSize: z.int().positive(),
  checkpoint: z.string().describe('C2SP signed note of a checkpoint covering the entry'),
  inclusionProof: z.array(base64Hash).describe('RFC 9162 §2.1.3 inclusion proof'),
  /**
   * The newest cosigned checkpoint whose tree holds the entry, with a consistency proof to
   * `treeSize`; null while no witness has cosigned one (absent from the receipt of an append).
   */
  witnessed: WitnessedCheckpoint.nullable().optional(),
});
export type IntegrityReceipt = z.infer<typeof IntegrityReceipt>;

export const ReceiptParams = z.object({ logIndex: size });

/** `GET /api/v1/integrity/proofs/inclusion?index&size` (RFC 9162 §2.1.3). */
export const InclusionProofQuery = z.object({ index: size, size });
export const InclusionProofView = z.object({
  index: z.int().nonnegative(),
  size: z.int().positive(),
  leafHash: hex32,
  proof: z.array(base64Hash),
});
export type InclusionProofView = z.infer<typeof InclusionProofView>;

/** `GET /api/v1/integrity/proofs/consistency?from&to` (RFC 9162 §2.1.4). */
export const ConsistencyProofQuery = z.object({ from: size, to: size });
export const ConsistencyProofView = z.object({
  from: z.int().nonnegative(),
  to: z.int().nonnegative(),
  proof: z.array(base64Hash),
});
export type ConsistencyProofView = z.infer<typeof ConsistencyProofView>;

/**
 * The leaf envelope exactly as the log hashes it (integrity.md, "Leaf bytes"): RFC 8785 canonical
 * JSON of these fields is the leaf; SHA-256(0x00 || leaf) is its RFC 9162 §2.1.1 leaf hash.
 */
export const LeafEnvelopeView = z.object({
  /** 1; 2 for a leaf whose time was stated with an offset (it has `occurredOffset`). */
  v: z.union([z.literal(1), z.literal(2)]),
  index: z.int().nonnegative(),
  stream: z.string(),
  version: z.int().positive(),
  prev: hex32.nullable(),
  id: z.string(),
  type: z.string(),
  occurredAt: z.string(),
  /** The RFC 3339 offset the time was stated in (format 2 only). */
  occurredOffset: z.string().optional(),
  recordedAt: z.string(),
  actor: z.object({ id: z.string(), role: z.string() }),
  commitment: hex32,
});
export type LeafEnvelopeView = z.infer<typeof LeafEnvelopeView>;

/** One leaf of a record for the browser's check: envelope, hash and inclusion proof; no payload. */
export const RecordProofLeaf = z.object({
  logIndex: z.int().nonnegative(),
  leaf: LeafEnvelopeView,
  leafHash: hex32,
  inclusionProof: z.array(base64Hash),
});
export type RecordProofLeaf = z.infer<typeof RecordProofLeaf>;

/**
 * `GET /api/v1/records/:recordId/proofs`: everything needed to check a record against the log in
 * the browser: each leaf's envelope (the payload only as its commitment, so withheld entries stay
 * withheld), its inclusion proof against the latest checkpoint, the signed note and the vkey,
 * and the extract statement signed by the log's key (so that leaves cut off the end are noticed).
 */
export const RecordProofs = z.object({
  recordId: z.string(),
  origin: z.string(),
  treeSize: z.int().positive(),
  checkpoint: z.string().describe('C2SP signed note'),
  vkey: z.string().describe('C2SP verifier key of the log'),
  leaves: z.array(RecordProofLeaf),
  statement: z
    .string()
    .describe(
      'C2SP signed note custody-extract-statement/1: how many entries the record had within the checkpoint and its last entry',
    ),
  /**
   * The newest cosigned checkpoint (at most `treeSize`), with a consistency proof to it: the
   * record's entries below its size were seen by the witnesses. Null while none is cosigned.
   */
  witnessed: WitnessedCheckpoint.nullable(),
});
export type RecordProofs = z.infer<typeof RecordProofs>;

/** One witness of the log's policy as the log last heard from it (c2sp.org/tlog-witness). */
export const WitnessStatusView = z.object({
  name: z.string(),
  url: z.string().nullable(),
  /** The tree size the witness last cosigned for this log, null before its first cosignature. */
  cosignedSize: z.int().nonnegative().nullable(),
  /** When it cosigned that size (the cosignature's own timestamp). */
  cosignedAt: isoInstant.nullable(),
  /** Seconds since `cosignedAt`. */
  ageSeconds: z.int().nonnegative().nullable(),
  /** The HTTP status of its last answer (null: never reached). */
  lastStatus: z.int().nullable(),
  /** Why the last attempt failed without a refusal (unreachable, timeout), if it did. */
  lastError: z.string().nullable(),
  /**
   * A refusal (409 that could not be reconciled, 422, 403, 404, 400): the log forked, was rolled
   * back or signed with another key, as far as this witness can tell. Stays until it cosigns again.
   */
  alert: z.string().nullable(),
  alertAt: isoInstant.nullable(),
});
export type WitnessStatusView = z.infer<typeof WitnessStatusView>;

/** `GET /api/v1/integrity/witnesses`: the policy's witnesses and whether the quorum holds. */
export const WitnessesView = z.object({
  /** The policy's quorum, e.g. `2 of (ombudsman, prosecutor)`; null when no policy is configured. */
  quorum: z.string().nullable(),
  /** The largest checkpoint size cosigned by a quorum, null when none is. */
  quorumSize: z.int().nonnegative().nullable(),
  /** The log's latest signed size. */
  logSize: z.int().nonnegative(),
  witnesses: z.array(WitnessStatusView),
});
export type WitnessesView = z.infer<typeof WitnessesView>;
