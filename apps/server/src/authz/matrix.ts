import type { Role } from '@custody/contracts';
import type { Action } from './actions.ts';

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
  'record.observation_lower_approve': own('supervisor'),
  'record.property': own('duty_inspector', 'custody_inspector'),
  'record.movement': own('detaining_officer', 'duty_inspector', 'custody_inspector'),
  'record.contact': own('duty_inspector', 'custody_inspector'),
  'record.procedural': own('investigator', 'detaining_officer'),
  'record.welfare': own('duty_inspector', 'custody_inspector'),
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
