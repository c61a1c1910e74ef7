import type { DialectName } from '../db/database.ts';

export interface LevelSpan {
  level: number;
  from: number;
  to: number;
}

const HASH = 32;
const PRESENT = 1;
/** A stored node that is not 32 bytes: it matches nothing, and reads as an empty hash. */
const MALFORMED = 2;

/** One level of a {@link NodeWindow}, as plain typed arrays (a worker thread transfers them). */
export interface PackedLevel {
  level: number;
  from: number;
  hashes: Uint8Array;
  /** Per node: 0 none stored, 1 stored, 2 stored but not 32 bytes. */
  present: Uint8Array;
  /** `hashes` as a Buffer, made when first used (not posted: a view is not transferred). */
  bytes?: Buffer;
}

/**
 * The stored nodes completed by a run of leaves, held per level in one buffer indexed from the
 * level's first node, so that verification looks each one up without hashing a key, and a
 * worker thread hands a window over without copying it.
 */
export class NodeWindow {
  readonly #levels: (PackedLevel | undefined)[] = [];

  constructor(spans: readonly LevelSpan[]) {
    for (const s of spans) {
      const n = s.to - s.from;
      this.#levels[s.level] = {
        level: s.level,
        from: s.from,
        hashes: new Uint8Array(n * HASH),
        present: new Uint8Array(n),
      };
    }
  }

  static unpack(levels: readonly PackedLevel[]): NodeWindow {
    const w = new NodeWindow([]);
    for (const l of levels) w.#levels[l.level] = l;
    return w;
  }

  pack(): PackedLevel[] {
    return this.#levels
      .filter((l) => l !== undefined)
      .map(({ level, from, hashes, present }) => ({ level, from, hashes, present }));
  }

  set(level: number, index: number, hash: Uint8Array): void {
    const l = this.#levels[level];
    const i = l === undefined ? -1 : index - l.from;
    if (l === undefined || i < 0 || i >= l.present.length) return;
    if (hash.length === HASH) {
      l.hashes.set(hash, i * HASH);
      l.present[i] = PRESENT;
    } else {
      l.present[i] = MALFORMED;
    }
  }

  /**
   * Sets every node of `level` at once from `hashes`: the level's stored nodes in index order,
   * each 32 bytes (a level read whole in one row). False, and nothing set, when their length is
   * not the level's.
   */
  setLevel(level: number, hashes: Uint8Array): boolean {
    const l = this.#levels[level];
    if (l === undefined || hashes.length !== l.hashes.length) return false;
    l.hashes.set(hashes);
    l.present.fill(PRESENT);
    return true;
  }

  /**
   * Sets a stored node read as hex text (SQLite's `hex(hash)`), decoded into the window's own
   * buffer: no buffer per node. Text that is not 64 hex digits is a hash that is not 32 bytes.
   */
  setHex(level: number, index: number, text: string): void {
    const l = this.#levels[level];
    const i = l === undefined ? -1 : index - l.from;
    if (l === undefined || i < 0 || i >= l.present.length) return;
    l.bytes ??= Buffer.from(l.hashes.buffer, l.hashes.byteOffset, l.hashes.byteLength);
    const whole = text.length === 2 * HASH && l.bytes.write(text, i * HASH, HASH, 'hex') === HASH;
    l.present[i] = whole ? PRESENT : MALFORMED;
  }

  /**
   * Whether the stored node (level, index) is `hash` (32 bytes); undefined when the database has
   * none. Compares in place, without a view of the stored bytes.
   */
  holds(level: number, index: number, hash: Uint8Array): boolean | undefined {
    const l = this.#levels[level];
    const i = l === undefined ? -1 : index - l.from;
    if (l === undefined || i < 0 || i >= l.present.length) return undefined;
    const p = l.present[i];
    if (p !== PRESENT) return p === MALFORMED ? false : undefined;
    if (hash.length !== HASH) return false;
    l.bytes ??= Buffer.from(l.hashes.buffer, l.hashes.byteOffset, l.hashes.byteLength);
    return l.bytes.compare(hash, 0, HASH, i * HASH, (i + 1) * HASH) === 0;
  }

  /** The stored hash of node (level, index), undefined when the database has none. */
  get(level: number, index: number): Uint8Array | undefined {
    const l = this.#levels[level];
    const i = l === undefined ? -1 : index - l.from;
    if (l === undefined || i < 0 || i >= l.present.length) return undefined;
    const p = l.present[i];
    if (p === PRESENT) return l.hashes.subarray(i * HASH, (i + 1) * HASH);
    return p === MALFORMED ? new Uint8Array(0) : undefined;
  }
}

/** The levels and index spans of the nodes completed by leaves [lo, hi): (L, i) by leaf (i+1)·2^L − 1. */
export function spansCompletedIn(lo: number, hi: number): LevelSpan[] {
  const spans: LevelSpan[] = [];
  for (let level = 0, w = 1; w <= hi; level++, w *= 2) {
    const from = Math.ceil((lo + 1) / w) - 1;
    const to = Math.floor(hi / w);
    if (to > from) spans.push({ level, from, to });
  }
  return spans;
}

/**
 * The query that reads every stored node completed by leaves [lo, hi), one index range per
 * level, and the window it fills ({@link fillNodeWindow}); null when the leaves complete none.
 */
export function nodeWindowQuery(
  dialect: DialectName,
  lo: number,
  hi: number,
): { spans: LevelSpan[]; sql: string; params: number[] } | null {
  const spans = spansCompletedIn(lo, hi);
  if (spans.length === 0) return null;
  const p = (i: number): string => (dialect === 'sqlite' ? '?' : `$${String(i + 1)}`);
  const where = spans
    .map((_, i) => `(level = ${p(3 * i)} AND idx >= ${p(3 * i + 1)} AND idx < ${p(3 * i + 2)})`)
    .join(' OR ');
  return {
    spans,
    sql: `SELECT level, idx, hash FROM log_nodes WHERE ${where}`,
    params: spans.flatMap((s) => [s.level, s.from, s.to]),
  };
}

/** The window of `spans` holding the rows read by {@link nodeWindowQuery}. */
export function fillNodeWindow(
  spans: readonly LevelSpan[],
  rows: readonly { level: number; idx: number | string; hash: Uint8Array }[],
): NodeWindow {
  const window = new NodeWindow(spans);
  for (const r of rows) window.set(r.level, Number(r.idx), r.hash);
  return window;
}
