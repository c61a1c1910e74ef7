import { isAscii } from 'node:buffer';
import {
  CompactRange,
  leafHashOnce,
  nodeHashOnce,
  perfectSubtrees,
  type JsonValue,
  type StoredNode,
} from '@custody/ledger/merkle';
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

export interface StreamTip {
  version: number;
  last: Uint8Array;
}

/**
 * Whether a leaf continues its stream: its version is one past the tip's (1 when the stream has
 * no tip), and its previous-event hash is the tip's last leaf hash (none when it has no tip).
 */
export function continuesStream(
  tip: StreamTip | undefined,
  version: number,
  prev: Uint8Array | null,
): { version: boolean; chain: boolean } {
  return {
    version: version === (tip?.version ?? 0) + 1,
    chain: tip === undefined ? prev === null : prev !== null && same(prev, tip.last),
  };
}

/**
 * The first of `completed` (nodes a leaf or subtree completes, computed from the leaves) that the
 * stored nodes do not hold: its position in `completed` and its problem; null when all match.
 */
export function firstBadNode(
  completed: readonly StoredNode[],
  nodes: NodeWindow,
): { at: number; kind: string; message: string } | null {
  for (let i = 0; i < completed.length; i++) {
    const n = completed[i] as StoredNode;
    const held = nodes.holds(n.level, n.index, n.hash);
    if (held === undefined) {
      return {
        at: i,
        kind: 'node-missing',
        message: `tree node (${n.level}, ${n.index}) is missing`,
      };
    }
    if (!held) {
      return {
        at: i,
        kind: 'node',
        message: `tree node (${n.level}, ${n.index}) does not match the leaves`,
      };
    }
  }
  return null;
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
  const hash = leafHashOnce(row.leaf);
  if (!same(hash, row.leaf_hash)) {
    problems = rowProblem(
      problems,
      row,
      'leaf-hash',
      'the leaf bytes do not hash to the stored leaf hash',
    );
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
    problems = rowProblem(
      problems,
      row,
      'leaf-fields',
      'the leaf bytes disagree with the stored columns or index',
    );
  }
  const payload = row.payload !== null && row.salt !== null;
  if (
    payload &&
    payloadCommitment(row.salt as Uint8Array, row.payload as string) !== row.commitment
  ) {
    problems = rowProblem(problems, row, 'payload', 'the payload does not match its commitment');
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

function rowProblem(
  problems: VerifyProblem[] | null,
  row: VerifyRow,
  kind: string,
  message: string,
): VerifyProblem[] {
  const p = { logIndex: int(row.log_index), streamId: row.stream_id, kind, message };
  return problems === null ? [p] : [...problems, p];
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

/** A stream's leaves within a {@link Segment}. */
export interface SegmentStream {
  id: string;
  /** Its first leaf in the run: log index, stream version, previous-event hash. */
  index: number;
  version: number;
  prev: Uint8Array | null;
  /** Its last leaf in the run: stream version and leaf hash (the stream's tip after the run). */
  lastVersion: number;
  last: Uint8Array;
}

/**
 * A run of leaves [from, to) that a worker thread checked on its own and found clean: every row
 * present, none with a problem of its own (`examineLeaf`), every payload present and no
 * tombstone among them (erasures are checked row by row), each stream chained within the run,
 * and every stored node inside the run's perfect subtrees equal to the node computed from the
 * leaves. What is left to check needs the leaves before the run, and is checked by
 * `LeafChecker.acceptSegment`: how each stream's first leaf continues its tip, and the nodes
 * the subtrees complete above them.
 */
export interface Segment {
  from: number;
  to: number;
  /** The roots of `perfectSubtrees(from, to)`, in order. */
  roots: Uint8Array[];
  /** The run's streams in order of their first leaf. */
  streams: SegmentStream[];
  /** For each leaf of the run, the position of its stream in `streams`. */
  streamOf: Uint32Array;
  /** The stream of log index i, for from <= i < to. */
  streamAt(i: number): string;
  /** Stored nodes checked. */
  nodes: number;
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
    this.#checkStream(f.version, f.prev, at);
    this.streams.set(f.stream, { version: f.version, last: f.hash });
    this.#checkNodes(this.range.append(f.hash), nodes, at);
  }

  /**
   * The checks of a run of leaves that a worker thread checked on its own and found clean
   * ({@link Segment}): each of its streams continues from its tip here, and its subtrees join
   * the tree, completing nodes above them that are checked here. `nodes` holds the stored nodes
   * completed by the run's leaves.
   */
  acceptSegment(s: Segment, nodes: NodeWindow): void {
    for (const st of s.streams) {
      this.#checkStream(st.version, st.prev, { logIndex: st.index, streamId: st.id });
      this.streams.set(st.id, { version: st.lastVersion, last: st.last });
    }
    perfectSubtrees(s.from, s.to).forEach((p, i) => {
      const root = s.roots[i];
      if (root === undefined) throw new Error('a segment lacks the root of a subtree');
      // Nodes above the subtree are completed by its last leaf, as appending that leaf would.
      const last = (p.index + 1) * 2 ** p.level - 1;
      const at = { logIndex: last, streamId: s.streamAt(last) };
      this.#checkNodes(this.range.appendSubtree(p.level, root).slice(1), nodes, at);
    });
    this.nodes += s.nodes;
  }

  /**
   * The root of the tree of `size` leaves, for a size inside the segment accepted next (the
   * range is at `s.from`): from the stored nodes of the segment's subtrees, which the worker
   * found equal to the ones it computed from the leaves.
   */
  rootWithin(s: Segment, size: number, nodes: NodeWindow): Uint8Array {
    const r = this.range.clone();
    for (const p of perfectSubtrees(s.from, size)) {
      const h = nodes.get(p.level, p.index);
      if (h === undefined) throw new Error(`a checked segment lacks node (${p.level}, ${p.index})`);
      r.appendSubtree(p.level, h);
    }
    return r.root();
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

  #checkStream(version: number, prev: Uint8Array | null, at: At): void {
    const tip = this.streams.get(at.streamId);
    const ok = continuesStream(tip, version, prev);
    if (!ok.version) {
      this.problem({
        ...at,
        kind: 'stream-version',
        message: `stream version ${version} follows ${tip?.version ?? 0}`,
      });
    }
    if (!ok.chain) {
      this.problem({
        ...at,
        kind: 'stream-chain',
        message: 'the previous-event hash does not match the stream',
      });
      const lost = prev === null ? undefined : this.#missing.get(hex(prev));
      if (lost) lost.streamId = at.streamId;
    }
  }

  #checkNodes(completed: StoredNode[], nodes: NodeWindow, at: At): void {
    const bad = firstBadNode(completed, nodes);
    this.nodes += bad === null ? completed.length : bad.at + 1;
    if (bad !== null) this.problem({ ...at, kind: bad.kind, message: bad.message });
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
