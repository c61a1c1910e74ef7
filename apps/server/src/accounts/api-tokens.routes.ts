import { ApiToken, CreateApiTokenRequest, CreatedApiToken, Id } from '@custody/contracts';
import { z } from 'zod';
import { userOf } from '../authz/guard.ts';
import { badRequest, notFound } from '../http/problem.ts';
import type { App, AppDeps } from '../http/types.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';
import { findUnit } from './units.ts';

const manage = { access: { kind: 'action', action: 'tokens.manage' } } as const;

/** API tokens of system integrations: issued, listed and revoked by administrators. */
export function registerApiTokenRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/v1/api-tokens',
    { config: manage, schema: { tags: ['api-tokens'], response: { 200: z.array(ApiToken) } } },
    () => listApiTokens(deps.database),
  );

  app.post(
    '/api/v1/api-tokens',
    {
      config: manage,
      schema: {
        tags: ['api-tokens'],
        description: 'The token is shown in this response only.',
        body: CreateApiTokenRequest,
        response: { 201: CreatedApiToken },
      },
    },
    async (request, reply) => {
      const now = deps.clock();
      const body = request.body;
      if (Date.parse(body.expiresAt) <= now.getTime()) {
        throw badRequest('Строк дії вже минув. Expiry is in the past.', [
          { path: 'body.expiresAt', message: 'must be in the future' },
        ]);
      }
      if (body.unitId !== null && !(await findUnit(deps.database, body.unitId))) {
        throw badRequest('Немає такого підрозділу. No such unit.', [
          { path: 'body.unitId', message: 'unknown unit' },
        ]);
      }
      const created = await createApiToken(deps.database, body, userOf(request).userId, now);
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/api/v1/api-tokens/:id',
    {
      config: manage,
      schema: { tags: ['api-tokens'], params: z.object({ id: Id }), response: { 204: z.null() } },
    },
    async (request, reply) => {
      if (!(await revokeApiToken(deps.database, request.params.id, deps.clock()))) throw notFound();
      return reply.code(204).send(null);
    },
  );
}
