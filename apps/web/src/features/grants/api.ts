import type { CreateGrantRequest, Grant, Grantee } from '@custody/contracts';
import { api } from '../../api/client.ts';

export function listGrants(): Promise<Grant[]> {
  return api.get<Grant[]>('/grants');
}
/** Time-boxed read access for a monitor or lawyer (domain.md §5); the server checks who may grant what. */
export function createGrant(body: CreateGrantRequest): Promise<Grant> {
  return api.post<Grant>('/grants', body);
}
export function revokeGrant(grantId: string): Promise<void> {
  return api.delete(`/grants/${encodeURIComponent(grantId)}`);
}
/** Active monitor and lawyer accounts, for HQ and supervisors choosing whom to grant. */
export function listGrantees(): Promise<Grantee[]> {
  return api.get<Grantee[]>('/grantees');
}
