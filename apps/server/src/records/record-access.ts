import { acceptedCommands, type CommandType, type CustodyRecordState } from '@custody/domain';
import type { FastifyRequest } from 'fastify';
import type { Action, Resource } from '../authz/actions.ts';
import { authorize, tokenMayIssue, type AuthzContext } from '../authz/authorize.ts';
import { authorizeRequest, denial, principalOf } from '../authz/guard.ts';
import type { GrantView, Principal } from '../authz/principal.ts';
import { activeGrantsFor } from '../grants/grants.ts';
import { notFoundOrForbidden } from '../http/problem.ts';
import type { AppDeps } from '../http/types.ts';
import { COMMAND_ACTIONS } from './command-actions.ts';
import { findSummary } from '../projections/record-summary.projection.ts';
import type { RecordSummariesTable } from '../projections/record-summaries.table.ts';

/**
 * A record as authorization sees it (authz/actions.ts Resource): its unit, the investigators on
 * it (separation of duties, Law 3623-IX) and whether the detainee consented to show health data
 * to this kind of reader (E&W Code C Note 9E; personal data law art. 7).
 */
export function recordResource(
  row: RecordSummariesTable,
  principal: Principal,
): Extract<Resource, { kind: 'record' }> {
  const role = principal.kind === 'user' ? principal.role : null;
  const consent =
    role === 'lawyer' ? row.consent_lawyer !== 0 : role === 'monitor' && row.consent_monitor !== 0;
  return {
    kind: 'record',
    recordId: row.record_id,
    unitId: row.unit_id,
    involvedInvestigatorIds: JSON.parse(row.involved_ids) as string[],
    healthConsent: consent,
  };
}

/** The grants valid now of a monitor or lawyer; none for everyone else. */
export async function grantsOf(deps: AppDeps, principal: Principal): Promise<GrantView[]> {
  if (principal.kind !== 'user') return [];
  if (principal.role !== 'monitor' && principal.role !== 'lawyer') return [];
  return activeGrantsFor(deps.database, principal.userId, deps.clock());
}

/** The clock read now and the principal's grants valid now, as `authorize` is given them. */
export async function authzContext(deps: AppDeps, principal: Principal): Promise<AuthzContext> {
  const grants = await grantsOf(deps, principal);
  return { now: deps.clock().toISOString(), grants };
}

/** Whether the principal may do `action` on `resource`, without throwing. */
export async function allowed(
  deps: AppDeps,
  principal: Principal,
  action: Action,
  resource: Resource,
): Promise<boolean> {
  return (await allowedOn(deps, principal, action))(resource);
}

/**
 * {@link allowed} for many resources (a report over every unit): the grants are read once, and
 * each resource is then decided as `allowed` decides it.
 */
export async function allowedOn(
  deps: AppDeps,
  principal: Principal,
  action: Action,
): Promise<(resource: Resource) => boolean> {
  const grants = await grantsOf(deps, principal);
  const now = deps.clock().toISOString();
  return (resource) => authorize(principal, action, resource, { now, grants }).allowed;
}

/**
 * Whether the principal may read each record's health and risk entries (`record.read_health`,
 * domain.md §5), for a list of records: the grants are read once. The same decision as
 * `allowed(..., 'record.read_health', ...)` on one record.
 */
export async function healthReader(
  deps: AppDeps,
  principal: Principal,
  at?: AuthzContext,
): Promise<(row: RecordSummariesTable) => boolean> {
  const { now, grants } = at ?? (await authzContext(deps, principal));
  return (row) =>
    authorize(principal, 'record.read_health', recordResource(row, principal), { now, grants })
      .allowed;
}

/**
 * Loads the record's summary row and authorizes `action` on it: 404 for an unknown record and
 * for a caller who may not learn that it exists (domain.md §5), 403 otherwise.
 */
export async function authorizeRecord(
  request: FastifyRequest,
  deps: AppDeps,
  recordId: string,
  action: Action,
): Promise<{ row: RecordSummariesTable; principal: Principal }> {
  principalOf(request);
  const row = await findSummary(deps.database, recordId);
  if (row === undefined) throw notFoundOrForbidden();
  const principal = await authorizeRequest(
    request,
    deps,
    action,
    recordResource(row, principalOf(request)),
  );
  return { row, principal };
}

/**
 * An API token issues a command only when a scope includes it or `records:commands` lists it
 * (several commands share one action); 403 naming the permission otherwise.
 */
export function checkTokenCommand(principal: Principal, type: CommandType): void {
  if (principal.kind === 'token' && !tokenMayIssue(principal, type)) {
    throw denial(COMMAND_ACTIONS[type], 'token_scope');
  }
}

/**
 * Authorizes command `type` on `resource` for the request's principal: the action it needs
 * (command-actions.ts) and, for a token, its list of commands. 404 when the caller may not learn
 * that the record exists.
 */
export async function authorizeCommandOn(
  request: FastifyRequest,
  deps: AppDeps,
  type: CommandType,
  resource: Extract<Resource, { kind: 'record' }>,
): Promise<Principal> {
  const principal = await authorizeRequest(request, deps, COMMAND_ACTIONS[type], resource);
  checkTokenCommand(principal, type);
  return principal;
}

/** `authorizeRecord` for the action of a command, and the token's list of commands. */
export async function authorizeCommand(
  request: FastifyRequest,
  deps: AppDeps,
  recordId: string,
  type: CommandType,
): Promise<{ row: RecordSummariesTable; principal: Principal }> {
  const authorized = await authorizeRecord(request, deps, recordId, COMMAND_ACTIONS[type]);
  checkTokenCommand(authorized.principal, type);
  return authorized;
}

/**
 * The commands a principal may issue on a record (or, with `state` undefined and a resource
 * without investigators, on a unit's records) now: those `authorize` allows by the action each
 * needs (command-actions.ts), among those the domain accepts in the record's state. What screens
 * offer; every command is still authorized and decided when it is sent.
 */
export async function offeredCommands(
  deps: AppDeps,
  principal: Principal,
  resource: Extract<Resource, { kind: 'record' }>,
  state: CustodyRecordState | undefined | 'any',
  at?: AuthzContext,
): Promise<CommandType[]> {
  const ctx = at ?? (await authzContext(deps, principal));
  const candidates =
    state === 'any' ? (Object.keys(COMMAND_ACTIONS) as CommandType[]) : acceptedCommands(state);
  return candidates.filter(
    (c) =>
      authorize(principal, COMMAND_ACTIONS[c], resource, ctx).allowed &&
      (principal.kind !== 'token' || tokenMayIssue(principal, c)),
  );
}
