import type { FieldError, Problem } from '@custody/contracts';

/** RFC 9110 §15 reason phrases of every status the server answers a problem with. */
export const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The extension members a problem may carry beside the standard ones. */
export type ProblemMembers = Pick<
  Problem,
  | 'permission'
  | 'roles'
  | 'scopes'
  | 'reason'
  | 'approverId'
  | 'standing'
  | 'item'
  | 'command'
  | 'roomId'
  | 'breaches'
  | 'requestEventId'
  | 'occurredAt'
  | 'now'
  | 't0'
  | 'delayMinutes'
  | 'recordId'
  | 'personId'
  | 'contactEventId'
  | 'actionEventId'
  | 'field'
  | 'eventId'
  | 'targetEventId'
  | 'profile'
>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** An error that the error handler turns into an application/problem+json response (RFC 9457). */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly extra: {
      readonly errors?: readonly FieldError[];
      readonly headers?: Readonly<Record<string, string>>;
      /** Extension members of the problem (RFC 9457 §3.2), e.g. the permission a 403 needs. */
      readonly members?: ProblemMembers;
    } = {},
  ) {
    super(detail);
  }
}

export function titleOf(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

export function problemBody(
  status: number,
  code: string,
  detail: string,
  requestId: string,
  errors?: readonly FieldError[],
  members: ProblemMembers = {},
): Problem {
  return {
    type: `urn:custody:problem:${code}`,
    title: titleOf(status),
    status,
    detail,
    code,
    ...members,
    ...(errors === undefined ? {} : { errors: [...errors] }),
    instance: `urn:custody:request:${requestId}`,
    requestId,
  };
}

export const badRequest = (detail: string, errors?: readonly FieldError[]) =>
  new HttpProblem(400, 'invalid_request', detail, errors ? { errors } : {});
export const unauthenticated = (detail = 'Потрібен вхід. Sign-in required.') =>
  new HttpProblem(401, 'unauthenticated', detail);
export const forbidden = (
  code = 'forbidden',
  detail = 'Доступ заборонено. Access denied.',
  members?: ProblemMembers,
) => new HttpProblem(403, code, detail, members ? { members } : {});
export const notFound = (detail = 'Не знайдено. Not found.') =>
  new HttpProblem(404, 'not_found', detail);
export const conflict = (code: string, detail: string) => new HttpProblem(409, code, detail);

/**
 * "No difference between absent and forbidden" (domain.md §5): a caller who may
 * not learn that a record exists gets exactly the 404 of a record that does not.
 */
export function notFoundOrForbidden(): HttpProblem {
  return notFound();
}
