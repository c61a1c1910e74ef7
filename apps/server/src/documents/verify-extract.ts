import {
  describeQuorum,
  deviceKeyFromSpki,
  fromBase64,
  sha256,
  verifyDeviceSignature,
  type DeviceKeyAlgorithm,
  leafHash,
  openNote,
  parseCheckpoint,
  toHex,
  verifierFromVkey,
  verifyCheckpointNote,
  verifyInclusion,
  type NoteVerifier,
  type Policy,
} from '@custody/ledger';
import {
  commitmentOf,
  extractBundleInput,
  leafBytesOf,
  LEGACY_EXTRACT_FORMAT,
  type DeviceProof,
  type ExtractBundleInput,
  type ExtractEntry,
} from './extract-format.ts';
import {
  DEVICE_ENROLLED,
  DEVICE_ENTRY_RECEIVED,
  DEVICE_REVOKED,
  deviceStream,
  isDeviceStream,
} from '../devices/device-stream.ts';
import { parseExtractStatement, type ExtractStatement } from './extract-statement.ts';

export type EntryStatus = 'verified' | 'withheld' | 'failed';

export interface EntryVerification {
  logIndex: number;
  /** Stream version the entry claims (1..n). */
  version: number;
  type: string;
  status: EntryStatus;
  /** Why it failed, or why its payload is withheld. */
  reason?: string;
}

export interface ExtractVerification {
  /** Intact and, with a policy, witnessed by its quorum. */
  ok: boolean;
  /** Every check but the witnesses' passed. */
  intact: boolean;
  recordId: string | null;
  /** The checkpoint the entries were proved against; null when it could not be opened. */
  checkpoint: { origin: string; size: number; root: string } | null;
  /** The signed extract statement, when it opened with a trusted key and parsed. */
  statement: ExtractStatement | null;
  /** The witnesses of the caller's policy on the checkpoint; null when no policy was given. */
  witnesses: WitnessVerification | null;
  entries: EntryVerification[];
  /** The tablets' signed entries the extract carries (empty when none was made offline). */
  devices: DeviceEntryVerification[];
  problems: string[];
}

/** What the policy's witnesses said of the extract's checkpoint (c2sp.org/tlog-policy). */
export interface WitnessVerification {
  /** The policy's quorum, e.g. `2 of (ombudsman, prosecutor)`. */
  quorum: string;
  /** Whether the witnesses whose cosignatures verified satisfy it. */
  met: boolean;
  /** The policy names of those witnesses, each once. */
  cosignedBy: string[];
}

type OpenedCheckpoint = NonNullable<ExtractVerification['checkpoint']> & { rootBytes: Uint8Array };

function parseVerifiers(vkeys: readonly string[], problems: string[]): NoteVerifier[] {
  const verifiers: NoteVerifier[] = [];
  for (const vkey of vkeys) {
    try {
      verifiers.push(verifierFromVkey(vkey));
    } catch (e) {
      problems.push(`verifier key ${JSON.stringify(vkey)}: ${(e as Error).message}`);
    }
  }
  if (vkeys.length === 0) problems.push('no verifier key given');
  return verifiers;
}

function openCheckpoint(
  bundle: ExtractBundleInput,
  verifiers: readonly NoteVerifier[],
  problems: string[],
): OpenedCheckpoint | null {
  if (verifiers.length === 0) return null;
  try {
    const note = openNote(bundle.checkpoint, verifiers);
    const cp = parseCheckpoint(note.text);
    const opened = { origin: cp.origin, size: cp.size, root: toHex(cp.root), rootBytes: cp.root };
    if (cp.origin !== bundle.origin) {
      problems.push(`checkpoint origin ${cp.origin} differs from the bundle's ${bundle.origin}`);
    }
    if (cp.size !== bundle.treeSize) {
      problems.push(`checkpoint size ${cp.size} differs from the bundle's tree size`);
    }
    return opened;
  } catch (e) {
    problems.push(`checkpoint not verified: ${(e as Error).message}`);
    return null;
  }
}

