import { z } from 'zod';
import { readReason, recordRead } from '../audit/read-audit.ts';
import { authorizeRequest } from '../authz/guard.ts';
import { findUnit } from '../accounts/units.ts';
import { notFoundOrForbidden } from '../http/problem.ts';
import type { App } from '../http/types.ts';
import { findSummary } from '../projections/record-summary.projection.ts';
import type { CustodyDeps } from '../records/custody-deps.ts';
import { authorizeRecord } from '../records/record-access.ts';
import { liveEvent } from './live-bus.ts';
import { serveEvents, type SseOptions } from './sse.ts';

const HEARTBEAT_MS = 15_000;

/** The unit of each record stream seen during a replay; null for streams that are not records. */
function unitLookup(deps: CustodyDeps) {
  const units = new Map<string, string | null>();
  return async (streamId: string): Promise<string | null> => {
    if (!units.has(streamId)) {
      const row = await findSummary(deps.database, streamId);
      units.set(streamId, row?.unit_id ?? null);
    }
    return units.get(streamId) ?? null;
  };
}

const sseSchema = <P extends z.ZodObject>(summary: string, description: string, params: P) => ({
  tags: ['live'],
  summary,
  description,
  params,
  produces: ['text/event-stream'],
});

/**
 * Server-sent events of custody records (issue 5 "Live updates"): a unit's whiteboard stream
 * (whiteboard.read) and one record's stream (record.read; logged as a read, domain.md §5).
 */
export function registerLiveRoutes(app: App, deps: CustodyDeps, heartbeatMs = HEARTBEAT_MS): void {
  const open = new Set<() => void>();
  const options: SseOptions = { store: deps.store, live: deps.live, heartbeatMs, open };
  app.addHook('preClose', (done) => {
    for (const end of [...open]) end();
    done();
  });

  app.get(
    '/api/v1/units/:unitId/whiteboard/stream',
    {
      config: { access: { kind: 'principal' } },
      schema: sseSchema(
        'Live changes of the unit’s records',
        'Who: whiteboard.read on the unit. Resume with Last-Event-ID.',
        z.object({ unitId: z.string().min(1).max(100) }),
      ),
    },
    async (request, reply) => {
      const unitId = request.params.unitId;
      await authorizeRequest(request, deps, 'whiteboard.read', { kind: 'unit', unitId });
      if ((await findUnit(deps.database, unitId)) === undefined) throw notFoundOrForbidden();
      const unitOf = unitLookup(deps);
      await serveEvents(
        request,
        reply,
        {
          accepts: (e) => e.unitId === unitId,
          fromLog: async (e) =>
            (await unitOf(e.streamId)) === unitId ? liveEvent(e, unitId) : null,
        },
        options,
      );
    },
  );

  app.get(
    '/api/v1/records/:recordId/stream',
    {
      config: { access: { kind: 'principal' } },
      schema: sseSchema(
        'Live entries of one record',
        'Who: record.read; the subscription is logged as a read (reason required for hq, monitor, lawyer). Resume with Last-Event-ID.',
        z.object({ recordId: z.string().min(1).max(100) }),
      ),
    },
    async (request, reply) => {
      const { row, principal } = await authorizeRecord(
        request,
        deps,
        request.params.recordId,
        'record.read',
      );
      const reason = readReason(request, principal);
      await recordRead(
        deps,
        principal,
        row.record_id,
        reason,
        'stream',
        request.routeOptions.url ?? null,
      );
      await serveEvents(
        request,
        reply,
        {
          accepts: (e) => e.recordId === row.record_id,
          fromLog: (e) =>
            Promise.resolve(e.streamId === row.record_id ? liveEvent(e, row.unit_id) : null),
        },
        options,
      );
    },
  );
}
