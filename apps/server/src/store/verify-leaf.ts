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

interface At {
  logIndex: number;
  streamId: string;
}

interface StreamTip {
  version: number;
  last: Uint8Array;
}

/**
 * Checks leaves in log order: leaf hashes, leaf bytes against their columns, payload
 * commitments and erasures, stream chains, and every stored node, rebuilding the RFC 9162
 * tree as it goes (integrity.md, "Verification").
 */
export class LeafChecker {
  readonly range = CompactRange.empty(nodeHashOnce);
  readonly streams = new Map<string, StreamTip>();
  readonly problems: VerifyProblem[] = [];
  nodes = 0;
  /** Leaves missing from the table, keyed by the hex leaf hash their stored node still holds. */
  readonly #missing = new Map<string, VerifyProblem>();
  /** Tombstone index -> the erased leaf it must name. */
  readonly #tombstones = new Map<number, { target: number; leafHash: string; stream: string }>();

  constructor(private readonly erasures: ReadonlyMap<number, number>) {}

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

  check(row: VerifyRow, nodes: NodeWindow): void {
    const index = int(row.log_index);
    const at = { logIndex: index, streamId: row.stream_id };
    const hash = leafHashOnce(row.leaf);
    if (!same(hash, row.leaf_hash)) {
      this.problem({
        ...at,
        kind: 'leaf-hash',
        message: 'the leaf bytes do not hash to the stored leaf hash',
      });
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
    if (expected === null || !view(row.leaf).equals(Buffer.from(expected, 'utf8'))) {
      this.problem({
        ...at,
        kind: 'leaf-fields',
        message: 'the leaf bytes disagree with the stored columns or index',
      });
    }
    this.#checkPayload(row, index, hash, at);
    this.#checkStream(row, hash, at);
    this.#checkNodes(hash, nodes, at);
  }

  #checkPayload(row: VerifyRow, index: number, hash: Uint8Array, at: At): void {
    if (row.payload !== null && row.salt !== null) {
      if (payloadCommitment(row.salt, row.payload) !== row.commitment) {
        this.problem({
          ...at,
          kind: 'payload',
          message: 'the payload does not match its commitment',
        });
      }
    } else {
      const tombstone = this.erasures.get(index);
      if (tombstone === undefined || tombstone <= index) {
        this.problem({
          ...at,
          kind: 'payload-missing',
          message: 'the payload is gone without a recorded erasure',
        });
      } else {
        this.#tombstones.set(tombstone, {
          target: index,
          leafHash: hex(hash),
          stream: row.stream_id,
        });
      }
    }
    const erased = this.#tombstones.get(index);
    if (erased === undefined) return;
    this.#tombstones.delete(index);
    if (!tombstoneNames(row, erased)) {
      this.problem({
        logIndex: erased.target,
        streamId: erased.stream,
        kind: 'erasure-unbound',
        message: `the erasure of log index ${erased.target} has no tombstone naming it (log index ${index})`,
      });
    }
  }

  #checkStream(row: VerifyRow, hash: Uint8Array, at: At): void {
    const tip = this.streams.get(row.stream_id);
    const version = tip?.version ?? 0;
    if (row.stream_version !== version + 1) {
      this.problem({
        ...at,
        kind: 'stream-version',
        message: `stream version ${row.stream_version} follows ${version}`,
      });
    }
    const prevOk =
      tip === undefined
        ? row.prev_hash === null
        : row.prev_hash !== null && same(row.prev_hash, tip.last);
    if (!prevOk) {
      this.problem({
        ...at,
        kind: 'stream-chain',
        message: 'the previous-event hash does not match the stream',
      });
      const lost = row.prev_hash === null ? undefined : this.#missing.get(hex(row.prev_hash));
      if (lost) lost.streamId = row.stream_id;
    }
    this.streams.set(row.stream_id, { version: row.stream_version, last: hash });
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
  row: VerifyRow,
  erased: { target: number; leafHash: string; stream: string },
): boolean {
  if (row.stream_id !== erased.stream) return false;
  if (row.payload === null) return true;
  const p = JSON.parse(row.payload) as JsonValue;
  if (p === null || typeof p !== 'object' || Array.isArray(p)) return false;
  const ref = p['erased'];
  if (ref === null || typeof ref !== 'object' || Array.isArray(ref)) return false;
  return ref['logIndex'] === erased.target && ref['leafHash'] === erased.leafHash;
}
