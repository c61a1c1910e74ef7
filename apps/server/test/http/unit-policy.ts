import type { App } from '../../src/app.ts';
import type { SignedIn } from './harness.ts';

/** A unit's policy as `GET /api/v1/units/:unitId/policy` answers it (the parts tests use). */
export interface PolicyView {
  readonly version: number;
  readonly fields: readonly { readonly key: string; readonly minutes: number }[];
}

/**
 * Changes a unit's clock policy as its supervisor does through the API: reads the policy for its
 * version, then posts the change (`values`, or what `values` makes of the policy read). Returns
 * the answer to the change (201 when it was stored) and the policy as it was read.
 */
export async function changeUnitPolicy(
  app: App,
  unitId: string,
  supervisor: SignedIn,
  values: Record<string, number> | ((before: PolicyView) => Record<string, number>),
  reason: string,
) {
  const read = await app.inject({
    method: 'GET',
    url: `/api/v1/units/${unitId}/policy`,
    headers: { cookie: supervisor.cookie },
  });
  if (read.statusCode !== 200) throw new Error(`policy ${String(read.statusCode)}: ${read.body}`);
  const before = read.json<PolicyView>();
  const changed = await app.inject({
    method: 'POST',
    url: `/api/v1/units/${unitId}/policy/changes`,
    headers: supervisor.headers,
    payload: {
      expectedVersion: before.version,
      values: typeof values === 'function' ? values(before) : values,
      reason,
    },
  });
  return { changed, before };
}
