import type { RecordPage, RecordView, Role } from '@custody/contracts';
import { api } from '../../api/client.ts';

/** Roles that must state a reason for every read and export (domain.md §5; server read-audit). */
export const REASON_ROLES: readonly Role[] = ['hq', 'monitor', 'lawyer'];

export function needsReason(role: Role): boolean {
  return REASON_ROLES.includes(role);
}

/** `?a=b&…` of the defined values, or '' when none. */
export function queryString(params: Readonly<Record<string, string | number | undefined>>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== '') search.set(k, String(v));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The records the caller may see: for a monitor or lawyer, what a grant valid now names. */
export function listRecords(query: {
  readonly q?: string;
  readonly limit?: number;
}): Promise<RecordPage> {
  return api.get<RecordPage>(`/records${queryString({ ...query })}`);
}

/** One record; the server logs the read with `reason` (required for hq, monitors and lawyers). */
export function getRecord(recordId: string, reason: string | undefined): Promise<RecordView> {
  return api.get<RecordView>(`/records/${encodeURIComponent(recordId)}${queryString({ reason })}`);
}
