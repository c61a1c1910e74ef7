import { DOMAIN_ERROR_CODES, type DomainError, type DomainErrorCode } from '@custody/domain';
import type { ProblemMembers } from './problem.ts';
import type { Access } from './types.ts';

/**
 * Every problem code the HTTP layer answers with, and its status (RFC 9457 problem+json, the
 * `code` member). The domain's refusals (422) come from its own catalogue, DOMAIN_ERROR_CODES.
 */
export const PROBLEM_STATUS = {
  invalid_request: 400,
  invalid_json: 400,
  invalid_content_length: 400,
  bad_request: 400,
  totp_invalid: 400,
  unauthenticated: 401,
  invalid_token: 401,
  invalid_credentials: 401,
  totp_required: 401,
  forbidden: 403,
  csrf: 403,
  totp_enrolment_required: 403,
  device_revoked: 403,
  wrong_password: 403,
  not_found: 404,
  version_conflict: 409,
  idempotency_in_flight: 409,
  unit_code_taken: 409,
  username_taken: 409,
  totp_already_enabled: 409,
  totp_not_pending: 409,
  not_yet_checkpointed: 409,
  document_unavailable: 409,
  device_already_enrolled: 409,
  device_entry_conflict: 409,
  body_too_large: 413,
  unsupported_media_type: 415,
  wrong_unit: 422,
  idempotency_key_reused: 422,
  invalid_device_entry: 422,
  bad_device_signature: 422,
  rate_limited: 429,
  locked_out: 429,
  internal: 500,
  not_ready: 503,
  log_unavailable: 503,
  fonts_missing: 503,
} as const;
export type ProblemCode = keyof typeof PROBLEM_STATUS | (typeof DOMAIN_ERROR_CODES)[number];

/** The members of a domain refusal of `code` that a problem may carry (ProblemMembers). */
type RefusalMembers<C extends DomainErrorCode> = Exclude<
  keyof Extract<DomainError, { code: C }>,
  'code' | 'message'
> &
  keyof ProblemMembers;

/**
 * The extension members (RFC 9457 §3.2) a problem of these codes always carries beside the
 * standard ones, so that a client acts on it without reading `detail`: each domain refusal's own
 * fields (domain/errors.ts), e.g. the approver named and why they may not approve; the room and
 * the placement rules a placement would break; the approval request, contact, action or entry it
 * names. The command handler copies exactly these from the refusal (`refusal`), and each
 * operation's document lists them with the codes of its status. Not carried: `record_closed`'s
 * `status` (the problem's own `status` member; `detail` says it) and `invalid_payload`'s issues
 * (the problem's `errors`). (A 403 `forbidden` from the access guard adds `permission`, `roles`,
 * `scopes` and `reason`; a refused batch adds `item` and `command`.)
 */
export const PROBLEM_MEMBERS = {
  future_occurred_at: ['occurredAt', 'now'],
  occurred_before_detention: ['occurredAt', 't0'],
  delivery_before_detention: ['occurredAt', 't0'],
  delivery_delay_unexplained: ['delayMinutes'],
  record_exists: ['recordId'],
  separation_of_duties: ['personId'],
  approver_not_supervisor: ['approverId', 'standing'],
  placement_breaks_rules: ['roomId', 'breaches'],
  contact_not_open: ['contactEventId'],
  investigative_action_not_open: ['actionEventId'],
  reference_not_found: ['field', 'eventId'],
  correction_target_missing: ['targetEventId'],
  correction_not_allowed: ['targetEventId'],
  erasure_target_missing: ['targetEventId'],
  already_erased: ['targetEventId'],
  wrong_profile: ['profile'],
  approval_already_pending: ['requestEventId'],
  approval_by_requester: ['requestEventId'],
  approval_before_request: ['requestEventId'],
} as const satisfies { readonly [C in DomainErrorCode]?: readonly RefusalMembers<C>[] };

/** The extension members a problem of `code` carries (PROBLEM_MEMBERS); none for most. */
export function problemMembersOf(code: string): readonly (keyof ProblemMembers)[] {
  return (
    (PROBLEM_MEMBERS as Partial<Record<string, readonly (keyof ProblemMembers)[]>>)[code] ?? []
  );
}

/** The status of a problem code; every domain refusal is 422. */
export function statusOf(code: ProblemCode): number {
  return code in PROBLEM_STATUS ? PROBLEM_STATUS[code as keyof typeof PROBLEM_STATUS] : 422;
}

const COMMAND = /^POST \/api\/v1\/records\/:recordId\/commands\/\w+$/;
const RECORD_COMMAND: readonly ProblemCode[] = [
  'not_found',
  'version_conflict',
  'wrong_unit',
  ...DOMAIN_ERROR_CODES,
];

