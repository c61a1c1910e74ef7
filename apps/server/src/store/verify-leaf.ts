import { isAscii } from 'node:buffer';
import { CompactRange, leafHashOnce, nodeHashOnce, type JsonValue } from '@custody/ledger';
import { hex } from './bytes.ts';
import { leafJson, payloadCommitment } from './leaf.ts';
import type { NodeWindow } from './node-window.ts';
import { int } from './schema.ts';
import type { VerifyProblem } from './types.ts';

/** A leaf row with what verification needs beside it. */
export interface VerifyRow {
  log_index: number | string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  event_type: string;
  occurred_at: string;
  recorded_at: string;
  actor_id: string;
  actor_role: string;
  prev_hash: Uint8Array | null;
  commitment: string;
  leaf: Uint8Array;
  leaf_hash: Uint8Array;
  occurred_offset: string | null;
  payload: string | null;
  salt: Uint8Array | null;
}

const view = (u: Uint8Array): Buffer =>
  Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
const same = (a: Uint8Array, b: Uint8Array): boolean => view(a).equals(view(b));

/**
 * Whether `bytes` are the UTF-8 encoding of `text`. An ASCII leaf (nearly every one) is read as
 * Latin-1 and compared as a string, which costs about half of encoding the text: an ASCII
 * buffer's Latin-1 reading is its text, and equals `text` exactly when `text` encodes to it.
 */
function isText(bytes: Uint8Array, text: string): boolean {
  const b = view(bytes);
  return isAscii(b) ? b.toString('latin1') === text : b.equals(Buffer.from(text, 'utf8'));
}

interface At {
  logIndex: number;
  streamId: string;
}

interface StreamTip {
  version: number;
  last: Uint8Array;
}

/** What an erasure's tombstone row says it erased: its reference, or why it has none. */
export type ErasedRef = { logIndex: unknown; leafHash: unknown } | 'no-payload' | 'invalid';

/**
 * What one leaf row shows on its own, before the checks that need the rows before it (stream
 * chain, tree, erasures). Computed by {@link examineLeaf}, in this thread or in a worker.
 */
export interface LeafFacts {
  index: number;
  stream: string;
  version: number;
  prev: Uint8Array | null;
  /** The RFC 6962 hash of the leaf bytes (not the stored one, which is compared to it). */
  hash: Uint8Array;
  /** Payload and salt are present (and were checked against the commitment). */
  payload: boolean;
  /** Only for a row that an erasure names as its tombstone: what its payload names. */
  erased?: ErasedRef;
  /** Problems of this row alone (leaf hash, leaf against columns, payload), or null. */
  problems: VerifyProblem[] | null;
}

/**
 * The checks of one leaf row that need no other row: its bytes hash to the stored leaf hash,
 * they equal the canonical envelope rebuilt from the columns and the row's index, its payload
 * matches the commitment; for a tombstone (an index in `tombstones`), what its payload names.
 * Pure, so that worker threads run it on their own batches (verify-worker.ts).
 */
export function examineLeaf(row: VerifyRow, tombstones: ReadonlySet<number>): LeafFacts {
  const index = int(row.log_index);
  let problems: VerifyProblem[] | null = null;
  const problem = (kind: string, message: string): void => {
    (problems ??= []).push({ logIndex: index, streamId: row.stream_id, kind, message });
  };
  const hash = leafHashOnce(row.leaf);
  if (!same(hash, row.leaf_hash)) {
    problem('leaf-hash', 'the leaf bytes do not hash to the stored leaf hash');
  }
  const expected = leafJson({
    index,
    stream: row.stream_id,
    version: row.stream_version,
    prev: row.prev_hash === null ? null : hex(row.prev_hash),
    id: row.event_id,
    type: row.event_type,
    occurredAt: row.occurred_at,
    occurredOffset: row.occurred_offset,
    recordedAt: row.recorded_at,
    actor: { id: row.actor_id, role: row.actor_role },
    commitment: row.commitment,
  });
  if (expected === null || !isText(row.leaf, expected)) {
    problem('leaf-fields', 'the leaf bytes disagree with the stored columns or index');
  }
  const payload = row.payload !== null && row.salt !== null;
  if (
    payload &&
    payloadCommitment(row.salt as Uint8Array, row.payload as string) !== row.commitment
  ) {
    problem('payload', 'the payload does not match its commitment');
  }
  const facts: LeafFacts = {
    index,
    stream: row.stream_id,
    version: row.stream_version,
    prev: row.prev_hash,
    hash,
    payload,
    problems,
  };
  if (tombstones.has(index)) facts.erased = erasedRef(row.payload);
  return facts;
}

function erasedRef(payload: string | null): ErasedRef {
  if (payload === null) return 'no-payload';
  let p: JsonValue;
  try {
    p = JSON.parse(payload) as JsonValue;
  } catch {
    return 'invalid';
  }
  if (p === null || typeof p !== 'object' || Array.isArray(p)) return 'invalid';
  const ref = p['erased'];
  if (ref === null || typeof ref !== 'object' || Array.isArray(ref)) return 'invalid';
  return { logIndex: ref['logIndex'], leafHash: ref['leafHash'] };
}

