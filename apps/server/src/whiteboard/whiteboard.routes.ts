import { Whiteboard } from '@custody/contracts';
import { z } from 'zod';
import { findUnit } from '../accounts/units.ts';
import { authorizeRequest } from '../authz/guard.ts';
import { notFoundOrForbidden } from '../http/problem.ts';
import type { App } from '../http/types.ts';
import type { CustodyDeps } from '../records/custody-deps.ts';
import { healthReader, offeredCommands } from '../records/record-access.ts';
import type { RecordCache } from '../records/record-cache.ts';
import { whiteboardOf } from './whiteboard.ts';

export const UnitParams = z.object({ unitId: z.string().min(1).max(100) });

/** `GET /api/v1/units/:unitId/whiteboard`. Who: whiteboard.read on the unit (its staff, hq, a monitor's unit grant). */
export function registerWhiteboardRoutes(app: App, deps: CustodyDeps, cache: RecordCache): void {
  app.get(
    '/api/v1/units/:unitId/whiteboard',
    {
      config: { access: { kind: 'principal' } },
      schema: {
        tags: ['whiteboard'],
        summary: 'Every active detainee of the unit with location, time in custody and deadlines',
        description:
          'Who: whiteboard.read on the unit. A row’s observation level needs record.read_health on its record (domain.md §5). `commands` lists what the caller may issue on its records.',
        params: UnitParams,
        response: { 200: Whiteboard },
      },
    },
    async (request) => {
      const unitId = request.params.unitId;
      const principal = await authorizeRequest(request, deps, 'whiteboard.read', {
        kind: 'unit',
        unitId,
      });
      const unit = await findUnit(deps.database, unitId);
      if (unit === undefined) throw notFoundOrForbidden();
      const showHealth = await healthReader(deps, principal);
      const board = await whiteboardOf(
        deps.database,
        cache,
        deps.settings,
        unit,
        deps.clock(),
        showHealth,
      );
      const commands = await offeredCommands(
        deps,
        principal,
        { kind: 'record', recordId: '', unitId, involvedInvestigatorIds: [], healthConsent: false },
        'any',
      );
      return { ...board, commands };
    },
  );
}
