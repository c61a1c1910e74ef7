import {
  parseExtractStatement,
  type ExtractStatement,
  type RecordProofLeaf,
  type RecordProofs,
} from '@custody/contracts';
import {
  canonicalJson,
  fromBase64,
  leafHash,
  openNote,
  parseCheckpoint,
  toHex,
  verifierFromVkey,
  verifyInclusion,
  type Checkpoint,
  type NoteVerifier,
} from '@custody/ledger';

export type EntryStatus = 'verified' | 'withheld' | 'failed';

/** Why a check failed; the screen names each in the user's language. */
export type Problem =
  | 'key_mismatch'
  | 'key_invalid'
  | 'signature'
  | 'checkpoint_origin'
  | 'checkpoint_size'
  | 'other_record'
  | 'leaf_index'
  | 'leaf_hash'
  | 'stream_version'
  | 'stream_chain'
  | 'log_order'
  | 'proof_encoding'
  | 'inclusion'
  | 'no_checkpoint'
  | 'empty'
  | 'statement_missing'
  | 'statement_signature'
  | 'statement_malformed'
  | 'statement_origin'
  | 'statement_record'
  | 'statement_checkpoint'
  | 'statement_count'
  | 'statement_last';

export interface EntryResult {
  readonly logIndex: number;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly status: EntryStatus;
  readonly problem?: Problem;
}

export interface RecordVerification {
  readonly ok: boolean;
  readonly checkpoint: { origin: string; size: number; root: string } | null;
  /** The signed extract statement, when it opened with the trusted key and parsed. */
  readonly statement: ExtractStatement | null;
  readonly problems: readonly Problem[];
  readonly entries: readonly EntryResult[];
}

function attempt<T>(work: () => T): T | null {
  try {
    return work();
  } catch {
    return null;
  }
}

const utf8 = new TextEncoder();

/** Opens the checkpoint with the trusted key only (null when that key is invalid). */
function openCheckpoint(
  proofs: RecordProofs,
  key: NoteVerifier | null,
  problems: Problem[],
): Checkpoint | null {
  if (key === null) return null;
  const text = attempt(() => openNote(proofs.checkpoint, [key]).text);
  const body = text === null ? null : attempt(() => parseCheckpoint(text));
  if (body === null) {
    problems.push('signature');
    return null;
  }
  if (body.origin !== proofs.origin) problems.push('checkpoint_origin');
  if (body.size !== proofs.treeSize) problems.push('checkpoint_size');
  return body;
}

/** The statement opened with the trusted key only (never a key from the response), parsed. */
function openStatement(
  proofs: RecordProofs,
  key: NoteVerifier | null,
  problems: Problem[],
): ExtractStatement | null {
  const note: unknown = (proofs as { statement?: unknown }).statement;
  if (typeof note !== 'string' || note === '') {
    problems.push('statement_missing');
    return null;
  }
  if (key === null) return null;
  const text = attempt(() => openNote(note, [key]).text);
  if (text === null) {
    problems.push('statement_signature');
    return null;
  }
  const statement = attempt(() => parseExtractStatement(text));
  if (statement === null) problems.push('statement_malformed');
  return statement;
}

/**
 * The statement against the response, by the rules of the offline verifier (verify-extract.ts
 * of the server): same log, record and checkpoint; exactly its number of entries (the chain
 * check makes them versions 1..n); the last entry at its log index with its leaf hash.
 */
function statementProblems(
  s: ExtractStatement,
  proofs: RecordProofs,
  checkpoint: Checkpoint | null,
): Problem[] {
  const problems: Problem[] = [];
  if (s.origin !== proofs.origin) problems.push('statement_origin');
  if (s.recordId !== proofs.recordId) problems.push('statement_record');
  if (
    s.treeSize !== proofs.treeSize ||
    (checkpoint !== null && s.root !== toHex(checkpoint.root))
  ) {
    problems.push('statement_checkpoint');
  }
  if (proofs.leaves.length !== s.entries) problems.push('statement_count');
  const last = proofs.leaves.at(-1);
  if (last !== undefined && (last.logIndex !== s.lastIndex || last.leafHash !== s.lastLeafHash)) {
    problems.push('statement_last');
  }
  return problems;
}

