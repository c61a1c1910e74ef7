import type { Role, TokenScope } from '@custody/contracts';
import { COMMAND_ACTIONS } from '../records/command-actions.ts';
import type { Action, RecordAction, SystemAction, UnitAction } from './actions.ts';

/**
 * How the resource relates to the principal:
 * - own_unit: the resource is in the principal's unit (for roles without a unit: any unit, no grant);
 * - other_unit: another unit, no grant;
 * - with_grant: another unit, and a grant valid now names it (unit grant, or record grant);
 * - with_grant_consented: as with_grant, and the detainee consented to share health data;
 * - expired_grant: another unit, and the only grant naming it is outside its validity window.
 */
export const SCOPES = [
  'own_unit',
  'other_unit',
  'with_grant',
  'with_grant_consented',
  'expired_grant',
] as const;
export type Scope = (typeof SCOPES)[number];

const ALL: readonly Scope[] = SCOPES;
const OWN: readonly Scope[] = ['own_unit'];
const GRANT: readonly Scope[] = ['with_grant', 'with_grant_consented'];
const CONSENTED: readonly Scope[] = ['with_grant_consented'];
const HQ_READ: readonly Scope[] = ALL;

const UNIT_STAFF = [
  'detaining_officer',
  'duty_inspector',
  'custody_inspector',
  'investigator',
  'medical',
  'supervisor',
] as const;

function own(...roles: Role[]): Partial<Record<Role, readonly Scope[]>> {
  return Object.fromEntries(roles.map((r) => [r, OWN]));
}

/**
 * The expected authorization table (domain.md §2 and §5), as data: for each
 * action, the roles allowed and in which scopes. Every cell not listed is
 * denied. `authorize` is tested against every role × action × scope cell.
 *
 * Decisions beyond the text of domain.md, recorded here:
 * - record.scene (force used, property taken): also the detaining officer, who
 *   records them at the scene on a tablet, offline if need be (issue 19); the
 *   return or retention of property stays the inspectors' (record.property).
 * - record.open: detaining officer, duty inspector and custody inspector; an
 *   investigator requests the detainee but does not open custody (КПК ст. 208).
 * - health and risk entries are read on a need-to-know basis: duty and custody
 *   inspectors, medical staff, the supervisor and HQ; not the detaining officer
 *   or investigator; lawyers and monitors only with the detainee's consent.
 * - lawyers and monitors may export the extract their grant covers; a unit
 *   grant also opens that unit's whiteboard.
 * - HQ is read-only nationally; its one write is a lawful erasure.
 * - administrators manage accounts, units, tokens and keys but read no custody
 *   content and grant nothing (a grant opens custody content).
 */
export const MATRIX: Readonly<Record<Action, Partial<Record<Role, readonly Scope[]>>>> = {
  'record.open': own('detaining_officer', 'duty_inspector', 'custody_inspector'),
  'record.read': { ...own(...UNIT_STAFF), hq: HQ_READ, monitor: GRANT, lawyer: GRANT },
  'record.read_health': {
    ...own('duty_inspector', 'custody_inspector', 'medical', 'supervisor'),
    hq: HQ_READ,
    monitor: CONSENTED,
    lawyer: CONSENTED,
  },
  'record.register': own('duty_inspector', 'custody_inspector'),
  'record.rights': own('custody_inspector'),
  'record.notification': own('custody_inspector', 'duty_inspector'),
  'record.interview': own('custody_inspector'),
  'record.health': own('medical', 'custody_inspector'),
  'record.risk': own('custody_inspector', 'duty_inspector', 'medical'),
  'record.martial_law': own('supervisor'),
  // The second step of a two-step approval: a supervisor of the record's unit decides a pending
  // request as their own entry (domain.md §2, §3.8).
  'record.approve': own('supervisor'),
  'record.property': own('duty_inspector', 'custody_inspector'),
  'record.movement': own('detaining_officer', 'duty_inspector', 'custody_inspector'),
  'record.contact': own('duty_inspector', 'custody_inspector'),
  'record.procedural': own('investigator', 'detaining_officer'),
  'record.welfare': own('duty_inspector', 'custody_inspector'),
  // At the scene (issue 19): the officer who detains records the force used and the property
  // taken, on a tablet and without signal if need be; the unit's inspectors may too.
  'record.scene': own('detaining_officer', 'duty_inspector', 'custody_inspector'),
  'record.release': own('custody_inspector', 'duty_inspector'),
  'record.correction': own(...UNIT_STAFF),
  'record.attachment': own(
    'detaining_officer',
    'duty_inspector',
    'custody_inspector',
    'investigator',
    'medical',
  ),
  'record.erase': { hq: HQ_READ },
  'record.export': {
    ...own('custody_inspector', 'duty_inspector', 'supervisor'),
    hq: HQ_READ,
    monitor: GRANT,
    lawyer: GRANT,
  },
  'whiteboard.read': { ...own(...UNIT_STAFF), hq: HQ_READ, monitor: GRANT },
  'reports.read': { supervisor: OWN, hq: HQ_READ },
  'integrity.read': Object.fromEntries(
    [...UNIT_STAFF, 'hq', 'monitor', 'lawyer', 'admin'].map((r) => [r, ALL]),
  ),
  'units.read': { ...own(...UNIT_STAFF), hq: ALL, monitor: ALL, lawyer: ALL, admin: ALL },
  'users.manage': { admin: ALL },
  'units.manage': { admin: ALL },
  'tokens.manage': { admin: ALL },
  'grants.manage': { supervisor: OWN, hq: HQ_READ },
  'keys.read': { admin: ALL },
  'metrics.read': { admin: ALL },
  'devices.enrol': own('detaining_officer', 'duty_inspector', 'custody_inspector'),
  'devices.revoke': { supervisor: OWN, admin: ALL },
  // domain.md §4: the unit's policy is set by its supervisor (not an administrator, who reads no
  // custody content, nor HQ, which is read-only).
  'policy.manage': { supervisor: OWN },
};