/**
 * Checks leaves in log order: leaf hashes, leaf bytes against their columns, payload
 * commitments and erasures, stream chains, and every stored node, rebuilding the RFC 9162
 * tree as it goes (integrity.md, "Verification"). A row is either checked whole here
 * ({@link check}) or examined alone elsewhere and its facts accepted in order ({@link accept}).
 */
export class LeafChecker {
  readonly range = CompactRange.empty(nodeHashOnce);
  readonly streams = new Map<string, StreamTip>();
  readonly problems: VerifyProblem[] = [];
  nodes = 0;
  /** The log indexes that erasures name as their tombstones. */
  readonly tombstoneIndexes: ReadonlySet<number>;
  /** Leaves missing from the table, keyed by the hex leaf hash their stored node still holds. */
  readonly #missing = new Map<string, VerifyProblem>();
  /** Tombstone index -> the erased leaf it must name. */
  readonly #tombstones = new Map<number, { target: number; leafHash: string; stream: string }>();

  constructor(private readonly erasures: ReadonlyMap<number, number>) {
    this.tombstoneIndexes = new Set(erasures.values());
  }

  problem(p: VerifyProblem): void {
    this.problems.push(p);
  }

  /** Accounts for absent rows [from, to): the tree continues over their stored level-0 nodes. */
  gap(from: number, to: number, nodes: NodeWindow): void {
    for (let m = from; m < to; m++) {
      const p: VerifyProblem = {
        logIndex: m,
        kind: 'leaf-missing',
        message: `log index ${m} is missing: an event was deleted`,
      };
      this.problem(p);
      const h = nodes.get(0, m);
      if (h === undefined) continue;
      this.#missing.set(hex(h), p);
      this.range.append(h);
    }
  }

  /** Checks one row whole, in log order. */
  check(row: VerifyRow, nodes: NodeWindow): void {
    this.accept(examineLeaf(row, this.tombstoneIndexes), nodes);
  }

  /** The checks of a row that need the rows before it, given what the row showed alone. */
  accept(f: LeafFacts, nodes: NodeWindow): void {
    const at = { logIndex: f.index, streamId: f.stream };
    if (f.problems !== null) for (const p of f.problems) this.problem(p);
    this.#checkErasure(f, at);
    this.#checkStream(f, at);
    this.#checkNodes(f.hash, nodes, at);
  }

  #checkErasure(f: LeafFacts, at: At): void {
    if (!f.payload) {
      const tombstone = this.erasures.get(f.index);
      if (tombstone === undefined || tombstone <= f.index) {
        this.problem({
          ...at,
          kind: 'payload-missing',
          message: 'the payload is gone without a recorded erasure',
        });
      } else {
        this.#tombstones.set(tombstone, {
          target: f.index,
          leafHash: hex(f.hash),
          stream: f.stream,
        });
      }
    }
    const erased = this.#tombstones.get(f.index);
    if (erased === undefined) return;
    this.#tombstones.delete(f.index);
    if (!tombstoneNames(f, erased)) {
      this.problem({
        logIndex: erased.target,
        streamId: erased.stream,
        kind: 'erasure-unbound',
        message: `the erasure of log index ${erased.target} has no tombstone naming it (log index ${f.index})`,
      });
    }
  }

  #checkStream(f: LeafFacts, at: At): void {
    const tip = this.streams.get(f.stream);
    const version = tip?.version ?? 0;
    if (f.version !== version + 1) {
      this.problem({
        ...at,
        kind: 'stream-version',
        message: `stream version ${f.version} follows ${version}`,
      });
    }
    const prevOk = tip === undefined ? f.prev === null : f.prev !== null && same(f.prev, tip.last);
    if (!prevOk) {
      this.problem({
        ...at,
        kind: 'stream-chain',
        message: 'the previous-event hash does not match the stream',
      });
      const lost = f.prev === null ? undefined : this.#missing.get(hex(f.prev));
      if (lost) lost.streamId = f.stream;
    }
    this.streams.set(f.stream, { version: f.version, last: f.hash });
  }

  #checkNodes(hash: Uint8Array, nodes: NodeWindow, at: At): void {
    for (const n of this.range.append(hash)) {
      this.nodes++;
      const stored = nodes.get(n.level, n.index);
      if (stored === undefined) {
        this.problem({
          ...at,
          kind: 'node-missing',
          message: `tree node (${n.level}, ${n.index}) is missing`,
        });
        return;
      }
      if (!same(stored, n.hash)) {
        this.problem({
          ...at,
          kind: 'node',
          message: `tree node (${n.level}, ${n.index}) does not match the leaves`,
        });
        return;
      }
    }
  }

  /** Tombstones promised by erasure rows but never reached (beyond the end of the log). */
  unmatchedErasures(): VerifyProblem[] {
    return [...this.#tombstones.values()].map((e) => ({
      logIndex: e.target,
      streamId: e.stream,
      kind: 'erasure-unbound',
      message: `the erasure of log index ${e.target} has no tombstone in the log`,
    }));
  }
}

function tombstoneNames(
  f: LeafFacts,
  erased: { target: number; leafHash: string; stream: string },
): boolean {
  if (f.stream !== erased.stream) return false;
  const ref = f.erased;
  if (ref === 'no-payload') return true;
  if (ref === undefined || ref === 'invalid') return false;
  return ref.logIndex === erased.target && ref.leafHash === erased.leafHash;
}
