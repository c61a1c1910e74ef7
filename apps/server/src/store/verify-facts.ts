import { NodeWindow, type PackedLevel } from './node-window.ts';
import type { ErasedRef, LeafFacts } from './verify-leaf.ts';
import type { Batch } from './verify-rows.ts';
import type { VerifyProblem } from './types.ts';

const HASH = 32;

/**
 * A {@link Batch} as a worker thread posts it: numbers and hashes in typed arrays
 * (transferred, not copied), stream ids as strings, problems and tombstone references sparse.
 */
export interface PackedBatch {
  seq: number;
  from: number;
  to: number;
  nodes: PackedLevel[];
  indexes: Float64Array;
  versions: Float64Array;
  hashes: Uint8Array;
  prevs: Uint8Array;
  /** Bits: the row has a previous-event hash; its payload is present; that hash is not 32 bytes. */
  flags: Uint8Array;
  streams: string[];
  problems: [number, VerifyProblem[]][];
  erased: [number, ErasedRef][];
}

const HAS_PREV = 1;
const HAS_PAYLOAD = 2;
/** A stored previous hash of another length cannot match any leaf hash: it is kept as none. */
const BAD_PREV = 4;

export function packBatch(seq: number, batch: Batch): PackedBatch {
  const { facts } = batch;
  const n = facts.length;
  const out: PackedBatch = {
    seq,
    from: batch.from,
    to: batch.to,
    nodes: batch.nodes.pack(),
    indexes: new Float64Array(n),
    versions: new Float64Array(n),
    hashes: new Uint8Array(n * HASH),
    prevs: new Uint8Array(n * HASH),
    flags: new Uint8Array(n),
    streams: new Array<string>(n),
    problems: [],
    erased: [],
  };
  for (let i = 0; i < n; i++) {
    const f = facts[i] as LeafFacts;
    out.indexes[i] = f.index;
    out.versions[i] = f.version;
    out.hashes.set(f.hash, i * HASH);
    let flags = f.payload ? HAS_PAYLOAD : 0;
    if (f.prev !== null) {
      flags |= HAS_PREV;
      if (f.prev.length === HASH) out.prevs.set(f.prev, i * HASH);
      else flags |= BAD_PREV;
    }
    out.flags[i] = flags;
    out.streams[i] = f.stream;
    if (f.problems !== null) out.problems.push([i, f.problems]);
    if (f.erased !== undefined) out.erased.push([i, f.erased]);
  }
  return out;
}

/** The buffers of a packed batch, to transfer instead of copying. */
export function transferList(p: PackedBatch): ArrayBuffer[] {
  // Each array was made with an ArrayBuffer of its own, never a shared one.
  const arrays = [p.indexes, p.versions, p.hashes, p.prevs, p.flags];
  for (const l of p.nodes) arrays.push(l.hashes, l.present);
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

export function unpackBatch(p: PackedBatch): Batch {
  const n = p.indexes.length;
  const problems = new Map(p.problems);
  const out = new Array<LeafFacts>(n);
  for (let i = 0; i < n; i++) {
    const flags = p.flags[i] ?? 0;
    const o = i * HASH;
    out[i] = {
      index: p.indexes[i] ?? NaN,
      stream: p.streams[i] ?? '',
      version: p.versions[i] ?? NaN,
      prev:
        (flags & HAS_PREV) === 0
          ? null
          : (flags & BAD_PREV) !== 0
            ? new Uint8Array(0)
            : p.prevs.subarray(o, o + HASH),
      // A copy: a stream's tip keeps its hash, and must not keep the whole batch alive.
      hash: p.hashes.slice(o, o + HASH),
      payload: (flags & HAS_PAYLOAD) !== 0,
      problems: problems.get(i) ?? null,
    };
  }
  for (const [i, ref] of p.erased) {
    const f = out[i];
    if (f !== undefined) f.erased = ref;
  }
  return { from: p.from, to: p.to, facts: out, nodes: NodeWindow.unpack(p.nodes) };
}
