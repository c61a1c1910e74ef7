import { Role, TokenScope, UNIT_ROLES, type Problem } from '@custody/contracts';
import { COMMAND_TYPES } from '@custody/domain';
import { UNIT_ACTIONS, type Action, type Resource } from './actions.ts';
import { authorize, type DenialReason } from './authorize.ts';
import type { Principal } from './principal.ts';

const UNIT = 'unit';
const FOREVER = { validFrom: '1970-01-01T00:00:00.000Z', validUntil: '9999-12-31T00:00:00.000Z' };

/** The most favourable resource of an action's kind: in the caller's unit, with consent. */
function widest(action: Action): Resource {
  if (!action.startsWith('record.')) {
    return UNIT_ACTIONS.has(action) ? { kind: 'unit', unitId: UNIT } : { kind: 'system' };
  }
  return {
    kind: 'record',
    recordId: 'record',
    unitId: UNIT,
    involvedInvestigatorIds: [],
    healthConsent: true,
  };
}

function personIn(role: Role): Principal {
  const unitId = ['hq', 'monitor', 'lawyer', 'admin'].includes(role) ? null : UNIT;
  return { kind: 'user', userId: 'u', role, unitId, totpEnrolmentRequired: false, sessionId: 's' };
}

const cache = new Map<Action, { roles: Role[]; scopes: TokenScope[] }>();

/**
 * The roles that hold a permission in some scope (their own unit, a grant, the detainee's
 * consent) and the API token scopes that include it, asked of `authorize` itself, so that the
 * answer cannot drift from the decision it explains.
 */
export function holdersOf(action: Action): { roles: Role[]; scopes: TokenScope[] } {
  const known = cache.get(action);
  if (known !== undefined) return known;
  const resource = widest(action);
  const ctx = {
    now: '2000-01-01T00:00:00.000Z',
    grants: [{ units: [UNIT], recordId: null, ...FOREVER }],
  };
  const roles = Role.options.filter(
    (role) => authorize(personIn(role), action, resource, ctx).allowed,
  );
  // A `records:commands` token holds what its commands need when some unit role it may act as does.
  const scopes = TokenScope.options.filter((scope) =>
    UNIT_ROLES.some(
      (actsAs) =>
        authorize(
          {
            kind: 'token',
            tokenId: 't',
            scopes: [scope],
            unitId: null,
            commands: COMMAND_TYPES,
            actsAs,
          },
          action,
          resource,
          ctx,
        ).allowed,
    ),
  );
  const holders = { roles, scopes };
  cache.set(action, holders);
  return holders;
}

const WHY: Readonly<Record<Exclude<DenialReason, 'totp_enrolment_required'>, string>> = {
  role: 'Your role does not hold it.',
  other_unit: 'It is held only in the unit the resource belongs to.',
  no_grant: 'No grant valid now names this unit or record.',
  no_consent: 'The detainee has not consented to share health and risk entries with you.',
  separation_of_duties:
    'You are an investigator on this record, so you may not act as its responsible official (separation of duties, Law 3623-IX).',
  token_scope: 'The API token does not have a scope that includes it.',
  token_ceiling:
    'The person who issued the API token may not do it, so the token may not either (an administrator’s token never reads or writes custody content).',
  token_role: 'The role the API token acts as does not hold it.',
};

const WHY_UK: Readonly<Record<keyof typeof WHY, string>> = {
  role: 'Ваша роль його не має.',
  other_unit: 'Його мають лише в підрозділі, якому належить ресурс.',
  no_grant: 'Немає чинного доступу до цього підрозділу чи запису.',
  no_consent: 'Затриманий не дав згоди показувати вам записи про здоров’я та ризики.',
  separation_of_duties:
    'Ви слідчий у цьому провадженні, тож не можете діяти як відповідальна особа (розподіл обов’язків, Закон 3623-IX).',
  token_scope: 'Токен API не має області дії, що його включає.',
  token_ceiling:
    'Особа, що видала токен API, не може цього робити, тож і токен не може (токен адміністратора ніколи не читає і не пише вміст журналу).',
  token_role: 'Роль, від імені якої діє токен API, його не має.',
};

/** The extension members of a 403 (RFC 9457 §3.2): what is needed and who has it. */
export type PermissionProblem = Required<Pick<Problem, 'permission' | 'roles' | 'scopes'>> & {
  reason: keyof typeof WHY;
};

/** A 403's explanation: the permission, the roles and token scopes holding it, and why not. */
export function explainDenial(
  action: Action,
  reason: keyof typeof WHY,
): { detail: string; extension: PermissionProblem } {
  const { roles, scopes } = holdersOf(action);
  const held = roles.length > 0 ? roles.join(', ') : '—';
  const detail =
    `Потрібен дозвіл ${action}; його мають ролі: ${held}. ${WHY_UK[reason]} ` +
    `Permission ${action} is needed; the roles holding it: ${held}. ${WHY[reason]}`;
  return { detail, extension: { permission: action, roles, scopes, reason } };
}
