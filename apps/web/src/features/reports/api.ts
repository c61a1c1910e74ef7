import type { ComplianceReport, Unit } from '@custody/contracts';
import { api } from '../../api/client.ts';
import { queryString } from '../oversight/api.ts';

/** `GET /reports/compliance?unitId&from&to` (domain.md §7): supervisors their unit, HQ any. */
export function getCompliance(query: {
  unitId?: string | undefined;
  from: string;
  to: string;
}): Promise<ComplianceReport> {
  return api.get<ComplianceReport>(`/reports/compliance${queryString(query)}`);
}

/** The units the caller may see, for the unit filter. */
export function listUnits(): Promise<Unit[]> {
  return api.get<Unit[]>('/units');
}
