import type { ComplianceCounts, ComplianceFindingsPage, Unit } from '@custody/contracts';
import { api } from '../../api/client.ts';
import { queryString } from '../oversight/api.ts';

/** `GET /reports/compliance/counts?unitId&from&to`: the figures without their findings. */
export function getComplianceCounts(query: {
  unitId?: string | undefined;
  from: string;
  to: string;
}): Promise<ComplianceCounts> {
  return api.get<ComplianceCounts>(`/reports/compliance/counts${queryString(query)}`);
}

/** Findings of one unit's figure a page at a time (`cursor`: the previous page's next). */
export function getComplianceFindings(query: {
  unitId: string;
  figure: string;
  from: string;
  to: string;
  limit?: number;
  cursor?: string | undefined;
}): Promise<ComplianceFindingsPage> {
  return api.get<ComplianceFindingsPage>(`/reports/compliance/findings${queryString(query)}`);
}

/** The units the caller may see, for the unit filter. */
export function listUnits(): Promise<Unit[]> {
  return api.get<Unit[]>('/units');
}
