import { parseCheckpoint, toHex, type NoteSigner, type Policy } from '@custody/ledger';
import type { Database } from '../db/database.ts';
import type { CheckpointInfo, EventStore, StoredEvent } from '../store/index.ts';
import {
  EXTRACT_FORMAT,
  LEAF_FORMAT,
  LEAF_FORMAT_WITH_OFFSET,
  type DeviceProof,
  type ExtractBundle,
  type ExtractEntry,
  type LeafEnvelope,
} from './extract-format.ts';
import { signExtractStatement, type ExtractStatement } from './extract-statement.ts';
import { cosignedCheckpoint } from '../witnessing/witnessing.db.ts';
import { readSalts } from './salts.query.ts';
import {
  DEVICE_ENROLLED,
  DEVICE_ENTRY_RECEIVED,
  DEVICE_REVOKED,
  deviceStream,
} from '../devices/device-stream.ts';
import { devicesDb, int8 } from '../devices/devices.tables.ts';

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

/** A leaf disclosed whole (a device leaf): its payload and salt, and its inclusion proof. */
function disclosedOf(e: StoredEvent, salt: string, proof: string[]) {
  return {
    logIndex: e.logIndex,
    leaf: leafOf(e),
    leafHash: e.leafHash,
    payload: e.payload ?? null,
    salt,
    withheld: false as const,
    inclusionProof: proof,
  };
}

/** The device leaves an extract includes, before their proofs. */
interface DeviceLeaves {
  readonly deviceId: string;
  readonly enrolment: StoredEvent;
  readonly entries: StoredEvent[];
  readonly revocation: StoredEvent | null;
}

/**
 * The leaves of the tablets on which entries of this record were made offline: per device its
 * enrolment (public key), the entry leaves of this record's accepted entries (the signed text and
 * signature) and its revocation if any. An entry leaf is left out when a record entry made from
 * it is withheld from the recipient (its signed text would disclose it) or erased.
 */
async function deviceLeaves(
  source: ExtractSource,
  recordId: string,
  events: readonly StoredEvent[],
  withhold: (e: StoredEvent) => boolean,
): Promise<DeviceLeaves[]> {
  const rows = await devicesDb(source.database)
    .selectFrom('device_entries')
    .select(['device_id', 'log_index', 'record_event_ids'])
    .where('record_id', '=', recordId)
    .where('status', '=', 'accepted')
    .execute();
  const byId = new Map(events.map((e) => [e.id, e]));
  const wanted = new Map<string, Set<number>>();
  for (const r of rows) {
    const made = (JSON.parse(r.record_event_ids) as string[]).map((id) => byId.get(id));
    if (made.some((e) => e === undefined || e.payload === null || withhold(e))) continue;
    const set = wanted.get(r.device_id) ?? new Set<number>();
    set.add(int8(r.log_index));
    wanted.set(r.device_id, set);
  }
  const out: DeviceLeaves[] = [];
  for (const [deviceId, indexes] of [...wanted].sort(([a], [b]) => a.localeCompare(b))) {
    const stream = await source.store.readStream(deviceStream(deviceId));
    const enrolment = stream.find((e) => e.type === DEVICE_ENROLLED);
    const entries = stream.filter(
      (e) => e.type === DEVICE_ENTRY_RECEIVED && indexes.has(e.logIndex) && e.payload !== null,
    );
    if (enrolment === undefined || entries.length === 0) continue;
    const revocation = stream.find((e) => e.type === DEVICE_REVOKED) ?? null;
    out.push({ deviceId, enrolment, entries, revocation });
  }
  return out;
}

/** The device leaves with their salts and proofs against the extract's checkpoint. */
async function deviceProofs(
  source: ExtractSource,
  leaves: readonly DeviceLeaves[],
  size: number,
): Promise<DeviceProof[]> {
  const all = leaves.flatMap((d) => [
    d.enrolment,
    ...d.entries,
    ...(d.revocation === null ? [] : [d.revocation]),
  ]);
  const salts = await readSalts(
    source.database,
    all.map((e) => e.logIndex),
  );
  const one = async (e: StoredEvent) => {
    const salt = salts.get(e.logIndex);
    if (salt === undefined) throw new ExtractError(`device leaf ${String(e.logIndex)}: no salt`);
    return disclosedOf(e, salt, await source.store.inclusionProof(e.logIndex, size));
  };
  const out: DeviceProof[] = [];
  for (const d of leaves) {
    const entries = [];
    for (const e of d.entries) entries.push(await one(e));
    out.push({
      deviceId: d.deviceId,
      enrolment: await one(d.enrolment),
      entries,
      revocation: d.revocation === null ? null : await one(d.revocation),
    });
  }
  return out;
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
  const withhold = options.withhold ?? (() => false);
  const devices = await deviceLeaves(source, recordId, events, withhold);
  // A device leaf follows the record entries made from it: the checkpoint must hold it too.
  const lastIndex = Math.max(
    events.at(-1)?.logIndex ?? 0,
    ...devices.flatMap((d) => d.entries.map((e) => e.logIndex)),
  );
  if (lastIndex >= latest.size) {
    throw new ExtractError(`record ${recordId} is not yet covered by a signed checkpoint`);
  }
  const checkpoint = await extractCheckpoint(source, latest, lastIndex);
  const statement = recordStatement(recordId, events, checkpoint);
  const salts = await readSalts(
    source.database,
    events.map((e) => e.logIndex),
  );
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
    ...(devices.length === 0
      ? {}
      : { devices: await deviceProofs(source, devices, checkpoint.size) }),
    statement: signExtractStatement(statement, source.signer),
  };
}
