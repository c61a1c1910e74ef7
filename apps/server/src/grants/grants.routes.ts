import { CreateGrantRequest, Grant, Grantee, Id, type GrantScope } from '@custody/contracts';
import { z } from 'zod';
import { listUnits } from '../accounts/units.ts';
import { findUserById } from '../accounts/users.ts';
import { inGrantWindow } from '../authz/authorize.ts';
import { authorizeRequest, denial, userOf } from '../authz/guard.ts';
import { badRequest, forbidden, notFoundOrForbidden } from '../http/problem.ts';
import type { App, AppDeps } from '../http/types.ts';
import {
  createGrant,
  findGrant,
  listGrantees,
  listGrants,
  revokeGrant,
  type StoredGrant,
} from './grants.ts';

const signedIn = { access: { kind: 'session' } } as const;

/** The units a new grant touches and, for a record grant, the detainee's name (one lookup). */
async function scopeOf(
  deps: AppDeps,
  body: z.infer<typeof CreateGrantRequest>,
): Promise<{ unitIds: readonly string[]; recordName: string | null }> {
  if (body.scope.kind === 'units') {
    const found = await listUnits(deps.database, body.scope.unitIds);
    if (found.length !== new Set(body.scope.unitIds).size) {
      throw badRequest('Немає такого підрозділу. No such unit.', [
        { path: 'body.scope.unitIds', message: 'unknown unit' },
      ]);
    }
    return { unitIds: body.scope.unitIds, recordName: null };
  }
  const record = deps.recordRef ? await deps.recordRef(body.scope.recordId) : null;
  if (record === null) throw notFoundOrForbidden();
  return { unitIds: [record.unitId], recordName: record.name };
}

/** The detainee's name of a record grant, as the record shows it; null for a unit grant. */
async function recordNameOf(deps: AppDeps, scope: GrantScope): Promise<string | null> {
  if (scope.kind !== 'record') return null;
  return (await deps.recordRef?.(scope.recordId))?.name ?? null;
}

/**
 * Grants as their readers see them: a record grant names its detainee, for a grantee only while
 * the grant is in force (they may read the record then, not after).
 */
function named(
  deps: AppDeps,
  grants: readonly StoredGrant[],
  showName: (g: StoredGrant) => boolean = () => true,
): Promise<Grant[]> {
  return Promise.all(
    grants.map(async (g) => ({
      ...g,
      recordName: showName(g) ? await recordNameOf(deps, g.scope) : null,
    })),
  );
}

/** Whether a stored grant is in force at `now` (ISO-8601): not revoked and within its window. */
function inForce(g: StoredGrant, now: string): boolean {
  return g.revokedAt === null && inGrantWindow(g, now);
}

async function checkGrantee(deps: AppDeps, granteeId: string) {
  const grantee = await findUserById(deps.database, granteeId);
  const ok =
    grantee && grantee.disabled === 0 && (grantee.role === 'monitor' || grantee.role === 'lawyer');
  if (!ok) {
    throw badRequest(
      'Доступ надається лише моніторам і адвокатам. Grants are for monitors and lawyers.',
      [{ path: 'body.granteeId', message: 'not an active monitor or lawyer' }],
    );
  }
}

/**
 * Grants to monitors (NPM, prosecutors) and lawyers (domain.md §2, §5): HQ for
 * any unit, a supervisor for their own unit; administrators cannot grant,
 * because a grant opens custody content.
 */
export function registerRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/api/v1/grants',
    {
      config: signedIn,
      schema: { tags: ['grants'], body: CreateGrantRequest, response: { 201: Grant } },
    },
    async (request, reply) => {
      const body = request.body;
      const user = userOf(request);
      const { unitIds, recordName } = await scopeOf(deps, body);
      for (const unitId of unitIds) {
        await authorizeRequest(request, deps, 'grants.manage', { kind: 'unit', unitId });
      }
      if (Date.parse(body.validUntil) <= Date.parse(body.validFrom)) {
        throw badRequest('Кінець має бути після початку. validUntil must follow validFrom.', [
          { path: 'body.validUntil', message: 'must be after validFrom' },
        ]);
      }
      await checkGrantee(deps, body.granteeId);
      const grant = await createGrant(
        deps.database,
        { ...body, unitIds },
        user.userId,
        deps.clock(),
      );
      return reply.code(201).send({ ...grant, recordName });
    },
  );

  app.get(
    '/api/v1/grants',
    {
      config: signedIn,
      schema: {
        tags: ['grants'],
        description:
          'HQ: all grants; supervisor: grants touching their unit; monitor, lawyer: their own.',
        response: { 200: z.array(Grant) },
      },
    },
    async (request) => {
      const user = userOf(request);
      switch (user.role) {
        case 'hq':
          return named(deps, await listGrants(deps.database));
        case 'supervisor':
          return named(
            deps,
            (await listGrants(deps.database)).filter((g) =>
              user.unitId === null ? false : g.unitIds.includes(user.unitId),
            ),
          );
        case 'monitor':
        case 'lawyer': {
          const now = deps.clock().toISOString();
          const own = await listGrants(deps.database, { granteeId: user.userId });
          return named(deps, own, (g) => inForce(g, now));
        }
        case 'detaining_officer':
        case 'duty_inspector':
        case 'custody_inspector':
        case 'investigator':
        case 'medical':
        case 'admin':
          throw forbidden();
      }
    },
  );

  app.get(
    '/api/v1/grantees',
    {
      config: signedIn,
      schema: {
        tags: ['grants'],
        description:
          'HQ and supervisors, who make grants: the active monitor and lawyer accounts a grant can name.',
        response: { 200: z.array(Grantee) },
      },
    },
    async (request) => {
      const { role } = userOf(request);
      if (role !== 'hq' && role !== 'supervisor') throw denial('grants.manage', 'role');
      return listGrantees(deps.database);
    },
  );

  app.delete(
    '/api/v1/grants/:id',
    {
      config: signedIn,
      schema: { tags: ['grants'], params: z.object({ id: Id }), response: { 204: z.null() } },
    },
    async (request, reply) => {
      const grant: StoredGrant | undefined = await findGrant(deps.database, request.params.id);
      if (!grant) throw notFoundOrForbidden();
      for (const unitId of grant.unitIds) {
        await authorizeRequest(request, deps, 'grants.manage', { kind: 'unit', unitId }).catch(
          () => {
            throw notFoundOrForbidden();
          },
        );
      }
      await revokeGrant(deps.database, grant.id, userOf(request).userId, deps.clock());
      return reply.code(204).send(null);
    },
  );
}
