import { CompactRange, nodeHashOnce, perfectSubtrees } from '@custody/ledger/merkle';
import { NodeWindow, type PackedLevel } from './node-window.ts';
import {
  continuesStream,
  firstBadNode,
  type LeafFacts,
  type Segment,
  type SegmentStream,
  type StreamTip,
} from './verify-leaf.ts';
import type { Batch } from './verify-rows.ts';

const HASH = 32;

/**
 * The run's {@link Segment}, or null when the run is not clean: then its rows are checked one by
 * one in log order (`LeafChecker.accept`), which names every problem. Uses the same stream and
 * node checks as `LeafChecker`.
 */
export function segmentOf(
  from: number,
  to: number,
  facts: readonly LeafFacts[],
  nodes: NodeWindow,
): Segment | null {
  if (facts.length !== to - from) return null;
  const streams: SegmentStream[] = [];
  const byId = new Map<string, { at: number; tip: StreamTip }>();
  const streamOf = new Uint32Array(facts.length);
  for (let i = 0; i < facts.length; i++) {
    const f = facts[i] as LeafFacts;
    if (f.index !== from + i || f.problems !== null || !f.payload || f.erased !== undefined) {
      return null;
    }
    const s = byId.get(f.stream);
    if (s === undefined) {
      streamOf[i] = streams.length;
      byId.set(f.stream, { at: streams.length, tip: { version: f.version, last: f.hash } });
      streams.push({
        id: f.stream,
        index: f.index,
        version: f.version,
        prev: f.prev,
        lastVersion: f.version,
        last: f.hash,
      });
      continue;
    }
    const ok = continuesStream(s.tip, f.version, f.prev);
    if (!ok.version || !ok.chain) return null;
    s.tip = { version: f.version, last: f.hash };
    streamOf[i] = s.at;
  }
  for (const s of byId.values()) {
    const st = streams[s.at] as SegmentStream;
    st.lastVersion = s.tip.version;
    st.last = s.tip.last;
  }
  const roots: Uint8Array[] = [];
  let checked = 0;
  for (const p of perfectSubtrees(from, to)) {
    const start = p.index * 2 ** p.level;
    const range = CompactRange.empty(nodeHashOnce);
    for (let i = start; i < start + 2 ** p.level; i++) {
      const completed = range.append((facts[i - from] as LeafFacts).hash);
      // In the run's own numbering the subtree starts at leaf 0: shift each node to its place.
      for (const n of completed) n.index += p.index * 2 ** (p.level - n.level);
      if (firstBadNode(completed, nodes) !== null) return null;
      checked += completed.length;
    }
    roots.push(range.root());
  }
  return segment(from, to, roots, streams, streamOf, checked);
}

function segment(
  from: number,
  to: number,
  roots: Uint8Array[],
  streams: SegmentStream[],
  streamOf: Uint32Array,
  nodes: number,
): Segment {
  return {
    from,
    to,
    roots,
    streams,
    streamOf,
    streamAt: (i) => (streams[streamOf[i - from] ?? -1] as SegmentStream).id,
    nodes,
  };
}

/**
 * A {@link Segment} and the stored nodes of its run as a worker thread posts them: hashes and
 * numbers in typed arrays (transferred, not copied).
 */
export interface PackedSegment {
  kind: 'segment';
  seq: number;
  from: number;
  to: number;
  roots: Uint8Array;
  ids: string[];
  /** Per stream: first index, first version, last version. */
  numbers: Float64Array;
  prevs: Uint8Array;
  /** Per stream: 0 no previous hash, 1 one of 32 bytes, 2 one of another length (matches none). */
  prevKinds: Uint8Array;
  lasts: Uint8Array;
  streamOf: Uint32Array;
  nodes: number;
  window: PackedLevel[];
}

export function packSegment(seq: number, s: Segment, window: NodeWindow): PackedSegment {
  const n = s.streams.length;
  const out: PackedSegment = {
    kind: 'segment',
    seq,
    from: s.from,
    to: s.to,
    roots: new Uint8Array(s.roots.length * HASH),
    ids: new Array<string>(n),
    numbers: new Float64Array(3 * n),
    prevs: new Uint8Array(n * HASH),
    prevKinds: new Uint8Array(n),
    lasts: new Uint8Array(n * HASH),
    streamOf: s.streamOf,
    nodes: s.nodes,
    window: window.pack(),
  };
  s.roots.forEach((r, i) => {
    out.roots.set(r, i * HASH);
  });
  s.streams.forEach((st, i) => {
    out.ids[i] = st.id;
    out.numbers.set([st.index, st.version, st.lastVersion], 3 * i);
    if (st.prev !== null && st.prev.length === HASH) out.prevs.set(st.prev, i * HASH);
    out.prevKinds[i] = st.prev === null ? 0 : st.prev.length === HASH ? 1 : 2;
    out.lasts.set(st.last, i * HASH);
  });
  return out;
}

/** The buffers of a packed segment, to transfer instead of copying. */
export function segmentTransferList(p: PackedSegment): ArrayBuffer[] {
  // Each array was made with an ArrayBuffer of its own, never a shared one.
  const arrays: Uint8Array[] = [p.roots, p.prevs, p.prevKinds, p.lasts];
  for (const l of p.window) arrays.push(l.hashes, l.present);
  return [...arrays, p.numbers, p.streamOf].map((a) => a.buffer as ArrayBuffer);
}

export function unpackSegment(p: PackedSegment): Batch {
  const hash = (a: Uint8Array, i: number): Uint8Array => a.slice(i * HASH, (i + 1) * HASH);
  const streams = p.ids.map((id, i): SegmentStream => {
    const kind = p.prevKinds[i];
    return {
      id,
      index: p.numbers[3 * i] ?? NaN,
      version: p.numbers[3 * i + 1] ?? NaN,
      prev: kind === 0 ? null : kind === 1 ? hash(p.prevs, i) : new Uint8Array(0),
      lastVersion: p.numbers[3 * i + 2] ?? NaN,
      last: hash(p.lasts, i),
    };
  });
  const roots = Array.from({ length: p.roots.length / HASH }, (_, i) => hash(p.roots, i));
  return {
    from: p.from,
    to: p.to,
    facts: [],
    segment: segment(p.from, p.to, roots, streams, p.streamOf, p.nodes),
    nodes: NodeWindow.unpack(p.window),
  };
}
