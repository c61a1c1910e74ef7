import { parseCheckpoint, toHex, type NoteSigner, type Policy } from '@custody/ledger';
import type { Database } from '../db/database.ts';
import type { CheckpointInfo, EventStore, StoredEvent } from '../store/index.ts';
import {
  EXTRACT_FORMAT,
  LEAF_FORMAT,
  LEAF_FORMAT_WITH_OFFSET,
  type ExtractBundle,
  type ExtractEntry,
  type LeafEnvelope,
} from './extract-format.ts';
import { signExtractStatement, type ExtractStatement } from './extract-statement.ts';
import { cosignedCheckpoint } from '../witnessing/witnessing.db.ts';
import { readSalts } from './salts.query.ts';

export interface ExtractSource {
  store: EventStore;
  database: Database;
  /** The log's signing key (the store's), which signs the extract statement. */
  signer: NoteSigner;
  /** The log's witness policy (CUSTODY_WITNESS_POLICY): prefer a checkpoint its quorum cosigned. */
  witnessPolicy?: Policy | undefined;
}

export interface ExtractOptions {
  /** True for an entry whose payload the recipient may not see (domain.md §5: health and risk without consent). */
  withhold?: (event: StoredEvent) => boolean;
  /** Verifier keys listed in the bundle for convenience; a verifier must bring its own. */
  vkeys?: readonly string[];
  /** The record's deadlines and final outcomes from its events (`deadlinesForBundle`). */
  deadlines?: (events: readonly StoredEvent[]) => ExtractBundle['deadlines'];
}

/** A record with no events, or events the latest checkpoint does not yet cover. */
export class ExtractError extends Error {
  override readonly name = 'ExtractError';
}

/** The leaf envelope of a stored event, field for field as the store hashed it. */
export function leafOf(e: StoredEvent): LeafEnvelope {
  return {
    v: e.occurredOffset === undefined ? LEAF_FORMAT : LEAF_FORMAT_WITH_OFFSET,
    index: e.logIndex,
    stream: e.streamId,
    version: e.streamVersion,
    prev: e.prevStreamLeafHash,
    id: e.id,
    type: e.type,
    occurredAt: e.occurredAt,
    ...(e.occurredOffset === undefined ? {} : { occurredOffset: e.occurredOffset }),
    recordedAt: e.recordedAt,
    actor: { id: e.actor.id, role: e.actor.role },
    commitment: e.payloadCommitment,
  };
}

function entryOf(
  e: StoredEvent,
  salt: string | undefined,
  proof: string[],
  withhold: boolean,
): ExtractEntry {
  const common = { logIndex: e.logIndex, leaf: leafOf(e), leafHash: e.leafHash };
  if (e.payload === null || salt === undefined) {
    return {
      ...common,
      payload: null,
      salt: null,
      withheld: true,
      reason: 'erased',
      inclusionProof: proof,
    };
  }
  if (withhold) {
    return {
      ...common,
      payload: null,
      salt: null,
      withheld: true,
      reason: 'health_without_consent',
      inclusionProof: proof,
    };
  }
  return { ...common, payload: e.payload, salt, withheld: false, inclusionProof: proof };
}

/** The origin line of a checkpoint's signed note. */
export function originOf(checkpoint: CheckpointInfo): string {
  return parseCheckpoint(checkpoint.note.slice(0, checkpoint.note.indexOf('\n\n') + 1)).origin;
}

/**
 * The extract statement (extract-statement.ts) for `events`, every event of the record's stream
 * within the checkpoint's tree, in version order: their number is the last one's stream version.
 * Read the checkpoint BEFORE the stream: an event appended after the checkpoint has a log index
 * at or beyond its size, so no event the statement should count can be missing from `events`.
 */
export function recordStatement(
  recordId: string,
  events: readonly StoredEvent[],
  checkpoint: CheckpointInfo,
): ExtractStatement {
  const last = events.at(-1);
  if (last === undefined || last.logIndex >= checkpoint.size) {
    throw new ExtractError(`record ${recordId} is not yet covered by a signed checkpoint`);
  }
  if (last.streamVersion !== events.length) {
    throw new ExtractError(`record ${recordId}: stream read incompletely`);
  }
  return {
    origin: originOf(checkpoint),
    recordId,
    entries: last.streamVersion,
    lastIndex: last.logIndex,
    lastLeafHash: last.leafHash,
    treeSize: checkpoint.size,
    root: checkpoint.root,
  };
}

/**
 * The checkpoint an extract is proved against: the newest one the witnesses cosigned whose tree
 * holds the record's last entry (its note carries their cosignature lines, so `custody
 * verify-extract --policy` can check the quorum offline), else the latest signed one: right
 * after an append the witnesses have not seen the entry yet (one round per 30 s). Without a
 * witness policy the log is not witnessed and the latest is taken.
 */
async function extractCheckpoint(
  source: ExtractSource,
  latest: CheckpointInfo,
  lastIndex: number,
): Promise<CheckpointInfo> {
  if (source.witnessPolicy === undefined) return latest;
  const cosigned = await cosignedCheckpoint(source.database, {
    atMost: latest.size,
    above: lastIndex,
    policy: source.witnessPolicy,
    latest,
  });
  if (cosigned === null) return latest;
  const body = cosigned.note.slice(0, cosigned.note.indexOf('\n\n') + 1);
  return { size: cosigned.size, root: toHex(parseCheckpoint(body).root), note: cosigned.note };
}

/**
 * Builds the verifiable extract of one custody record (integrity.md, "Verification"; domain.md
 * §6): every event of the record's stream with its leaf, salt and RFC 9162 §2.1.3 inclusion proof
 * against the newest cosigned checkpoint that holds the record (else the latest signed one), and the extract statement signed with the log's key, so
 * a verifier can tell that the extract ends where the record did. Withheld entries keep their
 * leaf and proof but carry no payload and no salt, so they still verify without disclosing
 * anything.
 */
export async function buildExtractBundle(
  source: ExtractSource,
  recordId: string,
  options: ExtractOptions = {},
): Promise<ExtractBundle> {
  const latest = await source.store.latestCheckpoint();
  const events = await source.store.readStream(recordId);
  if (events.length === 0) throw new ExtractError(`no custody record ${recordId}`);
  if (latest === null || events.some((e) => e.logIndex >= latest.size)) {
    throw new ExtractError(`record ${recordId} is not yet covered by a signed checkpoint`);
  }
  const checkpoint = await extractCheckpoint(source, latest, events.at(-1)?.logIndex ?? 0);
  const statement = recordStatement(recordId, events, checkpoint);
  const salts = await readSalts(
    source.database,
    events.map((e) => e.logIndex),
  );
  const withhold = options.withhold ?? (() => false);
  const entries: ExtractEntry[] = [];
  for (const e of events) {
    const proof = await source.store.inclusionProof(e.logIndex, checkpoint.size);
    entries.push(entryOf(e, salts.get(e.logIndex), proof, withhold(e)));
  }
  return {
    format: EXTRACT_FORMAT,
    origin: statement.origin,
    recordId,
    checkpoint: checkpoint.note,
    vkeys: [...(options.vkeys ?? [])],
    treeSize: checkpoint.size,
    entries,
    ...(options.deadlines === undefined ? {} : { deadlines: options.deadlines(events) }),
    statement: signExtractStatement(statement, source.signer),
  };
}