/** The expected answer of one cell of the table. */
export function expected(role: Role, action: Action, scope: Scope): boolean {
  return MATRIX[action][role]?.includes(scope) ?? false;
}

/** What a route authorizes, for the walk of every route: on a record, a unit, the system or nobody. */
export interface RouteAccess {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly action: Action | 'public';
  readonly on: 'record' | 'unit' | 'system' | 'none';
}

/**
 * The routes of integrity, reports, documents and attachments with the action each enforces
 * (issues 5 and 7). Receipts are checked as `record.read` on the entry's record; an attachment
 * download as `record.read` (or `record.read_health` when only health entries name the file) on a
 * record that names it.
 */
export const OVERSIGHT_ROUTES: readonly RouteAccess[] = [
  { method: 'GET', url: '/api/v1/integrity/checkpoint', action: 'public', on: 'none' },
  { method: 'GET', url: '/api/v1/integrity/vkey', action: 'public', on: 'none' },
  { method: 'GET', url: '/api/v1/integrity/checkpoints', action: 'integrity.read', on: 'system' },
  {
    method: 'GET',
    url: '/api/v1/integrity/proofs/inclusion',
    action: 'integrity.read',
    on: 'system',
  },
  {
    method: 'GET',
    url: '/api/v1/integrity/proofs/consistency',
    action: 'integrity.read',
    on: 'system',
  },
  {
    method: 'GET',
    url: '/api/v1/integrity/receipts/:logIndex',
    action: 'record.read',
    on: 'record',
  },
  { method: 'GET', url: '/api/v1/records/:recordId/proofs', action: 'record.read', on: 'record' },
  { method: 'GET', url: '/api/v1/reports/compliance', action: 'reports.read', on: 'unit' },
  {
    method: 'GET',
    url: '/api/v1/reports/compliance/counts',
    action: 'reports.read',
    on: 'unit',
  },
  {
    method: 'GET',
    url: '/api/v1/reports/compliance/findings',
    action: 'reports.read',
    on: 'unit',
  },
  {
    method: 'GET',
    url: '/api/v1/records/:recordId/documents/:kind',
    action: 'record.export',
    on: 'record',
  },
  {
    method: 'GET',
    url: '/api/v1/records/:recordId/extract',
    action: 'record.export',
    on: 'record',
  },
  {
    method: 'GET',
    url: '/api/v1/records/:recordId/extract/bundle',
    action: 'record.export',
    on: 'record',
  },
  {
    method: 'POST',
    url: '/api/v1/records/:recordId/attachments',
    action: 'record.attachment',
    on: 'record',
  },
  { method: 'GET', url: '/api/v1/attachments/:sha256', action: 'record.read', on: 'record' },
];

/**
 * What an API token of each scope may do (issue 5, "API tokens ... scoped"): a token never reads
 * health data, never manages anything, and a token bound to a unit acts only in that unit.
 */
export const TOKEN_MATRIX: Readonly<Record<TokenScope, readonly Action[]>> = {
  'records:read': ['record.read', 'record.export', 'whiteboard.read', 'units.read'],
  'records:write': ['record.attachment'],
  'records:commands': [],
  metrics: ['metrics.read'],
  'integrity:read': ['integrity.read'],
};

