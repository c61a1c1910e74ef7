import type { z } from 'zod';
import type { PlacementRule } from './placement.ts';

/** One problem found in a payload, with the zod issue path. */
export interface PayloadIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * Why `decide` refused a command. `code` is stable for the API and the UI; `message` is English
 * for logs and developers (the UI translates by code).
 */
export type DomainError =
  | {
      readonly code: 'invalid_payload';
      readonly message: string;
      readonly issues: readonly PayloadIssue[];
    }
  | {
      readonly code: 'future_occurred_at';
      readonly message: string;
      readonly occurredAt: string;
      readonly now: string;
    }
  | {
      readonly code: 'occurred_before_detention';
      readonly message: string;
      readonly occurredAt: string;
      readonly t0: string;
    }
  | {
      readonly code: 'delivery_before_detention';
      readonly message: string;
      readonly occurredAt: string;
      readonly t0: string;
    }
  | {
      readonly code: 'delivery_delay_unexplained';
      readonly message: string;
      readonly delayMinutes: number;
    }
  | { readonly code: 'already_delivered'; readonly message: string }
  | { readonly code: 'not_delivered'; readonly message: string }
  | { readonly code: 'already_registered'; readonly message: string }
  | {
      readonly code: 'record_closed';
      readonly message: string;
      readonly status: 'released' | 'transferred';
    }
  | { readonly code: 'record_not_found'; readonly message: string }
  | { readonly code: 'record_exists'; readonly message: string; readonly recordId: string }
  | { readonly code: 'separation_of_duties'; readonly message: string; readonly personId: string }
  | { readonly code: 'observation_lowering_needs_supervisor'; readonly message: string }
  | {
      readonly code: 'approver_not_supervisor';
      readonly message: string;
      readonly approverId: string;
      readonly standing: 'not_supervisor' | 'other_unit' | 'inactive' | 'unknown';
    }
  | { readonly code: 'juvenile_interrogation_without_defender'; readonly message: string }
  | {
      readonly code: 'placement_breaks_rules';
      readonly message: string;
      readonly roomId: string;
      readonly breaches: readonly PlacementRule[];
    }
  | { readonly code: 'interrogation_already_running'; readonly message: string }
  | { readonly code: 'interrogation_not_running'; readonly message: string }
  | { readonly code: 'interrogation_not_paused'; readonly message: string }
  | { readonly code: 'contact_not_open'; readonly message: string; readonly contactEventId: string }
  | {
      readonly code: 'investigative_action_not_open';
      readonly message: string;
      readonly actionEventId: string;
    }
  | {
      readonly code: 'reference_not_found';
      readonly message: string;
      readonly field: string;
      readonly eventId: string;
    }
  | { readonly code: 'ground_required'; readonly message: string }
  | {
      readonly code: 'correction_target_missing';
      readonly message: string;
      readonly targetEventId: string;
    }
  | {
      readonly code: 'correction_not_allowed';
      readonly message: string;
      readonly targetEventId: string;
    }
  | {
      readonly code: 'erasure_target_missing';
      readonly message: string;
      readonly targetEventId: string;
    }
  | { readonly code: 'already_erased'; readonly message: string; readonly targetEventId: string }
  | { readonly code: 'wrong_profile'; readonly message: string; readonly profile: string }
  | { readonly code: 'not_foreigner'; readonly message: string }
  | { readonly code: 'approval_not_needed'; readonly message: string }
  | {
      readonly code: 'approval_already_pending';
      readonly message: string;
      readonly requestEventId: string;
    }
  | {
      readonly code: 'approval_by_requester';
      readonly message: string;
      readonly requestEventId: string;
    }
  | {
      readonly code: 'approval_before_request';
      readonly message: string;
      readonly requestEventId: string;
    };

export type DomainErrorCode = DomainError['code'];

const CATALOGUE = {
  invalid_payload: true,
  future_occurred_at: true,
  occurred_before_detention: true,
  delivery_before_detention: true,
  delivery_delay_unexplained: true,
  already_delivered: true,
  not_delivered: true,
  already_registered: true,
  record_closed: true,
  record_not_found: true,
  record_exists: true,
  separation_of_duties: true,
  observation_lowering_needs_supervisor: true,
  approver_not_supervisor: true,
  juvenile_interrogation_without_defender: true,
  placement_breaks_rules: true,
  interrogation_already_running: true,
  interrogation_not_running: true,
  interrogation_not_paused: true,
  contact_not_open: true,
  investigative_action_not_open: true,
  reference_not_found: true,
  ground_required: true,
  correction_target_missing: true,
  correction_not_allowed: true,
  erasure_target_missing: true,
  already_erased: true,
  wrong_profile: true,
  not_foreigner: true,
  approval_not_needed: true,
  approval_already_pending: true,
  approval_by_requester: true,
  approval_before_request: true,
} as const satisfies Record<DomainErrorCode, true>;

/**
 * The domain's error catalogue: every code `decide` may refuse a command with (the API answers
 * each as a 422 problem with that code). Exhaustive by construction: a code added to
 * DomainError fails the typecheck until it is listed here.
 */
export const DOMAIN_ERROR_CODES = Object.keys(CATALOGUE) as readonly DomainErrorCode[];

/** An `invalid_payload` error from zod issues, with paths under `prefix`. */
export function invalidPayload(
  issues: readonly z.core.$ZodIssue[],
  prefix: PropertyKey[] = [],
): Extract<DomainError, { code: 'invalid_payload' }> {
  return {
    code: 'invalid_payload',
    message: issues.map((i) => `${[...prefix, ...i.path].join('.')}: ${i.message}`).join('; '),
    issues: issues.map((i) => ({ path: [...prefix, ...i.path], message: i.message })),
  } as const;
}
