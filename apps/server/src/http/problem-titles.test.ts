import { DOMAIN_ERROR_CODES, type DomainError } from '@custody/domain';
import { describe, expect, test } from 'vitest';
import { refusal } from '../records/command-handler.ts';
import { PROBLEM_MEMBERS, PROBLEM_STATUS, statusOf } from './problem-catalogue.ts';
import { problemBody, titleOf, TITLES } from './problem.ts';

describe('problem titles (RFC 9110 §15)', () => {
  test('every status the catalogue answers with has its own title', () => {
    const statuses = new Set([
      ...Object.values(PROBLEM_STATUS),
      ...DOMAIN_ERROR_CODES.map((c) => statusOf(c)),
    ]);
    for (const status of statuses) expect(TITLES, `status ${status}`).toHaveProperty([status]);
  });

  test('a 422 is Unprocessable Content, not the generic Client Error', () => {
    expect(titleOf(422)).toBe('Unprocessable Content');
    expect(problemBody(422, 'record_closed', 'closed', 'r1').title).toBe('Unprocessable Content');
    expect(titleOf(418)).toBe('Client Error');
  });
});

describe('a domain refusal as a problem', () => {
  test('carries every member the catalogue lists for its code, and no other', () => {
    for (const [code, members] of Object.entries(PROBLEM_MEMBERS)) {
      const fields = Object.fromEntries(
        members.map((m) => [m, m === 'breaches' ? ['x'] : `v-${m}`]),
      );
      const error = { code, message: 'refused', ...fields, extra: 'not a member' } as unknown;
      const problem = refusal(error as DomainError);
      expect(problem.status).toBe(422);
      expect(problem.extra.members, code).toEqual(fields);
    }
  });

  test('a refusal without members carries none; invalid_payload carries its errors', () => {
    const closed = refusal({ code: 'record_closed', message: 'closed', status: 'released' });
    expect(closed.extra.members).toBeUndefined();
    const invalid = refusal({
      code: 'invalid_payload',
      message: 'bad',
      issues: [{ path: ['a', 0], message: 'm' }],
    });
    expect(invalid.extra).toEqual({ errors: [{ path: 'a.0', message: 'm' }] });
  });
});
