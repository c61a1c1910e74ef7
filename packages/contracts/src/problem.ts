import { z } from 'zod';

/** One invalid field of a request: a JSON-pointer-like dotted path and a message. */
export const FieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;

/**
 * An error response, RFC 9457 "Problem Details for HTTP APIs" (media type
 * application/problem+json), with a stable machine `code` the web app switches on.
 */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  errors: z.array(FieldError).optional(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  /** 403: the permission the request needs (an authorization action, e.g. `record.martial_law`). */
  permission: z.string().optional(),
  /** 403: the roles that hold that permission, in their own unit or through a grant. */
  roles: z.array(z.string()).optional(),
  /** 403: the API token scopes that include that permission. */
  scopes: z.array(z.string()).optional(),
  /** 403: why this caller does not hold it (role, other_unit, no_grant, token_scope, ...). */
  reason: z.string().optional(),
  /** 422 approver_not_supervisor: the person named as approving the entry. */
  approverId: z.string().optional(),
  /** 422 approver_not_supervisor: why they may not approve (not_supervisor, other_unit, inactive, unknown). */
  standing: z.string().optional(),
  /** A batch refused: the index (from 0) of the item that failed; nothing of the batch is stored. */
  item: z.int().nonnegative().optional(),
  /** A batch refused: the command of that item. */
  command: z.string().optional(),
  /** 422 placement_breaks_rules: the room and the placement rules the placement would break. */
  roomId: z.string().optional(),
  breaches: z.array(z.string()).optional(),
  /**
   * 422 approval_already_pending: the request still awaiting a supervisor's decision (its entry
   * id); approval_by_requester, approval_before_request: the request being decided.
   */
  requestEventId: z.string().optional(),
  /** 422 future_occurred_at, occurred_before_detention, delivery_before_detention: the time given. */
  occurredAt: z.string().optional(),
  /** 422 future_occurred_at: the server's time it was checked against. */
  now: z.string().optional(),
  /** 422 occurred_before_detention, delivery_before_detention: the time of detention. */
  t0: z.string().optional(),
  /** 422 delivery_delay_unexplained: minutes from detention to delivery. */
  delayMinutes: z.number().optional(),
  /** 422 record_exists: the record that already exists. */
  recordId: z.string().optional(),
  /** 422 separation_of_duties: the person who may not act in both capacities. */
  personId: z.string().optional(),
  /** 422 contact_not_open: the contact entry named, which is not open. */
  contactEventId: z.string().optional(),
  /** 422 investigative_action_not_open: the investigative action entry named, which is not open. */
  actionEventId: z.string().optional(),
  /** 422 reference_not_found: the payload field naming the entry, and the entry id it named. */
  field: z.string().optional(),
  eventId: z.string().optional(),
  /**
   * 422 correction_target_missing, correction_not_allowed, erasure_target_missing,
   * already_erased: the entry the correction or erasure names.
   */
  targetEventId: z.string().optional(),
  /** 422 wrong_profile: the record's legal profile, for which the command is not available. */
  profile: z.string().optional(),
});
export type Problem = z.infer<typeof Problem>;
