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

/** A `datetime-local` value (browser local time) as an ISO instant, or undefined when empty or invalid. */
export function localToIso(value: string): string | undefined {
  if (value === '') return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** An instant as a `datetime-local` value in browser local time, to the minute. */
export function isoToLocal(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
