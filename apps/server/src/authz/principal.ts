import type { Role, TokenScope } from '@custody/contracts';
import type { CommandType } from '@custody/domain';

/** A signed-in person. `unitId` is null for hq, monitor, lawyer and admin (domain.md §2). */
export interface UserPrincipal {
  readonly kind: 'user';
  readonly userId: string;
  readonly role: Role;
  readonly unitId: string | null;
  /** The role needs a second factor that is not set up yet: nothing but TOTP setup is allowed. */
  readonly totpEnrolmentRequired: boolean;
  readonly sessionId: string;
}

/**
 * A system integration holding an API token; `unitId` null means every unit. It never does more
 * than its `issuer` may do now (null only for the tables that explain permissions).
 */
export interface TokenPrincipal {
  readonly kind: 'token';
  readonly tokenId: string;
  readonly scopes: readonly TokenScope[];
  readonly unitId: string | null;
  /** With `records:commands`: the commands it may issue, and the unit role it acts as. */
  readonly commands?: readonly CommandType[];
  readonly actsAs?: Role | null;
  /** The person who issued it, as they are now. */
  readonly issuer?: {
    readonly userId: string;
    readonly role: Role;
    readonly unitId: string | null;
  };
}

export type Principal = UserPrincipal | TokenPrincipal;

/** A monitor's or lawyer's grant as authorization needs it (grants/ stores them). */
export interface GrantView {
  readonly units: readonly string[];
  readonly recordId: string | null;
  readonly validFrom: string;
  readonly validUntil: string;
}
