import { ComplianceQuery, ComplianceReport } from '@custody/contracts';
import { listUnits } from '../accounts/units.ts';
import { authorizeRequest, denial, principalOf } from '../authz/guard.ts';
import type { App, AppDeps } from '../http/types.ts';
import { storeOf } from '../integrity/integrity.routes.ts';
import { allowed } from '../records/record-access.ts';
import { defaultCustodySettings } from '../records/custody-deps.ts';
import { unitsClockSettings } from '../policy/unit-policy.ts';
import { complianceReport } from './compliance.query.ts';
import { reportLimits } from './stored-findings.ts';

/**
 * Compliance reports (domain.md §7; issue 5): `reports.read` per unit, a supervisor for their own
 * unit, HQ for every unit. Without `unitId` the report covers every unit the caller may read.
 */
export function registerReportRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/v1/reports/compliance',
    {
      config: { access: { kind: 'principal' } },
      schema: {
        tags: ['reports'],
        description:
          'Per unit and period (actual detention in [from, to)): late registrations and notifications, 24/60/72 h breaches, over-detention, cell checks, delivery delays, juveniles without a defender, late entries, force without an entry, injuries on arrival, martial law; each figure with its record ids',
        querystring: ComplianceQuery,
        response: { 200: ComplianceReport },
      },
    },
    async (request) => {
      const store = storeOf(deps);
      const q = request.query;
      let unitIds: string[];
      if (q.unitId !== undefined) {
        await authorizeRequest(request, deps, 'reports.read', { kind: 'unit', unitId: q.unitId });
        unitIds = [q.unitId];
      } else {
        const principal = principalOf(request);
        const units = await listUnits(deps.database);
        unitIds = [];
        for (const u of units) {
          if (await allowed(deps, principal, 'reports.read', { kind: 'unit', unitId: u.id })) {
            unitIds.push(u.id);
          }
        }
        if (unitIds.length === 0) throw denial('reports.read', 'role');
      }
      return complianceReport(
        { database: deps.database, store },
        {
          unitIds,
          from: q.from,
          to: q.to,
          now: deps.clock().toISOString(),
          timeZone: deps.settings?.clock.timeZone ?? deps.config.timeZone,
          unitTimeZones: new Map(
            (await listUnits(deps.database, unitIds)).map((u) => [u.id, u.timeZone]),
          ),
          limits: reportLimits(deps.settings ?? defaultCustodySettings()),
          unitClocks: await unitsClockSettings(deps, unitIds),
        },
      );
    },
  );
}