/** The expected answer for a token; `unitId` null is a resource outside any unit. */
export function expectedForToken(
  token: { readonly scopes: readonly TokenScope[]; readonly unitId: string | null },
  action: Action,
  unitId: string | null,
): boolean {
  const permitted = token.scopes.some((s) => TOKEN_MATRIX[s].includes(action));
  return permitted && (unitId === null || token.unitId === null || token.unitId === unitId);
}

/**
 * Who may call a route, as the route matrix test derives each expected answer from MATRIX:
 * - public: anyone, signed in or not;
 * - person: a signed-in person (not a token), `roles` only when listed;
 * - principal: a person or a token; the answer is filtered to what the caller may see;
 * - listing: a person or token who holds `action` in some scope; the list holds what they may see;
 * - system: `action` on the system;
 * - unit: `action` on the unit the request names (`personsOnly`: tokens refused);
 * - record: `action` on the record the request names (`created`: a record opened in the caller's
 *   unit), after `first` on the system and before `then` on the record's unit.
 * A refusal on a record is 404 when the caller may not read it (domain.md §5), and `hidden`
 * answers 404 for every refusal; a token bound to a unit learns nothing of other units (404).
 */
export type RouteRule =
  | { readonly kind: 'public' }
  | { readonly kind: 'person'; readonly roles?: readonly Role[] }
  | { readonly kind: 'principal' }
  | { readonly kind: 'listing'; readonly action: RecordAction }
  | { readonly kind: 'system'; readonly action: SystemAction }
  | {
      readonly kind: 'unit';
      readonly action: UnitAction;
      readonly personsOnly?: boolean;
      readonly hidden?: boolean;
    }
  | {
      readonly kind: 'record';
      readonly action: RecordAction;
      readonly created?: boolean;
      readonly first?: SystemAction;
      readonly then?: UnitAction;
      readonly hidden?: boolean;
    };

const PUBLIC = { kind: 'public' } as const;
const PERSON = { kind: 'person' } as const;
const system = (action: SystemAction) => ({ kind: 'system', action }) as const;
const onUnit = (action: UnitAction) => ({ kind: 'unit', action }) as const;
const onRecord = (action: RecordAction) => ({ kind: 'record', action }) as const;

/** Who enrols a tablet and syncs its entries: the holders of devices.enrol (MATRIX). */
const DEVICE_USERS: readonly Role[] = ['detaining_officer', 'duty_inspector', 'custody_inspector'];

const COMMAND_ROUTES: Record<string, RouteRule> = Object.fromEntries(
  Object.entries(COMMAND_ACTIONS)
    .filter(([type]) => type !== 'RecordDetention')
    .map(([type, action]) => [`POST /api/v1/records/:recordId/commands/${type}`, onRecord(action)]),
);

/**
 * Every route of the app, `METHOD url` as registered, and who may call it. A route missing here,
 * or an entry without a route, fails the route matrix test.
 */
