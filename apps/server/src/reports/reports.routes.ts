import {
  ComplianceCounts,
  ComplianceFindingsPage,
  ComplianceFindingsQuery,
  ComplianceQuery,
  ComplianceReport,
} from '@custody/contracts';
import type { FastifyRequest } from 'fastify';
import { listUnits } from '../accounts/units.ts';
import { authorizeRequest, denial, principalOf } from '../authz/guard.ts';
import type { App, AppDeps } from '../http/types.ts';
import { storeOf } from '../integrity/integrity.routes.ts';
import { allowedOn } from '../records/record-access.ts';
import { RecordCache } from '../records/record-cache.ts';
import { defaultCustodySettings } from '../records/custody-settings.ts';
import { unitsClockSettings } from '../policy/unit-policy.ts';
import {
  checkFigure,
  complianceCounts,
  complianceFindings,
  decodeCursor,
} from './compliance.counts.ts';
import { complianceReport, type ComplianceRequest } from './compliance.query.ts';
import { reportLimits } from './stored-findings.ts';

/**
 * The units a report covers: `reports.read` on the unit named (403 otherwise), or without one
 * every unit the caller may read reports of (a supervisor their own, HQ all; 403 when none).
 */
async function reportUnits(
  request: FastifyRequest,
  deps: AppDeps,
  unitId: string | undefined,
): Promise<string[]> {
  if (unitId !== undefined) {
    await authorizeRequest(request, deps, 'reports.read', { kind: 'unit', unitId });
    return [unitId];
  }
  const may = await allowedOn(deps, principalOf(request), 'reports.read');
  const unitIds: string[] = [];
  for (const u of await listUnits(deps.database)) {
    if (may({ kind: 'unit', unitId: u.id })) unitIds.push(u.id);
  }
  if (unitIds.length === 0) throw denial('reports.read', 'role');
  return unitIds;
}

/** What a report of the units over [from, to) is measured against, at the server's now. */
async function reportRequest(
  deps: AppDeps,
  unitIds: string[],
  q: { from: string; to: string },
): Promise<ComplianceRequest> {
  return {
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
  };
}

/**
 * Compliance reports (domain.md §7; issue 5): `reports.read` per unit, a supervisor for their own
 * unit, HQ for every unit. Without `unitId` the report covers every unit the caller may read.
 * The whole report carries every finding (the CSV and PDF exports); a national year is read as
 * its counts and, per unit and figure, pages of findings (issue 18 point 7).
 */
export function registerReportRoutes(app: App, deps: AppDeps): void {
  // The counts and drill-downs fold the records in custody (and any whose stored findings are
  // stale) on every request: each is read and folded again only past the version folded before.
  let records: RecordCache | undefined;
  const folding = () => {
    const store = storeOf(deps);
    records ??= new RecordCache(store);
    return { database: deps.database, store, records };
  };
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
      const q = request.query;
      const unitIds = await reportUnits(request, deps, q.unitId);
      return complianceReport(
        { database: deps.database, store: storeOf(deps) },
        await reportRequest(deps, unitIds, q),
      );
    },
  );

  app.get(
    '/api/v1/reports/compliance/counts',
    {
      config: { access: { kind: 'principal' } },
      schema: {
        tags: ['reports'],
        description:
          'The compliance report of the units and period as counts only: per unit, how often each figure occurs and in how many records, and detentions per day; the findings behind a figure are paged by GET /api/v1/reports/compliance/findings',
        querystring: ComplianceQuery,
        response: { 200: ComplianceCounts },
      },
    },
    async (request) => {
      const q = request.query;
      const unitIds = await reportUnits(request, deps, q.unitId);
      return complianceCounts(folding(), await reportRequest(deps, unitIds, q));
    },
  );

  app.get(
    '/api/v1/reports/compliance/findings',
    {
      config: { access: { kind: 'principal' } },
      schema: {
        tags: ['reports'],
        description:
          "The occurrences of one figure of the compliance report in one unit's records detained in [from, to), in order of actual detention, a page at a time (keyset cursor), with the records they name",
        querystring: ComplianceFindingsQuery,
        response: { 200: ComplianceFindingsPage },
      },
    },
    async (request) => {
      const q = request.query;
      const unitIds = await reportUnits(request, deps, q.unitId);
      const figure = checkFigure(q.figure);
      const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
      return complianceFindings(folding(), {
        ...(await reportRequest(deps, unitIds, q)),
        figure,
        limit: q.limit,
        ...(after === undefined ? {} : { after }),
      });
    },
  );
}
