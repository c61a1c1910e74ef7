import { Role } from '@custody/contracts';
import { describe, expect, test } from 'vitest';
import { ACTIONS, UNIT_ACTIONS, type Action, type Resource } from './actions.ts';
import { authorize, type AuthzContext } from './authorize.ts';
import { expected, MATRIX, SCOPES, TOKEN_MATRIX, type Scope } from './matrix.ts';
import { explainDenial, holdersOf } from './permissions.ts';
import type { GrantView, TokenPrincipal, UserPrincipal } from './principal.ts';

const NOW = '2025-03-01T12:00:00.000Z';
const UNIT_ROLES = new Set<string>([
  'detaining_officer',
  'duty_inspector',
  'custody_inspector',
  'investigator',
  'medical',
  'supervisor',
]);

function user(role: Role, over: Partial<UserPrincipal> = {}): UserPrincipal {
  return {
    kind: 'user',
    userId: 'user-1',
    role,
    unitId: UNIT_ROLES.has(role) ? 'u1' : null,
    totpEnrolmentRequired: false,
    sessionId: 's',
    ...over,
  };
}

function record(unitId: string, over: Partial<Extract<Resource, { kind: 'record' }>> = {}) {
  return {
    kind: 'record',
    recordId: 'r1',
    unitId,
    involvedInvestigatorIds: [],
    healthConsent: false,
    ...over,
  } as const satisfies Resource;
}

function resourceFor(action: Action, scope: Scope): Resource {
  const unitId = scope === 'own_unit' ? 'u1' : 'u2';
  if (action.startsWith('record.')) {
    return record(unitId, { healthConsent: scope === 'with_grant_consented' });
  }
  if (UNIT_ACTIONS.has(action)) return { kind: 'unit', unitId };
  return { kind: 'system' };
}

function contextFor(scope: Scope): AuthzContext {
  const grant: GrantView = {
    units: ['u2'],
    recordId: null,
    validFrom: '2025-03-01T00:00:00.000Z',
    validUntil: '2025-03-02T00:00:00.000Z',
  };
  switch (scope) {
    case 'own_unit':
    case 'other_unit':
      return { now: NOW, grants: [] };
    case 'with_grant':
    case 'with_grant_consented':
      return { now: NOW, grants: [grant] };
    case 'expired_grant':
      return { now: NOW, grants: [{ ...grant, validUntil: '2025-03-01T11:59:59.999Z' }] };
  }
}

const cells = Role.options.flatMap((role) =>
  ACTIONS.flatMap((action) => SCOPES.map((scope) => [role, action, scope] as const)),
);

describe('authorize against every cell of the matrix', () => {
  test('the matrix has a cell for every role, action and scope', () => {
    expect(cells).toHaveLength(Role.options.length * ACTIONS.length * SCOPES.length);
  });

  test.each(cells)('%s %s %s', (role, action, scope) => {
    const decision = authorize(user(role), action, resourceFor(action, scope), contextFor(scope));
    expect(decision.allowed).toBe(expected(role, action, scope));
  });
});