/**
 * What a route answers beyond what its declaration implies (the access guard's 401 and 403, the
 * validation of its schema, the body parser's 400, 413 and 415, and 500): its own problems,
 * `METHOD url` as registered. The OpenAPI test fails for a route missing here, and the error
 * handler reports a problem a route answers with that its document does not list.
 */
export const ROUTE_PROBLEMS: Readonly<Record<string, readonly ProblemCode[]>> = {
  'GET /healthz': [],
  'GET /readyz': ['not_ready'],
  'GET /metrics': [],
  'GET /api/openapi.json': [],
  'GET /api/docs': [],
  'GET /api/docs/static/index.html': [],
  'GET /api/docs/static/swagger-initializer.js': [],
  'GET /api/docs/static/*': ['not_found'],
  'GET /api/docs/json': [],
  'GET /api/docs/yaml': [],
  'POST /api/v1/session': [
    'invalid_credentials',
    'totp_required',
    'totp_invalid',
    'rate_limited',
    'locked_out',
  ],
  'GET /api/v1/session': [],
  'DELETE /api/v1/session': [],
  'POST /api/v1/session/revoke-all': [],
  'POST /api/v1/session/totp/setup': ['totp_already_enabled'],
  'POST /api/v1/session/totp/confirm': ['totp_not_pending', 'totp_invalid'],
  'GET /api/v1/users': [],
  'POST /api/v1/users': ['username_taken'],
  'POST /api/v1/users/:id/disable': ['not_found'],
  'POST /api/v1/users/:id/reset-second-factor': ['not_found'],
  'GET /api/v1/units': [],
  'POST /api/v1/units': ['unit_code_taken'],
  'PATCH /api/v1/units/:id': ['not_found', 'unit_code_taken'],
  'GET /api/v1/units/:id/rooms': ['not_found'],
  'GET /api/v1/units/:id/supervisors': ['not_found'],
  'GET /api/v1/units/:unitId/policy': ['not_found'],
  'POST /api/v1/units/:unitId/policy/changes': ['not_found', 'version_conflict'],
  'POST /api/v1/units/:id/rooms': ['not_found'],
  'PATCH /api/v1/rooms/:id': ['not_found'],
  'GET /api/v1/api-tokens': [],
  'GET /api/v1/api-tokens/scopes': [],
  'POST /api/v1/api-tokens': [],
  'DELETE /api/v1/api-tokens/:id': ['not_found'],
  'GET /api/v1/grants': [],
  'POST /api/v1/grants': ['not_found'],
  'GET /api/v1/grantees': [],
  'DELETE /api/v1/grants/:id': ['not_found'],
  'GET /api/v1/units/:unitId/whiteboard': ['not_found'],
  'GET /api/v1/units/:unitId/whiteboard/stream': ['not_found'],
  'GET /api/v1/reports/compliance': ['log_unavailable'],
  'GET /api/v1/reports/compliance/counts': ['log_unavailable'],
  'GET /api/v1/reports/compliance/findings': ['log_unavailable'],
  'POST /api/v1/records': ['not_found', 'version_conflict', ...DOMAIN_ERROR_CODES],
  'POST /api/v1/records/:recordId/batch': RECORD_COMMAND,
  'GET /api/v1/records': [],
  'GET /api/v1/records/:recordId': ['not_found'],
  'GET /api/v1/records/:recordId/stream': ['not_found'],
  'GET /api/v1/records/:recordId/proofs': ['not_found', 'not_yet_checkpointed', 'log_unavailable'],
  'GET /api/v1/records/:recordId/access-log': ['not_found'],
  'GET /api/v1/records/:recordId/placements': ['not_found'],
  'GET /api/v1/records/:recordId/documents/:kind': [
    'not_found',
    'not_yet_checkpointed',
    'document_unavailable',
    'fonts_missing',
    'log_unavailable',
  ],
  'GET /api/v1/records/:recordId/extract': [
    'not_found',
    'not_yet_checkpointed',
    'document_unavailable',
    'fonts_missing',
    'log_unavailable',
  ],
  'GET /api/v1/records/:recordId/extract/bundle': [
    'not_found',
    'not_yet_checkpointed',
    'log_unavailable',
  ],
  'POST /api/v1/records/:recordId/attachments': [
    'not_found',
    'version_conflict',
    'log_unavailable',
    ...DOMAIN_ERROR_CODES,
  ],
  'GET /api/v1/attachments/:sha256': ['not_found'],
  'GET /api/v1/integrity/checkpoint': ['not_found', 'log_unavailable'],
  'GET /api/v1/integrity/vkey': ['log_unavailable'],
  'GET /api/v1/integrity/checkpoints': ['log_unavailable'],
  'GET /api/v1/integrity/proofs/inclusion': ['not_found', 'log_unavailable'],
  'GET /api/v1/integrity/proofs/consistency': ['not_found', 'log_unavailable'],
  'GET /api/v1/integrity/receipts/:logIndex': ['not_found', 'log_unavailable'],
  'GET /log/checkpoint': ['not_found'],
  'GET /api/v1/integrity/witnesses': [],
  'GET /log/tile/*': ['not_found'],
  'GET /api/v1/time': [],
  'GET /api/v1/devices': [],
  'POST /api/v1/devices': [
    'device_already_enrolled',
    'wrong_password',
    'rate_limited',
    'locked_out',
  ],
  'POST /api/v1/devices/:id/revoke': ['not_found', 'version_conflict'],
  'POST /api/v1/devices/:id/entries': [
    'not_found',
    'device_revoked',
    'invalid_device_entry',
    'bad_device_signature',
    'device_entry_conflict',
    'version_conflict',
  ],
};

