import type { FastifyRequest } from 'fastify';
import { authenticate } from '../accounts/authenticate.ts';
import { activeGrantsFor } from '../grants/grants.ts';
import { forbidden, notFoundOrForbidden, unauthenticated } from '../http/problem.ts';
import type { Access, App, AppDeps } from '../http/types.ts';
import type { Action, Resource } from './actions.ts';
import { authorize, type DenialReason } from './authorize.ts';
import { explainDenial } from './permissions.ts';
import type { Principal, UserPrincipal } from './principal.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const TOTP_FIRST = 'Спершу налаштуйте другий фактор. Set up the second factor first.';

/** A 403 that names the permission needed, the roles and token scopes holding it, and why not. */
export function denial(action: Action, reason: DenialReason) {
  if (reason === 'totp_enrolment_required') return forbidden(reason, TOTP_FIRST);
  const { detail, extension } = explainDenial(action, reason);
  return forbidden('forbidden', detail, extension);
}

/** A route for signed-in people only, called with an API token. */
const personOnly = () =>
  forbidden(
    'forbidden',
    'Лише для особи, що увійшла; токен API не підходить. Only a signed-in person may call this; an API token may not.',
    { reason: 'person_only' },
  );

/** A route as registered, with the access it declares (`config.access`). */
export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  readonly access: Access | undefined;
}

const REGISTERED = new WeakMap<App, RegisteredRoute[]>();

/**
 * Every route registered on the app (child plugins included), as seen by the access-control
 * `onRoute` hook; complete once `app.ready()` has resolved. The route matrix test walks these, so
 * a route added without an entry in authz/matrix.ts fails it (issue 5, Authorization).
 */
export function registeredRoutes(app: App): readonly RegisteredRoute[] {
  return REGISTERED.get(app) ?? [];
}

function enforce(request: FastifyRequest, access: Access): void {
  if (access.kind === 'public') return;
  if (request.routeOptions.config.loopbackAllowed === true && LOOPBACK.has(request.ip)) return;
  const principal = request.principal;
  if (principal === null) throw unauthenticated();
  switch (access.kind) {
    case 'session':
      if (principal.kind !== 'user') throw personOnly();
      if (principal.totpEnrolmentRequired && access.enrolment !== true) {
        throw forbidden('totp_enrolment_required', TOTP_FIRST);
      }
      return;
    case 'principal':
      if (principal.kind === 'user' && principal.totpEnrolmentRequired) {
        throw forbidden('totp_enrolment_required', TOTP_FIRST);
      }
      return;
    case 'action': {
      const decision = authorize(
        principal,
        access.action,
        { kind: 'system' },
        { now: '', grants: [] },
      );
      if (!decision.allowed) throw denial(access.action, decision.reason);
      return;
    }
  }
}

/**
 * Every route must declare who may call it (`config.access`); registration of
 * an /api route without it fails at start-up. Before validation, the caller is
 * authenticated and the declaration enforced.
 */
export function registerAccessControl(app: App, deps: AppDeps): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionSecret', null);
  const registered: RegisteredRoute[] = [];
  REGISTERED.set(app, registered);
  app.addHook('onRoute', (route) => {
    const url = route.url;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) registered.push({ method, url, access: route.config?.access });
    const undeclared = route.config?.access === undefined;
    if (undeclared && (url.startsWith('/api/v1') || url === '/metrics')) {
      throw new Error(`route ${route.method.toString()} ${url} does not declare its access`);
    }
  });
  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined) return;
    if (access.kind !== 'public') await authenticate(request, deps);
    enforce(request, access);
  });
}

/** The signed-in principal of a route whose access is not public. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw unauthenticated();
  return request.principal;
}

export function userOf(request: FastifyRequest): UserPrincipal {
  const p = principalOf(request);
  if (p.kind !== 'user') throw personOnly();
  return p;
}

/**
 * Authorizes one action on one resource for the request's principal, loading
 * the grants of monitors and lawyers; throws 404 when existence must stay
 * hidden (domain.md §5), 403 otherwise.
 */
export async function authorizeRequest(
  request: FastifyRequest,
  deps: AppDeps,
  action: Action,
  resource: Resource,
): Promise<Principal> {
  const principal = principalOf(request);
  const now = deps.clock();
  const grants =
    principal.kind === 'user' && (principal.role === 'monitor' || principal.role === 'lawyer')
      ? await activeGrantsFor(deps.database, principal.userId, now)
      : [];
  const decision = authorize(principal, action, resource, { now: now.toISOString(), grants });
  if (decision.allowed) return principal;
  if (decision.hideExistence) throw notFoundOrForbidden();
  throw denial(action, decision.reason);
}
