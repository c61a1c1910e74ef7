import {
  CompactRange,
  formatCheckpoint,
  leafHashOnce,
  nodeHashOnce,
  signNote,
  type NoteSigner,
} from '@custody/ledger';
import type { Database } from '../db/database.ts';
import { hex } from './bytes.ts';
import type { StreamHead } from './head-lock.ts';
import { leafBytes, sealPayload } from './leaf.ts';
import { blob } from './schema.ts';
import { inWriteTransaction } from './transaction.ts';
import type { NewEvent } from './types.ts';
import { writeStatements, type BatchRows } from './write-statements.ts';

const CHUNK = 5000;

/**
 * Fills an empty log with `count` events spread over `streams` streams, written exactly as a
 * group commit of {@link CHUNK} events writes them (same leaf bytes, commitments, nodes, one
 * signed checkpoint per chunk) but without receipts: a fixture for read benchmarks at 10^6
 * leaves, which the append path would take many minutes to build on a loaded machine.
 */
export async function bulkLoad(
  database: Database,
  signer: NoteSigner,
  origin: string,
  count: number,
  streams: number,
  event: (i: number) => NewEvent,
): Promise<void> {
  const range = CompactRange.empty(nodeHashOnce);
  const heads = new Map<string, StreamHead>();
  for (let start = 0; start < count; start += CHUNK) {
    const rows: BatchRows = { leaves: [], payloads: [], nodes: [], views: [] };
    for (let i = start; i < Math.min(count, start + CHUNK); i++) {
      const e = event(i);
      const stream = `bulk-${String(i % streams)}`;
      const head = heads.get(stream) ?? { version: 0, last: null };
      const sealed = sealPayload(e.payload);
      const leaf = leafBytes({
        index: i,
        stream,
        version: head.version + 1,
        prev: head.last === null ? null : hex(head.last),
        id: e.id,
        type: e.type,
        occurredAt: e.occurredAt,
        occurredOffset: e.occurredOffset ?? null,
        recordedAt: e.recordedAt,
        actor: e.actor,
        commitment: sealed.commitment,
      });
      const hash = leafHashOnce(leaf);
      heads.set(stream, { version: head.version + 1, last: hash });
      rows.leaves.push([
        i,
        stream,
        head.version + 1,
        e.id,
        e.type,
        e.occurredAt,
        e.recordedAt,
        e.actor.id,
        e.actor.role,
        head.last === null ? null : blob(head.last),
        sealed.commitment,
        blob(leaf),
        blob(hash),
        e.occurredOffset ?? null,
      ]);
      rows.payloads.push([i, sealed.text, blob(sealed.salt)]);
      for (const n of range.append(hash)) rows.nodes.push([n.level, n.index, blob(n.hash)]);
    }
    const size = range.size;
    const root = range.root();
    const note = signNote(formatCheckpoint({ origin, size, root, extensions: [] }), [signer]);
    await inWriteTransaction(database, async (db) => {
      const head = { size, root: blob(root) };
      for (const q of writeStatements(database.dialect, rows, head, { ...head, note })) {
        await db.executeQuery(q);
      }
    });
  }
}