describe('authorize: rules beyond the matrix', () => {
  const ctx: AuthzContext = { now: NOW, grants: [] };

  test('a record of another unit is hidden (404), not forbidden', () => {
    const d = authorize(user('custody_inspector'), 'record.welfare', record('u2'), ctx);
    expect(d).toEqual({ allowed: false, reason: 'other_unit', hideExistence: true });
  });

  test('an investigator who may read the record is refused welfare openly (403)', () => {
    const d = authorize(user('investigator'), 'record.welfare', record('u1'), ctx);
    expect(d).toEqual({ allowed: false, reason: 'role', hideExistence: false });
  });

  test('an administrator never reads custody content, and does not learn it exists', () => {
    const d = authorize(user('admin'), 'record.read', record('u1'), ctx);
    expect(d).toEqual({ allowed: false, reason: 'role', hideExistence: true });
  });

  test('separation of duties: an investigator on the record may not act as responsible official', () => {
    const r = record('u1', { involvedInvestigatorIds: ['user-1'] });
    expect(authorize(user('custody_inspector'), 'record.rights', r, ctx)).toEqual({
      allowed: false,
      reason: 'separation_of_duties',
      hideExistence: false,
    });
    expect(authorize(user('custody_inspector'), 'record.welfare', r, ctx).allowed).toBe(true);
    const other = user('custody_inspector', { userId: 'user-2' });
    expect(authorize(other, 'record.rights', r, ctx).allowed).toBe(true);
  });

  test('a record grant opens that record only', () => {
    const g: GrantView = {
      units: [],
      recordId: 'r1',
      validFrom: '2025-03-01T00:00:00.000Z',
      validUntil: '2025-03-02T00:00:00.000Z',
    };
    const c = { now: NOW, grants: [g] };
    expect(authorize(user('lawyer'), 'record.read', record('u2'), c).allowed).toBe(true);
    const other = record('u2', { recordId: 'r2' });
    expect(authorize(user('lawyer'), 'record.read', other, c)).toMatchObject({
      allowed: false,
      reason: 'no_grant',
      hideExistence: true,
    });
  });

  test('a grant is valid from validFrom inclusive to validUntil exclusive', () => {
    const g: GrantView = { units: ['u2'], recordId: null, validFrom: NOW, validUntil: NOW };
    const at = (now: string, grant: GrantView) =>
      authorize(user('monitor'), 'record.read', record('u2'), { now, grants: [grant] }).allowed;
    expect(at(NOW, { ...g, validUntil: '2025-03-01T12:00:00.001Z' })).toBe(true);
    expect(at(NOW, g)).toBe(false);
    expect(at('2025-03-01T11:59:59.999Z', { ...g, validUntil: '2025-03-02T00:00:00.000Z' })).toBe(
      false,
    );
  });

  test('a lawyer with a grant but no consent is refused health openly', () => {
    const g: GrantView = {
      units: ['u2'],
      recordId: null,
      validFrom: NOW,
      validUntil: '2026-01-01',
    };
    const d = authorize(user('lawyer'), 'record.read_health', record('u2'), {
      now: NOW,
      grants: [g],
    });
    expect(d).toEqual({ allowed: false, reason: 'no_consent', hideExistence: false });
  });

  test('a user who must still set up a second factor may do nothing', () => {
    const d = authorize(
      user('hq', { totpEnrolmentRequired: true }),
      'record.read',
      record('u1'),
      ctx,
    );
    expect(d).toMatchObject({ allowed: false, reason: 'totp_enrolment_required' });
  });

  test('API tokens act only within their scopes and unit, never on health data', () => {
    const token: TokenPrincipal = {
      kind: 'token',
      tokenId: 't',
      scopes: ['records:read'],
      unitId: 'u1',
    };
    expect(authorize(token, 'record.read', record('u1'), ctx).allowed).toBe(true);
    expect(authorize(token, 'record.read', record('u2'), ctx)).toMatchObject({
      allowed: false,
      hideExistence: true,
    });
    expect(authorize(token, 'record.read_health', record('u1'), ctx).allowed).toBe(false);
    expect(authorize(token, 'metrics.read', { kind: 'system' }, ctx).allowed).toBe(false);
    const metrics: TokenPrincipal = { ...token, scopes: ['metrics'] };
    expect(authorize(metrics, 'metrics.read', { kind: 'system' }, ctx).allowed).toBe(true);
    expect(authorize(metrics, 'users.manage', { kind: 'system' }, ctx).allowed).toBe(false);
  });
});

describe('what a 403 says: the permission and who holds it', () => {
  test.each(ACTIONS)('%s: the roles and token scopes of the table', (action) => {
    const roles = Role.options.filter((r) => (MATRIX[action][r]?.length ?? 0) > 0);
    const scopes = Object.entries(TOKEN_MATRIX)
      .filter(([, actions]) => actions.includes(action))
      .map(([scope]) => scope);
    expect(holdersOf(action)).toEqual({ roles, scopes });
  });

  test('martial-law conditions are the supervisor’s, and the detail says so in both languages', () => {
    const { detail, extension } = explainDenial('record.martial_law', 'role');
    expect(extension).toEqual({
      permission: 'record.martial_law',
      roles: ['supervisor'],
      scopes: [],
      reason: 'role',
    });
    expect(detail).toMatch(/^Потрібен дозвіл record\.martial_law; його мають ролі: supervisor\./);
    expect(detail).toContain(
      'Permission record.martial_law is needed; the roles holding it: supervisor.',
    );
  });
});