/** integrity.md "Streams on top": versions 1..n, each naming its predecessor's leaf hash. */
function chainProblem(
  leaf: RecordProofLeaf,
  position: number,
  previous: RecordProofLeaf | undefined,
): Problem | null {
  if (leaf.leaf.version !== position + 1) return 'stream_version';
  if (leaf.leaf.prev !== (previous?.leafHash ?? null)) return 'stream_chain';
  if (previous !== undefined && leaf.logIndex <= previous.logIndex) return 'log_order';
  return null;
}

function leafProblem(
  leaf: RecordProofLeaf,
  recordId: string,
  checkpoint: Checkpoint | null,
): Problem | null {
  if (leaf.leaf.stream !== recordId) return 'other_record';
  if (leaf.leaf.index !== leaf.logIndex) return 'leaf_index';
  const hash = leafHash(utf8.encode(canonicalJson(leaf.leaf)));
  if (toHex(hash) !== leaf.leafHash) return 'leaf_hash';
  if (checkpoint === null) return 'no_checkpoint';
  let path: Uint8Array[];
  try {
    path = leaf.inclusionProof.map(fromBase64);
  } catch {
    return 'proof_encoding';
  }
  const included = verifyInclusion(leaf.logIndex, checkpoint.size, hash, path, checkpoint.root);
  return included ? null : 'inclusion';
}

/**
 * Checks a record against the log in the browser (integrity.md "Verification"; issue 7 point 3)
 * with the project's one ledger (packages/ledger, @noble primitives in the browser):
 * the C2SP checkpoint's Ed25519 signature by the trusted key, then for every entry its RFC 9162
 * §2.1.1 leaf hash recomputed from RFC 8785 canonical leaf bytes, its §2.1.3.2 inclusion proof
 * against the checkpoint root, and the stream chain; finally the signed extract statement
 * (same trusted key), so that entries cut off the end are noticed too. An entry whose payload
 * the caller may not see (`withheldEventIds`) verifies through its commitment and is reported
 * as withheld.
 */
export function verifyRecordProofs(
  proofs: RecordProofs,
  trustedVkey: string,
  withheldEventIds: ReadonlySet<string> = new Set(),
): RecordVerification {
  const problems: Problem[] = [];
  // A different key in the response is a failure; it is never used.
  if (proofs.vkey.trim() !== trustedVkey.trim()) problems.push('key_mismatch');
  const key = attempt(() => verifierFromVkey(trustedVkey.trim()));
  if (key === null) problems.push('key_invalid');
  const checkpoint = openCheckpoint(proofs, key, problems);
  const statement = openStatement(proofs, key, problems);
  if (statement !== null) problems.push(...statementProblems(statement, proofs, checkpoint));
  if (proofs.leaves.length === 0) problems.push('empty');
  const entries: EntryResult[] = [];
  for (const [i, leaf] of proofs.leaves.entries()) {
    const problem =
      chainProblem(leaf, i, proofs.leaves[i - 1]) ?? leafProblem(leaf, proofs.recordId, checkpoint);
    const base = {
      logIndex: leaf.logIndex,
      version: leaf.leaf.version,
      eventId: leaf.leaf.id,
      type: leaf.leaf.type,
    };
    if (problem !== null) entries.push({ ...base, status: 'failed', problem });
    else
      entries.push({
        ...base,
        status: withheldEventIds.has(leaf.leaf.id) ? 'withheld' : 'verified',
      });
  }
  const ok = problems.length === 0 && entries.every((e) => e.status !== 'failed');
  const summary =
    checkpoint === null
      ? null
      : { origin: checkpoint.origin, size: checkpoint.size, root: toHex(checkpoint.root) };
  return { ok, checkpoint: summary, statement, problems, entries };
}