/** POST routes whose answer holds a secret shown once: a kept copy for replay would leak it. */
const ANSWER_HOLDS_SECRET: ReadonlySet<string> = new Set(['POST /api/v1/api-tokens']);

/**
 * Whether a route takes an `Idempotency-Key` (http/idempotency.ts): every POST of a signed-in
 * principal or API token, but a session's own routes (a person's browser) unless they require a
 * key, and a route whose answer holds a secret shown once.
 */
export function acceptsIdempotencyKey(key: string, access: Access | undefined): boolean {
  if (!key.startsWith('POST ') || ANSWER_HOLDS_SECRET.has(key)) return false;
  if (REQUIRES_IDEMPOTENCY_KEY.has(key)) return true;
  return access?.kind === 'principal' || access?.kind === 'action';
}

/**
 * POST routes that refuse a request without an `Idempotency-Key` (400): a tablet's sync of its
 * offline entries (issue 19 "each batch carries an idempotency key"), a session route that
 * takes a key all the same because a lost answer is its ordinary case.
 */
export const REQUIRES_IDEMPOTENCY_KEY: ReadonlySet<string> = new Set([
  'POST /api/v1/devices/:id/entries',
]);

/** A route as the catalogue needs it. */
export interface RouteShape {
  readonly key: string;
  readonly method: string;
  readonly access: Access | undefined;
  readonly validates: boolean;
}

/**
 * The problem codes a route may answer with: from its access declaration (the guard), its
 * schema (validation and the body parser), the domain's catalogue for a command, and its own
 * problems (ROUTE_PROBLEMS); null for a route the catalogue does not know. The body parser's
 * answers (400, 413, 415) belong to every method that may carry a body.
 */
export function problemsOfRoute(route: RouteShape): ProblemCode[] | null {
  const own = COMMAND.test(route.key) ? RECORD_COMMAND : ROUTE_PROBLEMS[route.key];
  if (own === undefined) return null;
  const codes = new Set<ProblemCode>(['internal', ...own]);
  const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(route.method);
  if (route.access !== undefined && route.access.kind !== 'public') {
    for (const c of ['unauthenticated', 'invalid_token', 'forbidden'] as const) codes.add(c);
    if (route.access.kind !== 'session' || route.access.enrolment !== true) {
      codes.add('totp_enrolment_required');
    }
    if (unsafe) codes.add('csrf');
  }
  if (route.validates) codes.add('invalid_request');
  if (route.method === 'POST') {
    // A malformed key, or a key sent to a route that takes none, is a 400.
    codes.add('invalid_request');
    if (acceptsIdempotencyKey(route.key, route.access)) {
      codes.add('idempotency_key_reused');
      codes.add('idempotency_in_flight');
    }
  }
  // Fastify parses a body sent with any unsafe method, whether or not the route reads one.
  if (unsafe) {
    const parser = ['invalid_json', 'invalid_content_length', 'bad_request'] as const;
    for (const c of [...parser, 'body_too_large', 'unsupported_media_type'] as const) codes.add(c);
  }
  return [...codes];
}

/** Codes grouped by status, each group sorted: what an operation's responses document. */
export function byStatus(codes: readonly ProblemCode[]): Map<number, ProblemCode[]> {
  const out = new Map<number, ProblemCode[]>();
  for (const code of codes) {
    const status = statusOf(code);
    out.set(status, [...(out.get(status) ?? []), code].sort());
  }
  return out;
}
