import { z } from 'zod';
import { readReason, recordRead } from '../audit/read-audit.ts';
import { authorizeRequest } from '../authz/guard.ts';
import { findUnit } from '../accounts/units.ts';
import { notFoundOrForbidden } from '../http/problem.ts';
import type { App } from '../http/types.ts';
import type { CustodyDeps } from '../records/custody-deps.ts';
import { authorizeRecord } from '../records/record-access.ts';
import { logFeed } from './live-feed.ts';
import { serveEvents, type SseOptions } from './sse.ts';

const HEARTBEAT_MS = 15_000;

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
  const options: SseOptions = { feed: logFeed(deps.database), live: deps.live, heartbeatMs, open };
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
      await serveEvents(request, reply, (e) => e.unitId === unitId, options);
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
      await serveEvents(request, reply, (e) => e.recordId === row.record_id, options);
    },
  );
}