export const ROUTE_MATRIX: Readonly<Record<string, RouteRule>> = {
  'GET /healthz': PUBLIC,
  'GET /readyz': PUBLIC,
  'GET /metrics': system('metrics.read'),
  'GET /api/openapi.json': PUBLIC,
  'GET /api/docs': PUBLIC,
  'GET /api/docs/static/index.html': PUBLIC,
  'GET /api/docs/static/swagger-initializer.js': PUBLIC,
  'GET /api/docs/static/*': PUBLIC,
  'GET /api/docs/json': PUBLIC,
  'GET /api/docs/yaml': PUBLIC,
  'POST /api/v1/session': PUBLIC,
  'GET /api/v1/session': PERSON,
  'DELETE /api/v1/session': PERSON,
  'POST /api/v1/session/revoke-all': PERSON,
  'POST /api/v1/session/totp/setup': PERSON,
  'POST /api/v1/session/totp/confirm': PERSON,
  'GET /api/v1/users': system('users.manage'),
  'POST /api/v1/users': system('users.manage'),
  'POST /api/v1/users/:id/disable': system('users.manage'),
  'POST /api/v1/users/:id/reset-second-factor': system('users.manage'),
  'GET /api/v1/units': { kind: 'principal' },
  'POST /api/v1/units': system('units.manage'),
  'PATCH /api/v1/units/:id': system('units.manage'),
  'GET /api/v1/units/:id/rooms': onUnit('units.read'),
  'GET /api/v1/units/:id/supervisors': onUnit('units.read'),
  'GET /api/v1/units/:unitId/policy': onUnit('units.read'),
  'POST /api/v1/units/:unitId/policy/changes': {
    kind: 'unit',
    action: 'policy.manage',
    personsOnly: true,
  },
  'POST /api/v1/units/:id/rooms': system('units.manage'),
  'PATCH /api/v1/rooms/:id': system('units.manage'),
  // A person issues tokens within what they may do (403 beyond, authz/token-ceiling.ts), lists
  // and revokes their own; an administrator every token (tokens.manage).
  'GET /api/v1/api-tokens': PERSON,
  'GET /api/v1/api-tokens/scopes': PERSON,
  'POST /api/v1/api-tokens': PERSON,
  'DELETE /api/v1/api-tokens/:id': PERSON,
  'GET /api/v1/grants': { kind: 'person', roles: ['hq', 'supervisor', 'monitor', 'lawyer'] },
  'POST /api/v1/grants': { kind: 'unit', action: 'grants.manage', personsOnly: true },
  'GET /api/v1/grantees': { kind: 'person', roles: ['hq', 'supervisor'] },
  'DELETE /api/v1/grants/:id': {
    kind: 'unit',
    action: 'grants.manage',
    personsOnly: true,
    hidden: true,
  },
  'GET /api/v1/units/:unitId/whiteboard': onUnit('whiteboard.read'),
  'GET /api/v1/units/:unitId/whiteboard/stream': onUnit('whiteboard.read'),
  'GET /api/v1/reports/compliance': onUnit('reports.read'),
  'GET /api/v1/reports/compliance/counts': onUnit('reports.read'),
  'GET /api/v1/reports/compliance/findings': onUnit('reports.read'),
  'POST /api/v1/records': { kind: 'record', action: 'record.open', created: true },
  'GET /api/v1/records': { kind: 'listing', action: 'record.read' },
  'GET /api/v1/records/:recordId': onRecord('record.read'),
  'GET /api/v1/records/:recordId/stream': onRecord('record.read'),
  'GET /api/v1/records/:recordId/proofs': onRecord('record.read'),
  // Where the detainee may be placed: asked by whoever may move them, as MoveDetainee is.
  'GET /api/v1/records/:recordId/placements': onRecord(COMMAND_ACTIONS.MoveDetainee),
  'GET /api/v1/records/:recordId/access-log': {
    kind: 'record',
    action: 'record.read',
    then: 'reports.read',
  },
  'GET /api/v1/records/:recordId/documents/:kind': onRecord('record.export'),
  'GET /api/v1/records/:recordId/extract': onRecord('record.export'),
  'GET /api/v1/records/:recordId/extract/bundle': onRecord('record.export'),
  'POST /api/v1/records/:recordId/attachments': onRecord('record.attachment'),
  // Each item of a batch is authorized as its command's own route; the matrix sends a batch of
  // one cell check, so the batch answers as POST …/commands/RecordCellCheck does.
  'POST /api/v1/records/:recordId/batch': onRecord(COMMAND_ACTIONS.RecordCellCheck),
  'GET /api/v1/attachments/:sha256': { kind: 'record', action: 'record.read', hidden: true },
  'GET /api/v1/integrity/checkpoint': PUBLIC,
  'GET /api/v1/integrity/vkey': PUBLIC,
  'GET /log/checkpoint': PUBLIC,
  'GET /api/v1/integrity/witnesses': PUBLIC,
  'GET /api/v1/integrity/witness-policy': PUBLIC,
  'GET /log/tile/*': PUBLIC,
  'GET /api/v1/integrity/checkpoints': system('integrity.read'),
  'GET /api/v1/integrity/proofs/inclusion': system('integrity.read'),
  'GET /api/v1/integrity/proofs/consistency': system('integrity.read'),
  'GET /api/v1/integrity/receipts/:logIndex': {
    kind: 'record',
    action: 'record.read',
    first: 'integrity.read',
  },
  'GET /api/v1/time': PUBLIC,
  'GET /api/v1/devices': { kind: 'person', roles: [...DEVICE_USERS, 'supervisor', 'admin'] },
  'POST /api/v1/devices': { kind: 'person', roles: DEVICE_USERS },
  'POST /api/v1/devices/:id/revoke': {
    kind: 'unit',
    action: 'devices.revoke',
    personsOnly: true,
    hidden: true,
  },
  'POST /api/v1/devices/:id/entries': { kind: 'person', roles: DEVICE_USERS },
  ...COMMAND_ROUTES,
};
