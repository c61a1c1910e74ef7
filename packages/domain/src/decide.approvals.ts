import type { CommandType } from './commands.ts';
import type { ApproverStanding, DecideContext } from './decide.context.ts';
import type { DomainError } from './errors.ts';

/**
 * Approvals the domain names, each in one place (domain.md §2: the unit head / supervisor approves
 * exceptions): the payload field that names the approving person, by command. The caller looks
 * each named id up in its accounts (`DecideContext.approvers`) before `decide`.
 * - SetObservationLevel, `supervisorApproval.supervisorId`: lowering an observation level needs a
 *   supervisor's sign-off (domain.md §3.8);
 * - RecordMartialLawConditions, `supervisorId`: special martial-law conditions (КПК ст. 615) are
 *   the supervisor's exception to approve (domain.md §2, §4).
 * Not here, on purpose: a contact's `authorisedById` is checked against the record's responsible
 * official (КПК ст. 212) and flags, never refuses; PACE authorisations and reviews name a
 * superintendent, inspector or magistrates' court by rank or office, which the accounts do not
 * model, so they are recorded as stated (PACE s.40-44, E&W profile only).
 */
export const APPROVAL_FIELDS: Partial<Record<CommandType, readonly string[]>> = {
  SetObservationLevel: ['supervisorApproval', 'supervisorId'],
  RecordMartialLawConditions: ['supervisorId'],
};

/** The person ids a command's payload names as approving it, read without validating the payload. */
export function approverIds(type: CommandType, payload: unknown): string[] {
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