/** Checks one entry on its own: leaf hash, commitment, inclusion in the checkpoint's tree. */
function entryProblem(
  entry: ExtractEntry,
  stream: string,
  cp: OpenedCheckpoint | null,
): string | null {
  if (entry.leaf.index !== entry.logIndex) return 'leaf index differs from the entry log index';
  if (entry.leaf.stream !== stream) {
    return isDeviceStream(stream)
      ? 'leaf belongs to another device'
      : 'leaf belongs to another record';
  }
  const hash = leafHash(leafBytesOf(entry.leaf));
  if (toHex(hash) !== entry.leafHash) return 'leaf hash does not match the leaf (RFC 9162 §2.1.1)';
  if (!entry.withheld && commitmentOf(entry.salt, entry.payload) !== entry.leaf.commitment) {
    return 'payload and salt do not match the leaf commitment';
  }
  if (cp === null) return 'no verified checkpoint to prove inclusion against';
  let proof: Uint8Array[];
  try {
    proof = entry.inclusionProof.map(fromBase64);
  } catch {
    return 'inclusion proof is not canonical base64';
  }
  if (!verifyInclusion(entry.logIndex, cp.size, hash, proof, cp.rootBytes)) {
    return 'inclusion proof does not lead to the checkpoint root (RFC 9162 §2.1.3.2)';
  }
  return null;
}

/**
 * The stream chain of integrity.md ("Streams on top"): versions 1..n without a gap, each leaf
 * naming the previous leaf hash of its stream, log indexes rising. Any entry removed, reordered
 * or added breaks it at that entry.
 */
function chainProblem(
  entry: ExtractEntry,
  position: number,
  previous?: ExtractEntry,
): string | null {
  if (entry.leaf.version !== position + 1) {
    return `stream version ${entry.leaf.version} where ${position + 1} was expected`;
  }
  const expectedPrev = previous === undefined ? null : previous.leafHash;
  if (entry.leaf.prev !== expectedPrev) return 'previous stream leaf hash breaks the chain';
  if (previous !== undefined && entry.logIndex <= previous.logIndex) {
    return 'log index does not rise along the stream';
  }
  return null;
}

function verifyEntries(
  bundle: ExtractBundleInput,
  cp: OpenedCheckpoint | null,
): EntryVerification[] {
  return bundle.entries.map((entry, i) => {
    const base = { logIndex: entry.logIndex, version: entry.leaf.version, type: entry.leaf.type };
    const problem =
      chainProblem(entry, i, bundle.entries[i - 1]) ?? entryProblem(entry, bundle.recordId, cp);
    if (problem !== null) return { ...base, status: 'failed', reason: problem };
    if (entry.withheld) return { ...base, status: 'withheld', reason: entry.reason };
    return { ...base, status: 'verified' };
  });
}

/** What the offline verifier found for one entry a tablet signed (issue 19). */
export interface DeviceEntryVerification {
  deviceId: string;
  /** The device leaf that keeps the signed text. */
  logIndex: number;
  /** The device's sequence number and entry id, as signed; null when unreadable. */
  seq: number | null;
  entryId: string | null;
  /** The record entry made from it (its first), when found in the extract. */
  recordLogIndex: number | null;
  /** The device's enrolment leaf, which holds its public key. */
  enrolLogIndex: number;
  status: 'verified' | 'failed';
  reason?: string;
}

interface Opened {
  readonly payload: Record<string, unknown>;
}

