import {
  ApiToken,
  CreateApiTokenRequest,
  CreatedApiToken,
  Id,
  IssuableTokenScopes,
} from '@custody/contracts';
import { z } from 'zod';
import { authorize } from '../authz/authorize.ts';
import { denial, userOf } from '../authz/guard.ts';
import type { UserPrincipal } from '../authz/principal.ts';
import { beyondIssuer, issuableScopes } from '../authz/token-ceiling.ts';
import { badRequest, notFound } from '../http/problem.ts';
import type { App, AppDeps } from '../http/types.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';
import { findUnit } from './units.ts';

const person = { access: { kind: 'session' } } as const;

/** Administrators see and revoke every token; anyone else the tokens they issued. */
function managesAll(p: UserPrincipal): boolean {
  return authorize(p, 'tokens.manage', { kind: 'system' }, { now: '', grants: [] }).allowed;
}

const fieldError = (path: string, message: string, detail: string) =>
  badRequest(detail, [{ path, message }]);

/** The shape a `records:commands` token must have, and nothing of it on another token. */
function checkShape(body: z.output<typeof CreateApiTokenRequest>): void {
  const commands = body.scopes.includes('records:commands');
  if (commands && body.commands.length === 0) {
    throw fieldError(
      'body.commands',
      'list the commands',
      'Токен із records:commands перелічує команди. A records:commands token lists its commands.',
    );
  }
  if (commands && body.actsAs === null) {
    throw fieldError(
      'body.actsAs',
      'name the role the token acts as',
      'Токен із records:commands діє від імені ролі. A records:commands token acts as a role.',
    );
  }
  if (commands && body.unitId === null) {
    throw fieldError(
      'body.unitId',
      'a writing token belongs to one unit',
      'Токен, що пише, належить одному підрозділу. A writing token belongs to one unit.',
    );
  }
  if (!commands && (body.commands.length > 0 || body.actsAs !== null)) {
    throw fieldError(
      body.commands.length > 0 ? 'body.commands' : 'body.actsAs',
      'only with the records:commands scope',
      'Команди й роль — лише зі scope records:commands. Commands and a role only with records:commands.',
    );
  }
}

/**
 * API tokens of system integrations (a camera system, a medical system, a migration from
 * paper): issued by a signed-in person and never more than that person may do (authz/
 * token-ceiling.ts); listed and revoked by their issuer, and by administrators.
 */
export function registerApiTokenRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/v1/api-tokens',
    {
      config: person,
      schema: {
        tags: ['api-tokens'],
        description: 'Administrators: every token. Anyone else: the tokens they issued.',
        response: { 200: z.array(ApiToken) },
      },
    },
    (request) => {
      const p = userOf(request);
      return listApiTokens(deps.database, managesAll(p) ? null : p.userId);
    },
  );

  app.get(
    '/api/v1/api-tokens/scopes',
    {
      config: person,
      schema: {
        tags: ['api-tokens'],
        description:
          'What the caller may put on a token of their own unit (every unit for a person without one), as the token ceiling decides at issue: the scopes, and for `records:commands` each unit role the token may act as with the commands it may list. An administrator: `metrics` and `integrity:read`, no commands.',
        response: { 200: IssuableTokenScopes },
      },
    },
    (request) => issuableScopes(userOf(request), deps.clock()),
  );

  app.post(
    '/api/v1/api-tokens',
    {
      config: person,
      schema: {
        tags: ['api-tokens'],
        description:
          'Issues a token for a system integration; the token is shown in this response only. A token is never more than its issuer may do: each scope, each listed command (`records:commands`, with the unit role it acts as) is checked against the issuer (403 `forbidden` naming the permission, reason `token_ceiling` or `token_role`) now and at every use, so an administrator issues no token that reads or writes custody content. The actor of an entry a token makes is the token (its name shows in the timeline), acting as its role.',
        body: CreateApiTokenRequest,
        response: { 201: CreatedApiToken },
      },
    },
    async (request, reply) => {
      const now = deps.clock();
      const body = request.body;
      const issuer = userOf(request);
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
      checkShape(body);
      const beyond = beyondIssuer(issuer, body, now);
      if (beyond !== null) throw denial(beyond.action, beyond.reason);
      const created = await createApiToken(deps.database, body, issuer.userId, now);
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/api/v1/api-tokens/:id',
    {
      config: person,
      schema: { tags: ['api-tokens'], params: z.object({ id: Id }), response: { 204: z.null() } },
    },
    async (request, reply) => {
      const p = userOf(request);
      const by = managesAll(p) ? null : p.userId;
      if (!(await revokeApiToken(deps.database, request.params.id, deps.clock(), by))) {
        throw notFound();
      }
      return reply.code(204).send(null);
    },
  );
}
