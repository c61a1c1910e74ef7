import type { Role, TokenScope } from '@custody/contracts';
import type { CommandType } from '@custody/domain';
import { COMMAND_ACTIONS } from '../records/command-actions.ts';
import { RESPONSIBLE_OFFICIAL_ACTIONS, type Action, type Resource } from './actions.ts';
import type { GrantView, Principal, TokenPrincipal, UserPrincipal } from './principal.ts';

export type Decision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly reason: DenialReason;
      /** Answer 404, not 403: the caller may not even learn that the resource exists (domain.md §5). */
      readonly hideExistence: boolean;
    };

export type DenialReason =
  | 'role'
  | 'other_unit'
  | 'no_grant'
  | 'no_consent'
  | 'separation_of_duties'
  | 'token_scope'
  | 'token_ceiling'
  | 'token_role'
  | 'totp_enrolment_required';

export interface AuthzContext {
  /** ISO-8601 instant of the request; grants are valid in [validFrom, validUntil). */
  readonly now: string;
  /** The grants of the principal (monitors and lawyers); empty for everyone else. */
  readonly grants: readonly GrantView[];
}

type StaffRole = Exclude<Role, 'hq' | 'monitor' | 'lawyer' | 'admin'>;

const READ_OWN_UNIT: readonly Action[] = [
  'record.read',
  'whiteboard.read',
  'integrity.read',
  'units.read',
  'record.correction',
];

/** What each unit role does in its own unit (domain.md §2 "does"), beyond READ_OWN_UNIT. */
const STAFF_DUTIES: Readonly<Record<StaffRole, readonly Action[]>> = {
  detaining_officer: [
    'record.open',
    'record.movement',
    'record.scene',
    'record.procedural',
    'record.attachment',
    'devices.enrol',
  ],
  duty_inspector: [
    'devices.enrol',
    'record.open',
    'record.register',
    'record.notification',
    'record.risk',
    'record.property',
    'record.movement',
    'record.contact',
    'record.welfare',
    'record.scene',
    'record.release',
    'record.attachment',
    'record.read_health',
    'record.export',
  ],
  custody_inspector: [
    'devices.enrol',
    'record.open',
    'record.register',
    'record.rights',
    'record.notification',
    'record.interview',
    'record.health',
    'record.risk',
    'record.property',
    'record.movement',
    'record.contact',
    'record.welfare',
    'record.scene',
    'record.release',
    'record.attachment',
    'record.read_health',
    'record.export',
  ],
  investigator: ['record.procedural', 'record.attachment'],
  medical: ['record.health', 'record.risk', 'record.attachment', 'record.read_health'],
  supervisor: [
    'record.martial_law',
    'record.approve',
    'record.read_health',
    'record.export',
    'reports.read',
    'grants.manage',
    'devices.revoke',
    'policy.manage',
  ],
};

/** HQ human-rights department: national and read-only, plus lawful erasure (domain.md §2). */
const HQ_ACTIONS: readonly Action[] = [
  'record.read',
  'record.read_health',
  'record.export',
  'record.erase',
  'whiteboard.read',
  'reports.read',
  'integrity.read',
  'units.read',
  'grants.manage',
];

/** Administrators: accounts, units, keys; never custody content (domain.md §2). */
const ADMIN_ACTIONS: readonly Action[] = [
  'users.manage',
  'units.manage',
  'tokens.manage',
  'keys.read',
  'metrics.read',
  'integrity.read',
  'units.read',
  'devices.revoke',
];

/** What a grant opens to a monitor or lawyer; health and risk need consent as well. */
const GRANTED_ACTIONS: Readonly<Record<'monitor' | 'lawyer', readonly Action[]>> = {
  monitor: ['record.read', 'record.read_health', 'record.export', 'whiteboard.read'],
  lawyer: ['record.read', 'record.read_health', 'record.export'],
};

/** What each token scope includes; `records:commands` includes the actions of its commands. */
const TOKEN_SCOPES: Readonly<Record<TokenScope, readonly Action[]>> = {
  'records:read': ['record.read', 'record.export', 'whiteboard.read', 'units.read'],
  'records:write': ['record.attachment'],
  'records:commands': [],
  metrics: ['metrics.read'],
  'integrity:read': ['integrity.read'],
};

const ALLOW: Decision = { allowed: true };

function deny(reason: DenialReason, hideExistence = false): Decision {
  return { allowed: false, reason, hideExistence };
}

function resourceUnit(resource: Resource): string | null {
  return resource.kind === 'system' ? null : resource.unitId;
}

/** Whether `now` (ISO-8601, as the grant's bounds) lies in the grant's window [validFrom, validUntil). */
export function inGrantWindow(
  grant: Pick<GrantView, 'validFrom' | 'validUntil'>,
  now: string,
): boolean {
  return grant.validFrom <= now && now < grant.validUntil;
}

/** A grant covers the resource when valid at `now` and naming its unit or record. */
export function grantCovers(grant: GrantView, resource: Resource, now: string): boolean {
  if (!inGrantWindow(grant, now)) return false;
  switch (resource.kind) {
    case 'system':
      return false;
    case 'unit':
      return grant.units.includes(resource.unitId);
    case 'record':
      return grant.recordId === resource.recordId || grant.units.includes(resource.unitId);
  }
}

