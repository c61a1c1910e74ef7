import type { FastifyRequest } from 'fastify';
import type { Principal } from '../authz/principal.ts';
import { forbidden, HttpProblem } from '../http/problem.ts';
import type { AppDeps } from '../http/types.ts';
import { resolveApiToken } from './api-tokens.ts';
import { csrfMatches, resolveSession, SESSION_COOKIE } from './sessions.ts';
import { toSessionUser } from './users.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who is calling: an API token (`Authorization: Bearer`), or a session cookie.
 * Cookie requests that change state must echo the session's CSRF token in
 * `x-csrf-token` (OWASP CSRF Prevention Cheat Sheet, double submit); bearer
 * requests cannot be forged by a browser and need none.
 */
export async function authenticate(request: FastifyRequest, deps: AppDeps): Promise<void> {
  request.principal = null;
  request.sessionSecret = null;
  const now = deps.clock();
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const resolved = match?.[1] && (await resolveApiToken(deps.database, match[1], now));
    if (!resolved) {
      throw new HttpProblem(401, 'invalid_token', 'Недійсний токен. Invalid token.', {
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      });
    }
    const { token, issuer } = resolved;
    request.principal = {
      kind: 'token',
      tokenId: token.id,
      scopes: token.scopes,
      unitId: token.unitId,
      commands: token.commands,
      actsAs: token.actsAs,
      issuer,
    } satisfies Principal;
    return;
  }
  const secret = request.cookies[SESSION_COOKIE];
  if (secret === undefined || secret.length === 0 || secret.length > 100) return;
  const session = await resolveSession(deps.database, secret, now, deps.config.session);
  if (!session) return;
  if (!SAFE_METHODS.has(request.method)) {
    const header = request.headers['x-csrf-token'];
    if (!csrfMatches(secret, typeof header === 'string' ? header : undefined)) {
      throw forbidden('csrf', 'Відсутній або хибний CSRF-токен. Missing or wrong CSRF token.');
    }
  }
  const user = toSessionUser(session.user);
  request.sessionSecret = secret;
  request.principal = {
    kind: 'user',
    userId: user.id,
    role: user.role,
    unitId: user.unitId,
    totpEnrolmentRequired: user.totpEnrolmentRequired,
    sessionId: session.idHash,
  };
}
