import { CompiledQuery, type Kysely } from 'kysely';
import { inclusionProof, nodesForInclusion } from '@custody/ledger';
import type { DialectName } from '../db/database.ts';
import { hex } from './bytes.ts';
import { fetchNodes, type NodeMap } from './node-reader.ts';
import { int, type StoreSchema } from './schema.ts';
import type { CheckpointInfo } from './types.ts';

const LATEST = CompiledQuery.raw(
  'SELECT size, root, note FROM checkpoints ORDER BY size DESC LIMIT 1',
);

/** Stands in for a node the batch does not hold; such a proof is thrown away and redone. */
const MISSING = new Uint8Array(32);

/**
 * Inclusion proofs (RFC 9162 §2.1.3) from the stored nodes with one indexed query each, and the
 * latest checkpoint, remembered: checkpoints only ever grow, so a tree size covered once stays
 * covered and needs no query; a larger one (another process committed) asks the database.
 */
export class ProofReader {
  #latest: CheckpointInfo | null = null;

  constructor(
    private readonly db: Kysely<StoreSchema>,
    private readonly dialect: DialectName,
  ) {}

  /** Records a checkpoint this process just committed. */
  committed(size: number, root: Uint8Array, note: string): void {
    if (this.#latest === null || size > this.#latest.size) {
      this.#latest = { size, root: hex(root), note };
    }
  }

  /**
   * The newest checkpoint: the newest stored one (always read: another process may have
   * committed since), or the newest this process committed if that is newer.
   */
  async latest(): Promise<CheckpointInfo | null> {
    const { rows } = await this.db.executeQuery<{
      size: number | string;
      root: Uint8Array;
      note: string;
    }>(LATEST);
    const row = rows[0];
    if (row !== undefined) this.committed(int(row.size), row.root, row.note);
    return this.#latest;
  }

  /** Whether a checkpoint of at least `size` leaves exists. */
  async covered(size: number): Promise<boolean> {
    if (size <= (this.#latest?.size ?? 0)) return true;
    return size <= ((await this.latest())?.size ?? 0);
  }

  /** PATH(index, D[0:size]) from exactly the nodes it needs, read in one query. */
  async inclusion(index: number, size: number): Promise<Uint8Array[]> {
    const nodes = await fetchNodes(this.db, this.dialect, nodesForInclusion(index, size));
    return inclusionProof(index, size, nodes.read);
  }

  /**
   * PATH(index, D[0:size]) for an event of a batch just committed, from the edge before it and
   * the nodes it wrote, which hold every node such a proof needs; anything else is read.
   */
  async fromBatch(index: number, size: number, nodes: NodeMap): Promise<Uint8Array[]> {
    let missing = 0;
    const proof = inclusionProof(index, size, (level, i) => {
      const hash = nodes.get(level, i);
      if (hash === undefined) missing++;
      return hash ?? MISSING;
    });
    if (missing === 0) return proof;
    await fetchNodes(this.db, this.dialect, nodesForInclusion(index, size), nodes);
    return inclusionProof(index, size, nodes.read);
  }
}
