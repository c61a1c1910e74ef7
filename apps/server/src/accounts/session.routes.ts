import {
  LoginRequest,
  Problem,
  SessionResponse,
  TotpConfirmRequest,
  TotpSetupResponse,
} from '@custody/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { userOf } from '../authz/guard.ts';
import { conflict, HttpProblem, unauthenticated } from '../http/problem.ts';
import type { App, AppDeps } from '../http/types.ts';
import { accountsDb } from './database.ts';
import { checkLogin, consumeTotp } from './login.ts';
import {
  createSession,
  csrfTokenOf,
  revokeAllSessions,
  revokeSession,
  SESSION_COOKIE,
} from './sessions.ts';
import { newTotpSecret, otpauthUri } from './totp.ts';
import type { UsersTable } from './tables.ts';
import { findUserById, sessionUserRow, toSessionUser } from './users.ts';

const ISSUER = 'Custody Records';
const enrolment = { access: { kind: 'session', enrolment: true } } as const;

function secure(request: FastifyRequest, deps: AppDeps): boolean {
  return deps.config.tls || request.protocol === 'https';
}

function setSessionCookie(
  reply: FastifyReply,
  request: FastifyRequest,
  deps: AppDeps,
  value: string,
) {
  void reply.setCookie(SESSION_COOKIE, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: secure(request, deps),
    maxAge: deps.config.session.ttl,
  });
}

async function currentUser(request: FastifyRequest, deps: AppDeps): Promise<UsersTable> {
  const row = await findUserById(deps.database, userOf(request).userId);
  if (!row) throw unauthenticated();
  return row;
}

/** POST/GET/DELETE /api/v1/session, sign out everywhere, TOTP setup (the auth contract). */
export function registerSessionRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/api/v1/session',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['session'],
        summary: 'Sign in',
        body: LoginRequest,
        response: { 200: SessionResponse, 401: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const user = await checkLogin(deps, request.body, request.ip);
      const secret = await createSession(deps.database, user.id, deps.clock(), deps.config.session);
      setSessionCookie(reply, request, deps, secret);
      return {
        user: toSessionUser(sessionUserRow(user)),
        csrfToken: csrfTokenOf(secret),
        lockAfterSeconds: deps.config.lockAfter,
      };
    },
  );

  app.get(
    '/api/v1/session',
    {
      config: enrolment,
      // It carries the CSRF token: never compressed, whatever its size (http/compression.ts).
      compress: false,
      schema: { tags: ['session'], response: { 200: SessionResponse } },
    },
    async (request) => {
      const secret = request.sessionSecret;
      if (secret === null) throw unauthenticated();
      return {
        user: toSessionUser(sessionUserRow(await currentUser(request, deps))),
        csrfToken: csrfTokenOf(secret),
        lockAfterSeconds: deps.config.lockAfter,
      };
    },
  );

  app.delete(
    '/api/v1/session',
    { config: enrolment, schema: { tags: ['session'], response: { 204: z.null() } } },
    async (request, reply) => {
      await revokeSession(deps.database, userOf(request).sessionId, deps.clock());
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/session/revoke-all',
    {
      config: enrolment,
      schema: { tags: ['session'], summary: 'Sign out everywhere', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await revokeAllSessions(deps.database, userOf(request).userId, deps.clock());
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/session/totp/setup',
    { config: enrolment, schema: { tags: ['session'], response: { 200: TotpSetupResponse } } },
    async (request) => {
      const user = await currentUser(request, deps);
      if (user.totp_secret !== null) {
        throw conflict('totp_already_enabled', 'Другий фактор уже налаштовано. Already set up.');
      }
      const secret = newTotpSecret();
      await accountsDb(deps.database)
        .updateTable('users')
        .set({ totp_pending_secret: secret })
        .where('id', '=', user.id)
        .execute();
      return { secret, otpauthUri: otpauthUri(secret, user.username, ISSUER) };
    },
  );

  app.post(
    '/api/v1/session/totp/confirm',
    {
      config: enrolment,
      schema: { tags: ['session'], body: TotpConfirmRequest, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const user = await currentUser(request, deps);
      const pending = user.totp_pending_secret;
      if (user.totp_secret !== null || pending === null) {
        throw conflict('totp_not_pending', 'Спершу почніть налаштування. Start the setup first.');
      }
      if (!(await consumeTotp(deps, user, pending, request.body.code, deps.clock()))) {
        throw new HttpProblem(400, 'totp_invalid', 'Невірний код. Wrong code.', {
          errors: [{ path: 'body.code', message: 'wrong code' }],
        });
      }
      await accountsDb(deps.database)
        .updateTable('users')
        .set({ totp_secret: pending, totp_pending_secret: null })
        .where('id', '=', user.id)
        .execute();
      return reply.code(204).send(null);
    },
  );
}
