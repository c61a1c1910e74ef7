import { IntegrityReceipt, ReceiptParams, RecordProofs } from '@custody/contracts';
import { parseCheckpoint } from '@custody/ledger';
import { z } from 'zod';
import { readReason, recordRead } from '../audit/read-audit.ts';
import { leafOf, recordStatement } from '../documents/extract-bundle.ts';
import { signExtractStatement } from '../documents/extract-statement.ts';
import { HttpProblem, notFoundOrForbidden } from '../http/problem.ts';
import type { App, AppDeps } from '../http/types.ts';
import { authorizeRecord } from '../records/record-access.ts';
import { recordOfStream, recordStream } from '../streams.ts';
import { witnessedFor } from '../witnessing/witnessed.ts';
import { noteBody } from './checkpoints.query.ts';
import { storeOf, unavailable } from './integrity.routes.ts';

const readers = { access: { kind: 'action', action: 'integrity.read' } } as const;
const principals = { access: { kind: 'principal' } } as const;
/**
 * Receipts and the per-record proofs of integrity.md ("Receipt on every append", "Verification"):
 * only for callers who may read the record the entry belongs to (domain.md §5); anyone else gets
 * the 404 of an entry that does not exist.
 */
export function registerRecordProofRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/v1/integrity/receipts/:logIndex',
    {
      config: readers,
      schema: { tags: ['integrity'], params: ReceiptParams, response: { 200: IntegrityReceipt } },
    },
    async (request) => {
      const store = storeOf(deps);
      const { logIndex } = request.params;
      const latest = await store.latestCheckpoint();
      const [event] = await store.readLog(logIndex, 1);
      if (event?.logIndex !== logIndex || latest === null || logIndex >= latest.size) {
        throw notFoundOrForbidden();
      }
      await authorizeRecord(request, deps, recordOfStream(event.streamId), 'record.read');
      const receipt = await store.receipt(logIndex);
      const outer = { size: receipt.treeSize, note: receipt.checkpoint };
      const witnessed = await witnessedFor({ ...deps, store }, outer, logIndex);
      return { ...receipt, witnessed };
    },
  );

  app.get(
    '/api/v1/records/:recordId/proofs',
    {
      config: principals,
      schema: {
        tags: ['integrity'],
        description:
          'Leaves of one record with inclusion proofs against the latest checkpoint and the signed extract statement, for the browser check (payloads as commitments only)',
        params: z.object({ recordId: z.string().min(1).max(100) }),
        querystring: z.object({ reason: z.string().trim().min(1).max(500).optional() }),
        response: { 200: RecordProofs },
      },
    },
    async (request) => {
      const store = storeOf(deps);
      const { recordId } = request.params;
      const { principal } = await authorizeRecord(request, deps, recordId, 'record.read');
      const reason = readReason(request, principal);
      const { vkey, signer } = deps;
      if (vkey === undefined || signer === undefined) throw unavailable();
      // The checkpoint first: every event of the stream below its size is then in `events`.
      const checkpoint = await store.latestCheckpoint();
      const events = await store.readStream(recordStream(recordId));
      if (checkpoint === null || events.length === 0) throw notFoundOrForbidden();
      await recordRead(
        deps,
        principal,
        recordId,
        reason,
        'proofs',
        request.routeOptions.url ?? null,
      );
      const covered = events.filter((e) => e.logIndex < checkpoint.size);
      if (covered.length === 0) {
        throw new HttpProblem(
          409,
          'not_yet_checkpointed',
          `record ${recordId} has no checkpoint yet`,
        );
      }
      const statement = recordStatement(recordId, covered, checkpoint);
      const leaves = [];
      for (const e of covered) {
        leaves.push({
          logIndex: e.logIndex,
          leaf: leafOf(e),
          leafHash: e.leafHash,
          inclusionProof: await store.inclusionProof(e.logIndex, checkpoint.size),
        });
      }
      return {
        recordId,
        origin: parseCheckpoint(noteBody(checkpoint.note)).origin,
        treeSize: checkpoint.size,
        checkpoint: checkpoint.note,
        vkey,
        leaves,
        statement: signExtractStatement(statement, signer),
        witnessed: await witnessedFor({ ...deps, store }, checkpoint),
      };
    },
  );
}
