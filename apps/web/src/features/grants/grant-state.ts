import type { Grant } from '@custody/contracts';

export type GrantState = 'pending' | 'active' | 'expired' | 'revoked';

/** Where a grant stands at `now`: revoked wins, then the validity window [validFrom, validUntil) (domain.md §5). */
export function grantState(
  grant: Pick<Grant, 'validFrom' | 'validUntil' | 'revokedAt'>,
  now: number,
): GrantState {
  if (grant.revokedAt !== null) return 'revoked';
  if (now < Date.parse(grant.validFrom)) return 'pending';
  if (now >= Date.parse(grant.validUntil)) return 'expired';
  return 'active';
}
