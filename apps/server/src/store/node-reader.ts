import type { Kysely } from 'kysely';
import type { NodeId, NodeReader } from '@custody/ledger';
import { int, type StoreSchema } from './schema.ts';

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

  readonly read: NodeReader = (level, index) => {
    const h = this.#levels[level]?.get(index);
    if (h === undefined) throw new Error(`stored tree node (${level}, ${index}) is missing`);
    return h;
  };
}

/**
 * Fetches exactly the given nodes in one query, so a root or proof costs O(log n) reads
 * (integrity.md, "Stored hashes"). Nodes already in `into` are not fetched again.
 */
export async function fetchNodes(
  db: Kysely<StoreSchema>,
  ids: readonly NodeId[],
  into: NodeMap = new NodeMap(),
): Promise<NodeMap> {
  const wanted = ids.filter((n) => !into.has(n.level, n.index));
  for (let i = 0; i < wanted.length; i += 200) {
    const chunk = wanted.slice(i, i + 200);
    const rows = await db
      .selectFrom('log_nodes')
      .select(['level', 'idx', 'hash'])
      .where((eb) =>
        eb.or(chunk.map((n) => eb.and([eb('level', '=', n.level), eb('idx', '=', n.index)]))),
      )
      .execute();
    for (const r of rows) into.set(r.level, int(r.idx), r.hash);
  }
  return into;
}