function payloadOf(entry: ExtractEntry): Opened['payload'] | null {
  const p = entry.payload;
  return p !== null && typeof p === 'object' && !Array.isArray(p) ? p : null;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The device key of an enrolment leaf, or why it is not one. */
function enrolmentKey(
  proof: DeviceProof,
  cp: OpenedCheckpoint | null,
): { algorithm: DeviceKeyAlgorithm; spki: Uint8Array } | string {
  const e = proof.enrolment;
  const stream = deviceStream(proof.deviceId);
  const problem = entryProblem(e, stream, cp);
  if (problem !== null) return `enrolment leaf: ${problem}`;
  if (e.leaf.type !== DEVICE_ENROLLED || e.leaf.version !== 1 || e.leaf.prev !== null) {
    return 'enrolment leaf: not the first entry (DeviceEnrolled) of the device stream';
  }
  const p = payloadOf(e);
  const algorithm = text(p?.['algorithm']);
  const key = text(p?.['publicKey']);
  if (text(p?.['deviceId']) !== proof.deviceId || key === null) {
    return 'enrolment leaf: names another device or no public key';
  }
  if (algorithm !== 'Ed25519' && algorithm !== 'ECDSA-P256') {
    return `enrolment leaf: unknown key algorithm ${String(algorithm)}`;
  }
  let spki: Uint8Array;
  try {
    spki = fromBase64(key);
  } catch {
    return 'enrolment leaf: the public key is not base64';
  }
  if (deviceKeyFromSpki(algorithm, spki) === null) {
    return `enrolment leaf: the public key is not an ${algorithm} key`;
  }
  return { algorithm, spki };
}

/** Checks one device entry leaf; returns the signed body's ids and the problem, if any. */
function deviceEntryProblem(
  proof: DeviceProof,
  entry: ExtractEntry,
  key: { algorithm: DeviceKeyAlgorithm; spki: Uint8Array },
  bundle: ExtractBundleInput,
  cp: OpenedCheckpoint | null,
): {
  seq: number | null;
  entryId: string | null;
  recordLogIndex: number | null;
  problem: string | null;
} {
  const none = { seq: null, entryId: null, recordLogIndex: null };
  const leafProblem = entryProblem(entry, deviceStream(proof.deviceId), cp);
  if (leafProblem !== null) return { ...none, problem: leafProblem };
  if (entry.leaf.type !== DEVICE_ENTRY_RECEIVED) {
    return { ...none, problem: `leaf of type ${entry.leaf.type}, not ${DEVICE_ENTRY_RECEIVED}` };
  }
  if (entry.logIndex <= proof.enrolment.logIndex) {
    return { ...none, problem: 'received before the device was enrolled' };
  }
  if (proof.revocation !== null && entry.logIndex >= proof.revocation.logIndex) {
    return { ...none, problem: 'received after the device was revoked' };
  }
  const p = payloadOf(entry);
  const signed = text(p?.['signed']);
  const signature = text(p?.['signature']);
  if (signed === null || signature === null) {
    return { ...none, problem: 'the leaf holds no signed text and signature' };
  }
  let sig: Uint8Array;
  try {
    sig = fromBase64(signature);
  } catch {
    return { ...none, problem: 'the device signature is not base64' };
  }
  const bytes = new TextEncoder().encode(signed);
  if (!verifyDeviceSignature(key.algorithm, key.spki, bytes, sig)) {
    return {
      ...none,
      problem: 'the device signature does not verify with the enrolled device key',
    };
  }
  let body: {
    entryId?: unknown;
    deviceId?: unknown;
    seq?: unknown;
    actorId?: unknown;
    command?: { recordId?: unknown };
  };
  try {
    body = JSON.parse(signed) as typeof body;
  } catch {
    return { ...none, problem: 'the signed text is not JSON' };
  }
  const entryId = text(body.entryId);
  const seq = typeof body.seq === 'number' ? body.seq : null;
  const ids = { seq, entryId, recordLogIndex: null };
  if (text(body.deviceId) !== proof.deviceId)
    return { ...ids, problem: 'signed for another device' };
  if (entryId === null || p?.['entryId'] !== entryId) {
    return { ...ids, problem: 'the leaf names another entry than the signed text' };
  }
  if (text(p['entryHash']) !== toHex(sha256(bytes))) {
    return { ...ids, problem: 'the entry hash is not the SHA-256 of the signed text' };
  }
  if (text(body.command?.recordId) !== bundle.recordId) {
    return { ...ids, problem: 'signed for another record' };
  }
  const made = bundle.entries.find((e) => e.leaf.id === entryId);
  if (made === undefined) {
    return { ...ids, problem: 'no entry of the record was made from it (by its entry id)' };
  }
  if (made.leaf.actor.id !== text(body.actorId)) {
    return {
      ...ids,
      recordLogIndex: made.logIndex,
      problem: 'the record entry names another author than the signed text',
    };
  }
  return { ...ids, recordLogIndex: made.logIndex, problem: null };
}

/**
 * The tablets' leaves of the extract (issue 19): for each device, its enrolment leaf (the public
 * key) and each entry leaf proved in the same checkpoint as the record, the entry leaf's signed
 * text verified with that key, naming this device, this record and the record entry (by id and
 * author) made from it, received after the enrolment and before any revocation.
 */
function verifyDevices(
  bundle: ExtractBundleInput,
  cp: OpenedCheckpoint | null,
): DeviceEntryVerification[] {
  const out: DeviceEntryVerification[] = [];
  for (const proof of bundle.devices ?? []) {
    const key = enrolmentKey(proof, cp);
    const revocationProblem =
      proof.revocation === null
        ? null
        : (entryProblem(proof.revocation, deviceStream(proof.deviceId), cp) ??
          (proof.revocation.leaf.type === DEVICE_REVOKED ? null : 'not a revocation leaf'));
    for (const entry of proof.entries) {
      const base = {
        deviceId: proof.deviceId,
        logIndex: entry.logIndex,
        enrolLogIndex: proof.enrolment.logIndex,
      };
      if (typeof key === 'string' || revocationProblem !== null) {
        const reason =
          typeof key === 'string' ? key : `revocation leaf: ${revocationProblem ?? ''}`;
        out.push({
          ...base,
          seq: null,
          entryId: null,
          recordLogIndex: null,
          status: 'failed',
          reason,
        });
        continue;
      }
      const r = deviceEntryProblem(proof, entry, key, bundle, cp);
      const ids = { seq: r.seq, entryId: r.entryId, recordLogIndex: r.recordLogIndex };
      out.push(
        r.problem === null
          ? { ...base, ...ids, status: 'verified' }
          : { ...base, ...ids, status: 'failed', reason: r.problem },
      );
    }
  }
  return out;
}

/**
 * The quorum of the caller's c2sp.org/tlog-policy on the extract's checkpoint: a signature by a
 * log of the policy and valid cosignature/v1 lines by enough distinct witnesses (c2sp.org/
 * tlog-cosignature); a policy key whose signature fails rejects the checkpoint. `now` bounds the
 * cosignature times (a cosignature dated more than 10 minutes ahead does not count).
 */
function checkWitnesses(
  bundle: ExtractBundleInput,
  policy: Policy,
  now: number,
  problems: string[],
): WitnessVerification {
  const quorum = describeQuorum(policy.quorum);
  let opened;
  try {
    opened = verifyCheckpointNote(bundle.checkpoint, policy, { now });
  } catch (e) {
    problems.push(`witness policy: checkpoint not accepted: ${(e as Error).message}`);
    return { quorum, met: false, cosignedBy: [] };
  }
  const signed = new Set(opened.cosignatures.map((c) => c.witness));
  const cosignedBy = policy.witnesses.map((w) => w.name).filter((name) => signed.has(name));
  if (!opened.quorum) {
    const who = cosignedBy.length === 0 ? 'no witness of the policy' : cosignedBy.join(', ');
    problems.push(
      `the witness quorum ${quorum} is not met on the checkpoint of size ${String(opened.checkpoint.size)} ` +
        `(cosigned by ${who}): the witnesses have not confirmed that this is the history everyone ` +
        'sees. An extract made right after its last entry precedes the witnesses’ next round; ' +
        'export it again later. If it persists, see the witness alerts on the integrity page',
    );
  }
  for (const u of opened.uncounted) problems.push(`witness ${u.witness}: not counted, ${u.reason}`);
  return { quorum, met: opened.quorum, cosignedBy };
}

const TRUNCATION = "so the removal of the record's last entries cannot be excluded";

/** Opens and parses the signed extract statement with the caller's trusted keys only. */
function openStatement(
  bundle: ExtractBundleInput,
  verifiers: readonly NoteVerifier[],
  problems: string[],
): ExtractStatement | null {
  if (bundle.format === LEGACY_EXTRACT_FORMAT) {
    problems.push(
      `bundle format ${LEGACY_EXTRACT_FORMAT} carries no signed extract statement, ${TRUNCATION}; ` +
        'export the extract again',
    );
    return null;
  }
  if (bundle.statement === undefined) {
    problems.push(`the signed extract statement is missing, ${TRUNCATION}`);
    return null;
  }
  if (verifiers.length === 0) return null;
  let text: string;
  try {
    text = openNote(bundle.statement, verifiers).text;
  } catch (e) {
    problems.push(`extract statement not verified: ${(e as Error).message}`);
    return null;
  }
  try {
    return parseExtractStatement(text);
  } catch (e) {
    problems.push(`extract statement malformed: ${(e as Error).message}`);
    return null;
  }
}

/**
 * The statement against the bundle: same log, record and checkpoint; exactly its number of
 * entries (the chain check makes them versions 1..n); its last entry at the stated log index
 * with the stated leaf hash. Dropping the last entries, or pairing the entries with another
 * record's or another checkpoint's statement, fails here.
 */
function statementProblems(
  s: ExtractStatement,
  bundle: ExtractBundleInput,
  cp: OpenedCheckpoint | null,
): string[] {
  const problems: string[] = [];
  if (s.origin !== bundle.origin) {
    problems.push(`extract statement is of log ${s.origin}, not the bundle's ${bundle.origin}`);
  }
  if (s.recordId !== bundle.recordId) {
    problems.push(`extract statement is of record ${s.recordId}, not ${bundle.recordId}`);
  }
  if (s.treeSize !== bundle.treeSize) {
    problems.push(
      `extract statement is against a checkpoint of size ${s.treeSize}, not ${bundle.treeSize}`,
    );
  } else if (cp !== null && s.root !== cp.root) {
    problems.push('extract statement names another checkpoint root than the signed checkpoint');
  }
  const n = bundle.entries.length;
  if (n < s.entries) {
    const missing = s.entries - n;
    problems.push(
      `the bundle holds ${n} entries but the signed statement says the record had ${s.entries}: ` +
        `the last ${missing === 1 ? 'entry is' : `${missing} entries are`} missing`,
    );
  } else if (n > s.entries) {
    problems.push(
      `the bundle holds ${n} entries but the signed statement says the record had only ${s.entries}`,
    );
  }
  const last = bundle.entries.at(-1);
  if (last !== undefined && last.logIndex !== s.lastIndex) {
    problems.push(
      `the last entry is at log index ${last.logIndex}, the statement's last at ${s.lastIndex}`,
    );
  }
  if (last !== undefined && last.leafHash !== s.lastLeafHash) {
    problems.push("the last entry's leaf hash differs from the statement's");
  }
  return problems;
}

/**
 * Verifies a custody record extract offline (integrity.md, "Verification"): validates the bundle
 * strictly, opens the C2SP signed-note checkpoint with the caller's trusted keys only (the
 * bundle's own `vkeys` are never trusted), then checks for every entry the leaf hash recomputed
 * from its RFC 8785 leaf bytes, the payload commitment from payload and salt, the RFC 9162
 * §2.1.3.2 inclusion proof against the checkpoint root, and the record's stream chain; finally
 * the signed extract statement, opened with the same trusted keys, against the bundle (its
 * record, checkpoint, number of entries and last entry), so that an extract cut short fails too.
 * For entries made offline on a tablet, the bundle's device leaves (`verifyDevices`): the
 * enrolled key, the tablet's signature over the exact bytes it signed, and the link to the record.
 * With `policy` (c2sp.org/tlog-policy), the checkpoint must also carry a signature by a log of
 * the policy and cosignatures meeting its witness quorum.
 * Pure: needs only the ledger, so it can run in a browser.
 */
export function verifyExtract(
  input: unknown,
  vkeys: readonly string[],
  options: { policy?: Policy; now?: number } = {},
): ExtractVerification {
  const parsed = extractBundleInput.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `bundle ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    return {
      ok: false,
      intact: false,
      recordId: null,
      checkpoint: null,
      statement: null,
      witnesses: null,
      entries: [],
      devices: [],
      problems,
    };
  }
  const bundle = parsed.data;
  const problems: string[] = [];
  const verifiers = parseVerifiers(vkeys, problems);
  const cp = openCheckpoint(bundle, verifiers, problems);
  const statement = openStatement(bundle, verifiers, problems);
  if (statement !== null) problems.push(...statementProblems(statement, bundle, cp));
  const entries = verifyEntries(bundle, cp);
  for (const e of entries) {
    if (e.status === 'failed') problems.push(`entry ${e.logIndex}: ${e.reason ?? 'failed'}`);
  }
  const devices = verifyDevices(bundle, cp);
  for (const d of devices) {
    if (d.status === 'failed') {
      problems.push(`device ${d.deviceId} leaf ${d.logIndex}: ${d.reason ?? 'failed'}`);
    }
  }
  const intact = problems.length === 0;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const witnesses =
    options.policy === undefined ? null : checkWitnesses(bundle, options.policy, now, problems);
  const checkpoint = cp === null ? null : { origin: cp.origin, size: cp.size, root: cp.root };
  return {
    ok: problems.length === 0,
    intact,
    recordId: bundle.recordId,
    checkpoint,
    statement,
    witnesses,
    entries,
    devices,
    problems,
  };
}