/** Every action a token of these scopes and commands would include. */
export function tokenActions(
  scopes: readonly TokenScope[],
  commands: readonly CommandType[],
): Action[] {
  const out = new Set<Action>(scopes.flatMap((s) => TOKEN_SCOPES[s]));
  if (scopes.includes('records:commands')) for (const c of commands) out.add(COMMAND_ACTIONS[c]);
  return [...out];
}

/** The action is in a scope of the token other than `records:commands`. */
const inPlainScope = (p: TokenPrincipal, action: Action) =>
  p.scopes.some((s) => TOKEN_SCOPES[s].includes(action));

/** The action is that of a command the token lists under `records:commands`. */
const inCommands = (p: TokenPrincipal, action: Action) =>
  p.scopes.includes('records:commands') &&
  (p.commands ?? []).some((c) => COMMAND_ACTIONS[c] === action);

/**
 * Whether a token may issue command `type` (beyond the action, which `authorize` decides): a
 * scope that includes its action, or `records:commands` listing it.
 */
export function tokenMayIssue(p: TokenPrincipal, type: CommandType): boolean {
  if (inPlainScope(p, COMMAND_ACTIONS[type])) return true;
  return p.scopes.includes('records:commands') && (p.commands ?? []).includes(type);
}

const asPerson = (role: Role, unitId: string | null, userId = ''): UserPrincipal => ({
  kind: 'user',
  userId,
  role,
  unitId,
  totpEnrolmentRequired: false,
  sessionId: '',
});

/**
 * A token does what its scopes include, in its unit, and never more than its issuer may do now
 * (an administrator's token reads and writes no custody content); a command of
 * `records:commands` also needs the role the token acts as to hold it.
 */
function authorizeToken(
  p: TokenPrincipal,
  action: Action,
  resource: Resource,
  ctx: AuthzContext,
): Decision {
  const unit = resourceUnit(resource);
  const plain = inPlainScope(p, action);
  if (!plain && !inCommands(p, action)) return deny('token_scope', resource.kind === 'record');
  if (unit !== null && p.unitId !== null && unit !== p.unitId) return deny('other_unit', true);
  if (p.issuer !== undefined) {
    const issuer = asPerson(p.issuer.role, p.issuer.unitId, p.issuer.userId);
    if (!authorizeRole(issuer, action, resource, ctx).allowed) {
      return deny('token_ceiling', resource.kind === 'record');
    }
    if (separationOfDuties(issuer, action, resource)) return deny('separation_of_duties');
  }
  if (!plain) {
    const actsAs = p.actsAs ?? null;
    if (
      actsAs === null ||
      !authorizeRole(asPerson(actsAs, p.unitId), action, resource, ctx).allowed
    ) {
      return deny('token_role');
    }
  }
  return ALLOW;
}

function authorizeRole(p: UserPrincipal, action: Action, resource: Resource, ctx: AuthzContext) {
  const unit = resourceUnit(resource);
  switch (p.role) {
    case 'admin':
      return ADMIN_ACTIONS.includes(action) ? ALLOW : deny('role');
    case 'hq':
      return HQ_ACTIONS.includes(action) ? ALLOW : deny('role');
    case 'monitor':
    case 'lawyer': {
      if (action === 'integrity.read' || action === 'units.read') return ALLOW;
      if (!GRANTED_ACTIONS[p.role].includes(action)) return deny('role');
      if (!ctx.grants.some((g) => grantCovers(g, resource, ctx.now))) return deny('no_grant');
      if (
        action === 'record.read_health' &&
        !(resource.kind === 'record' && resource.healthConsent)
      )
        return deny('no_consent');
      return ALLOW;
    }
    case 'detaining_officer':
    case 'duty_inspector':
    case 'custody_inspector':
    case 'investigator':
    case 'medical':
    case 'supervisor': {
      if (action === 'integrity.read') return ALLOW;
      const duties = STAFF_DUTIES[p.role];
      if (!READ_OWN_UNIT.includes(action) && !duties.includes(action)) return deny('role');
      if (unit === null || unit !== p.unitId) return deny('other_unit');
      return ALLOW;
    }
  }
}

function separationOfDuties(p: UserPrincipal, action: Action, resource: Resource): boolean {
  return (
    resource.kind === 'record' &&
    RESPONSIBLE_OFFICIAL_ACTIONS.includes(action) &&
    resource.involvedInvestigatorIds.includes(p.userId)
  );
}

/**
 * The one authorization decision of the system (domain.md §2 and §5): unit
 * staff act in their own unit; HQ reads every unit; administrators never read
 * custody content; monitors and lawyers read what a grant valid now names,
 * health and risk only with the detainee's consent; a person who is an
 * investigator on the record may not act as its responsible official
 * (separation of duties, Law 3623-IX; КПК ст. 212). A denial hides the
 * record's existence (404) whenever the caller may not read it.
 */
export function authorize(
  principal: Principal,
  action: Action,
  resource: Resource,
  ctx: AuthzContext,
): Decision {
  if (principal.kind === 'token') return authorizeToken(principal, action, resource, ctx);
  if (principal.totpEnrolmentRequired) return deny('totp_enrolment_required');
  const decision = authorizeRole(principal, action, resource, ctx);
  if (decision.allowed) {
    return separationOfDuties(principal, action, resource)
      ? deny('separation_of_duties')
      : decision;
  }
  if (resource.kind !== 'record' || action === 'record.read') {
    return { ...decision, hideExistence: resource.kind === 'record' };
  }
  const mayRead = authorizeRole(principal, 'record.read', resource, ctx).allowed;
  return { ...decision, hideExistence: !mayRead };
}
