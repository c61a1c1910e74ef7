import { CompiledQuery } from 'kysely';
import type { DialectName } from '../db/database.ts';
import { placeholders } from './statements.ts';
import { int } from './schema.ts';
import type { Sql } from './transaction.ts';

interface LevelSpan {
  level: number;
  from: number;
  to: number;
}

/**
 * The stored nodes completed by a run of leaves, held per level in arrays indexed from the
 * level's first node, so that verification looks each one up without hashing a key.
 */
export class NodeWindow {
  readonly #from: number[] = [];
  readonly #hashes: (Uint8Array | undefined)[][] = [];

  constructor(spans: readonly LevelSpan[]) {
    for (const s of spans) {
      this.#from[s.level] = s.from;
      this.#hashes[s.level] = new Array<Uint8Array | undefined>(s.to - s.from);
    }
  }

  set(level: number, index: number, hash: Uint8Array): void {
    const from = this.#from[level];
    const hashes = this.#hashes[level];
    if (from !== undefined && hashes !== undefined && index >= from) hashes[index - from] = hash;
  }

  /** The stored hash of node (level, index), undefined when the database has none. */
  get(level: number, index: number): Uint8Array | undefined {
    const from = this.#from[level];
    return from === undefined ? undefined : this.#hashes[level]?.[index - from];
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

/** Reads every stored node completed by leaves [lo, hi) in one query (one index range per level). */
export async function readNodeWindow(
  db: Sql,
  dialect: DialectName,
  lo: number,
  hi: number,
): Promise<NodeWindow> {
  const spans = spansCompletedIn(lo, hi);
  const window = new NodeWindow(spans);
  if (spans.length === 0) return window;
  const p = placeholders(dialect, spans.length * 3);
  const where = spans
    .map(
      (_, i) =>
        `(level = ${p[3 * i] ?? ''} AND idx >= ${p[3 * i + 1] ?? ''} AND idx < ${p[3 * i + 2] ?? ''})`,
    )
    .join(' OR ');
  const { rows } = await db.executeQuery<{ level: number; idx: number | string; hash: Uint8Array }>(
    CompiledQuery.raw(
      `SELECT level, idx, hash FROM log_nodes WHERE ${where}`,
      spans.flatMap((s) => [s.level, s.from, s.to]),
    ),
  );
  for (const r of rows) window.set(r.level, int(r.idx), r.hash);
  return window;
}
