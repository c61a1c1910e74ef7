import { UnitPolicyChangeRequest, UnitPolicyView } from '@custody/contracts';
import { z } from 'zod';
import { findUnit } from '../accounts/units.ts';
import { authorizeRequest, userOf } from '../authz/guard.ts';
import { notFoundOrForbidden } from '../http/problem.ts';
import type { App } from '../http/types.ts';
import { allowed } from '../records/record-access.ts';
import { storeFinalFindingsLater } from '../reports/stored-findings.ts';
import type { CustodyDeps } from '../records/custody-deps.ts';
import { changeUnitPolicy, unitPolicyView } from './unit-policy.ts';

const UnitParams = z.object({ unitId: z.string().min(1).max(100) });

/**
 * A unit's policy (domain.md §4, issue 14 point 3): the figures no Ukrainian act sets, read by
 * whoever may read the unit, changed by its supervisor, each change an entry in the log.
 */
export function registerUnitPolicyRoutes(app: App, deps: CustodyDeps): void {
  app.get(
    '/api/v1/units/:unitId/policy',
    {
      config: { access: { kind: 'principal' } },
      schema: {
        tags: ['units'],
        summary: 'The unit’s policy: the clock’s figures no Ukrainian act sets, and their changes',
        description:
          'Who: units.read on the unit. Each figure with its range and its label ("unit policy, modelled on PACE Code C 9.3"); the changes newest first, each with who, when, why, the old and new figures and its log index. Statutory limits are not here: nobody changes them.',
        params: UnitParams,
        response: { 200: UnitPolicyView },
      },
    },
    async (request) => {
      const unitId = request.params.unitId;
      const principal = await authorizeRequest(request, deps, 'units.read', {
        kind: 'unit',
        unitId,
      });
      if ((await findUnit(deps.database, unitId)) === undefined) throw notFoundOrForbidden();
      const canChange =
        principal.kind === 'user' &&
        (await allowed(deps, principal, 'policy.manage', { kind: 'unit', unitId }));
      return unitPolicyView(deps, unitId, canChange);
    },
  );

  app.post(
    '/api/v1/units/:unitId/policy/changes',
    {
      config: { access: { kind: 'session' } },
      schema: {
        tags: ['units'],
        summary: 'Change figures of the unit’s policy, with a reason; logged',
        description:
          'Who: policy.manage on the unit (its supervisor, signed in as themselves; not an administrator, HQ or a token). The figures named change, the rest stay; the whole policy must hold together (400 with the fields otherwise, nothing stored). `expectedVersion` is the view’s `version` (409 when someone changed it since). The change is an entry of the unit’s log stream `unit-policy:<unitId>` and is in force from now: each deadline interval that starts from now on uses it; intervals already running and past breaches keep the policy they started under.',
        params: UnitParams,
        body: UnitPolicyChangeRequest,
        response: { 201: UnitPolicyView },
      },
    },
    async (request, reply) => {
      const unitId = request.params.unitId;
      await authorizeRequest(request, deps, 'policy.manage', { kind: 'unit', unitId });
      if ((await findUnit(deps.database, unitId)) === undefined) throw notFoundOrForbidden();
      await changeUnitPolicy(deps, userOf(request), unitId, {
        expectedVersion: request.body.expectedVersion,
        values: request.body.values,
        reason: request.body.reason,
      });
      // The unit's closed records' findings were stored under its former limits: stored again
      // under the new ones, in the background (the report folds them until then).
      void storeFinalFindingsLater(deps, unitId, (error) => {
        request.log.error({ err: error }, 'storing the findings again after a policy change');
      });
      return reply.code(201).send(await unitPolicyView(deps, unitId, true));
    },
  );
}
