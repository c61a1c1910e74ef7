import type { UnitPolicyChangeRequest, UnitPolicyView } from '@custody/contracts';
import { api } from '../../api/client.ts';

/** The unit's policy (domain.md §4): the clock's figures no Ukrainian act sets, and their changes. */
export function getUnitPolicy(unitId: string): Promise<UnitPolicyView> {
  return api.get<UnitPolicyView>(`/units/${encodeURIComponent(unitId)}/policy`);
}

/** A change by the unit's supervisor, with its reason; the server logs it and answers the view. */
export function changeUnitPolicy(
  unitId: string,
  body: UnitPolicyChangeRequest,
): Promise<UnitPolicyView> {
  return api.post<UnitPolicyView>(`/units/${encodeURIComponent(unitId)}/policy/changes`, body);
}
