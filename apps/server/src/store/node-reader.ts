import { CompiledQuery } from 'kysely';
import type { NodeId, NodeReader } from '@custody/ledger';
import type { DialectName } from '../db/database.ts';
import { int } from './schema.ts';
import type { Sql } from './transaction.ts';

interface NodeRow {
  level: number;
  idx: number | string;
  hash: Uint8Array;
}

/** A synchronous reader over a set of already-fetched nodes; a missing node is a broken store. */
export class NodeMap {
  readonly #levels: Map<number, Uint8Array>[] = [];

  set(level: number, index: number, hash: Uint8Array): void {
    let m = this.#levels[level];
    if (m === undefined) {
      m = new Map();
      this.#levels[level] = m;
    }
    m.set(index, hash);
  }

  has(level: number, index: number): boolean {
    return this.#levels[level]?.has(index) ?? false;
  }

  get(level: number, index: number): Uint8Array | undefined {
    return this.#levels[level]?.get(index);
  }

  /**
   * Set in the constructor, not as a class field: under tsx (which runs the server) esbuild's
   * keepNames wraps an arrow-function field in a `__name` call, an `Object.defineProperty` on
   * every instance, and every batch makes a map (docs/benchmarks.md, "One append's CPU").
   */
  readonly read: NodeReader;

  constructor() {
    this.read = (level, index) => {
      const h = this.#levels[level]?.get(index);
      if (h === undefined) throw new Error(`stored tree node (${level}, ${index}) is missing`);
      return h;
    };
  }
}

const NODES_SQLITE = `SELECT n.level, n.idx, n.hash FROM json_each(?) j
  JOIN log_nodes n ON n.level = j.value ->> 0 AND n.idx = j.value ->> 1`;
const NODES_PG = `SELECT n.level, n.idx, n.hash FROM unnest($1::int4[], $2::int8[]) j(level, idx)
  JOIN log_nodes n ON n.level = j.level AND n.idx = j.idx`;

/** One statement reading the listed nodes, each by its (level, idx) primary key. */
export function nodesQuery(dialect: DialectName, ids: readonly NodeId[]): CompiledQuery {
  if (dialect === 'sqlite') {
    return CompiledQuery.raw(NODES_SQLITE, [JSON.stringify(ids.map((n) => [n.level, n.index]))]);
  }
  return CompiledQuery.raw(NODES_PG, [ids.map((n) => n.level), ids.map((n) => n.index)]);
}

/**
 * Fetches exactly the given nodes in one query, so a root or proof costs O(log n) reads
 * (integrity.md, "Stored hashes"). Nodes already in `into` are not fetched again.
 */
export async function fetchNodes(
  db: Sql,
  dialect: DialectName,
  ids: readonly NodeId[],
  into: NodeMap = new NodeMap(),
): Promise<NodeMap> {
  const wanted = ids.filter((n) => !into.has(n.level, n.index));
  if (wanted.length === 0) return into;
  const { rows } = await db.executeQuery<NodeRow>(nodesQuery(dialect, wanted));
  for (const r of rows) into.set(r.level, int(r.idx), r.hash);
  return into;
}
