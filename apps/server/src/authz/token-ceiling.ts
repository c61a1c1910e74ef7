import { TokenCommand, TokenRole, TokenScope, type IssuableTokenScopes } from '@custody/contracts';
import type { Action, Resource } from './actions.ts';
import { authorize, tokenActions, type DenialReason } from './authorize.ts';
import type { TokenPrincipal, UserPrincipal } from './principal.ts';

/** A token as it is asked for. */
export interface TokenRequest {
  readonly scopes: readonly TokenScope[];
  readonly commands: readonly TokenCommand[];
  readonly actsAs: TokenRole | null;
  readonly unitId: string | null;
}

/** A unit no one belongs to: what "every unit" is checked against. */
const EVERY_UNIT = '\u0000every-unit';

/** The widest resource of an action in the token's unit (every unit when it has none). */
function resourceIn(action: Action, unitId: string | null): Resource {
  const unit = unitId ?? EVERY_UNIT;
  if (action.startsWith('record.')) {
    return {
      kind: 'record',
      recordId: '',
      unitId: unit,
      involvedInvestigatorIds: [],
      healthConsent: false,
    };
  }
  const unitWide = ['whiteboard.read', 'reports.read', 'grants.manage', 'units.read'];
  return unitWide.includes(action) ? { kind: 'unit', unitId: unit } : { kind: 'system' };
}

/**
 * The first thing a token asked for by `issuer` would do that the issuer may not do now (or its
 * acting role does not hold), with the reason; null when the token stays within them. The same
 * `authorize` decides it as decides every later use of the token, so an administrator, who holds
 * no custody permission, can issue no token that reads or writes custody content.
 */
export function beyondIssuer(
  issuer: UserPrincipal,
  request: TokenRequest,
  now: Date,
): { action: Action; reason: DenialReason } | null {
  const token: TokenPrincipal = {
    kind: 'token',
    tokenId: '',
    scopes: request.scopes,
    unitId: request.unitId,
    commands: request.commands,
    actsAs: request.actsAs,
    issuer: { userId: issuer.userId, role: issuer.role, unitId: issuer.unitId },
  };
  for (const action of tokenActions(request.scopes, request.commands)) {
    const decision = authorize(token, action, resourceIn(action, request.unitId), {
      now: now.toISOString(),
      grants: [],
    });
    if (!decision.allowed) return { action, reason: decision.reason };
  }
  return null;
}

/**
 * For each unit role a `records:commands` token of `issuer` may act as, the commands it may list
 * (each decided by `beyondIssuer`: the issuer may issue it in their unit, and the role holds it);
 * roles with none are left out, and a person without a unit issues no writing token.
 */
export function issuableCommands(
  issuer: UserPrincipal,
  now: Date,
): { actsAs: TokenRole; commands: TokenCommand[] }[] {
  if (issuer.unitId === null) return [];
  const out: { actsAs: TokenRole; commands: TokenCommand[] }[] = [];
  for (const actsAs of TokenRole.options) {
    const commands = TokenCommand.options.filter(
      (c) =>
        beyondIssuer(
          issuer,
          { scopes: ['records:commands'], commands: [c], actsAs, unitId: issuer.unitId },
          now,
        ) === null,
    );
    if (commands.length > 0) out.push({ actsAs, commands });
  }
  return out;
}

/**
 * What `issuer` may put on a token of their own unit (every unit for a person without one), each
 * scope decided by `beyondIssuer`: for an administrator, metrics and integrity, never custody
 * content; `records:commands` when some role may be acted as (`issuableCommands`).
 */
export function issuableScopes(issuer: UserPrincipal, now: Date): IssuableTokenScopes {
  const commands = issuableCommands(issuer, now);
  const scopes = TokenScope.options.filter((scope) =>
    scope === 'records:commands'
      ? commands.length > 0
      : beyondIssuer(
          issuer,
          { scopes: [scope], commands: [], actsAs: null, unitId: issuer.unitId },
          now,
        ) === null,
  );
  return { scopes, commands, unitId: issuer.unitId };
}
