import type { CommandType } from './commands.ts';
import type { ApproverStanding, DecideContext } from './decide.context.ts';
import type { DomainError } from './errors.ts';

/**
 * Approvals the domain names, each in one place (domain.md §2: the unit head / supervisor approves
 * exceptions), and how each is made by someone who may approve. The caller looks every id
 * `approverIds` gives up in its accounts (`DecideContext.approvers`) before `decide`.
 *
 * Named in the payload and verified (`APPROVAL_FIELDS`, the payload field naming the approver):
 * - SetObservationLevel, `supervisorApproval.supervisorId`: lowering an observation level in one
 *   step, naming the supervisor who signed it off (domain.md §3.8);
 * - RecordMartialLawConditions, `supervisorId`: special martial-law conditions (КПК ст. 615) are
 *   the supervisor's exception; the API lets only a supervisor of the unit record them, so they
 *   are the supervisor's own entry as well (domain.md §2, §4).
 *
 * Made by the approver as their own entry (`APPROVED_BY_ACTOR`, the two-step flow):
 * - DecideApproval: a supervisor of the record's unit approves or refuses a pending
 *   RequestApproval (lowering an observation level, domain.md §3.8); the actor is the approver.
 *
 * Not approvals, on purpose: a contact's `authorisedById` is checked against the record's
 * responsible official (КПК ст. 212) and flags, never refuses; PACE authorisations and reviews
 * name a superintendent, inspector or magistrates' court by rank or office, which the accounts do
 * not model, so they are recorded as stated (PACE s.40-44, E&W profile only).
 */
export const APPROVAL_FIELDS: Partial<Record<CommandType, readonly string[]>> = {
  SetObservationLevel: ['supervisorApproval', 'supervisorId'],
  RecordMartialLawConditions: ['supervisorId'],
};

/** Commands whose actor is the approver (the second step of the two-step approval). */
export const APPROVED_BY_ACTOR: ReadonlySet<CommandType> = new Set<CommandType>(['DecideApproval']);

/**
 * The person ids a command names as approving it, read without validating the payload: the
 * payload's approver field, or the actor for a command the approver makes as their own entry.
 */
export function approverIds(type: CommandType, payload: unknown, actorId?: string): string[] {
  if (APPROVED_BY_ACTOR.has(type)) return actorId === undefined ? [] : [actorId];
  const path = APPROVAL_FIELDS[type];
  if (path === undefined) return [];
  let value: unknown = payload;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !(key in value)) return [];
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'string' && value.trim() !== '' ? [value.trim()] : [];
}

const WHY: Record<Exclude<ApproverStanding, 'supervisor_of_unit'>, string> = {
  not_supervisor: 'is not a supervisor',
  other_unit: 'is a supervisor of another unit',
  inactive: 'is a disabled account',
  unknown: 'is no known account',
};

/**
 * The approver is an active supervisor of the record's unit at the moment of the entry
 * (domain.md §2, §3.8), or the refusal `approver_not_supervisor` saying why not.
 */
export function checkApprover(ctx: DecideContext, approverId: string): DomainError | undefined {
  const standing = ctx.approvers?.get(approverId) ?? 'unknown';
  if (standing === 'supervisor_of_unit') return undefined;
  return {
    code: 'approver_not_supervisor',
    approverId,
    standing,
    message: `the approver ${approverId} ${WHY[standing]}: only an active supervisor of the record's unit approves (domain.md §2)`,
  };
}
