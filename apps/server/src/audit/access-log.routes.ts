import { AccessLogEntry } from '@custody/contracts';
import { z } from 'zod';
import { authorizeRequest } from '../authz/guard.ts';
import type { App } from '../http/types.ts';
import { authorizeRecord } from '../records/record-access.ts';
import type { CustodyDeps } from '../records/custody-deps.ts';
import { displayNames } from '../records/record-view.ts';
import type { StreamEvent } from '../store/index.ts';
import { RECORD_READ } from './read-audit.ts';
import { accessStream } from '../streams.ts';

function field(e: StreamEvent, name: string): string | null {
  const p = e.payload;
  if (p === null || typeof p !== 'object' || Array.isArray(p)) return null;
  const v = p[name];
  return typeof v === 'string' ? v : null;
}

/**
 * `GET /api/v1/records/:recordId/access-log`: who read the record, when and why (domain.md §5).
 * Who: a caller who may read the record and may read the unit's reports (supervisor, hq).
 */
export function registerAccessLogRoutes(app: App, deps: CustodyDeps): void {
  app.get(
    '/api/v1/records/:recordId/access-log',
    {
      config: { access: { kind: 'principal' } },
      schema: {
        tags: ['records'],
        summary: 'The read audit of one record',
        description: 'Who: record.read and reports.read on the record’s unit (supervisor, hq).',
        params: z.object({ recordId: z.string().min(1).max(100) }),
        response: { 200: z.array(AccessLogEntry) },
      },
    },
    async (request) => {
      const { row } = await authorizeRecord(request, deps, request.params.recordId, 'record.read');
      await authorizeRequest(request, deps, 'reports.read', { kind: 'unit', unitId: row.unit_id });
      const events = (await deps.store.readEvents(accessStream(row.record_id))).filter(
        (e) => e.type === RECORD_READ,
      );
      const names = await displayNames(
        deps.database,
        events.map((e) => e.actor.id),
      );
      return events.map((e) => ({
        logIndex: e.logIndex,
        at: e.recordedAt,
        actor: { ...e.actor, displayName: names.get(e.actor.id) ?? null },
        reason: field(e, 'reason'),
        purpose: field(e, 'purpose') ?? '',
        route: field(e, 'route') ?? '',
      }));
    },
  );
}
