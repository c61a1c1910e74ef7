import { sql } from 'kysely';
import { z } from 'zod';
import { HttpProblem } from './problem.ts';
import type { App, AppDeps } from './types.ts';

const Status = z.object({ status: z.literal('ok') });

/** Liveness (/healthz: the process answers) and readiness (/readyz: the database answers). */
export function registerHealth(app: App, deps: AppDeps): void {
  app.get(
    '/healthz',
    { config: { access: { kind: 'public' } }, schema: { hide: true, response: { 200: Status } } },
    () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    { config: { access: { kind: 'public' } }, schema: { hide: true, response: { 200: Status } } },
    async (request) => {
      try {
        await sql`select 1`.execute(deps.database.db);
      } catch (error) {
        request.log.error({ err: error }, 'database not ready');
        throw new HttpProblem(503, 'not_ready', 'База даних недоступна. Database unavailable.');
      }
      return { status: 'ok' as const };
    },
  );
}
