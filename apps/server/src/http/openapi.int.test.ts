import { validate } from '@readme/openapi-parser';
import { DOMAIN_ERROR_CODES } from '@custody/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { custodyHarness, type CustodyHarness } from '../../test/http/custody-harness.ts';
import { registeredRoutes } from '../authz/guard.ts';
import { PROBLEM_MEMBERS, statusOf, type ProblemCode } from './problem-catalogue.ts';
import { documentedProblems, undocumentedProblems } from './problem-docs.ts';

interface ProblemResponse {
  content?: Record<string, { schema?: { allOf?: { $ref?: string; properties?: unknown }[] } }>;
}
type Operation = { responses: Record<string, ProblemResponse>; parameters?: unknown[] } & Record<
  string,
  unknown
>;
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

const COMMAND = /^POST \/api\/v1\/records\/:recordId\/commands\/\w+$/;

/** The codes an operation documents under a status, as application/problem+json. */
function documented(operation: Operation, status: number): string[] {
  const problem = operation.responses[String(status)]?.content?.['application/problem+json'];
  const parts = problem?.schema?.allOf ?? [];
  if (parts[0]?.$ref !== '#/components/schemas/Problem') return [];
  const code = (parts[1]?.properties as { code?: { enum?: string[] } } | undefined)?.code;
  return code?.enum ?? [];
}

/**
 * What a route can answer, collected from where the answers come from rather than from the
 * catalogue that documents them: the access guard (401, 403), validation (400), the domain's
 * error catalogue and the command path (422, 409, 404).
 */
function collected(key: string, operation: Operation, access: string | undefined): ProblemCode[] {
  const codes: ProblemCode[] = ['internal'];
  if (access !== undefined && access !== 'public') {
    codes.push('unauthenticated', 'invalid_token', 'forbidden');
  }
  if ((operation.parameters?.length ?? 0) > 0 || 'requestBody' in operation) {
    codes.push('invalid_request');
  }
  if ('requestBody' in operation) codes.push('invalid_json', 'body_too_large');
  // Every POST reads the Idempotency-Key header: malformed or not taken → 400.
  if (key.startsWith('POST ')) codes.push('invalid_request');
  const takesKey = (operation.parameters ?? []).some(
    (p) => (p as { name?: string }).name === 'Idempotency-Key',
  );
  if (takesKey) codes.push('idempotency_key_reused', 'idempotency_in_flight');
  if (COMMAND.test(key) || key === 'POST /api/v1/records/:recordId/batch')
    codes.push('not_found', 'version_conflict', ...DOMAIN_ERROR_CODES);
  if (key === 'POST /api/v1/records') codes.push('version_conflict', ...DOMAIN_ERROR_CODES);
  return codes;
}

describe('the OpenAPI document says every answer of every route', () => {
  let h: CustodyHarness;
  let doc: Document;
  beforeAll(async () => {
    h = await custodyHarness('sqlite', { full: true });
    await h.app.ready();
    const r = await h.app.inject({ url: '/api/openapi.json' });
    doc = r.json<Document>();
  }, 120_000);
  afterAll(() => h.close());

  test('is valid OpenAPI 3.1 (@readme/openapi-parser)', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const copy = JSON.parse(JSON.stringify(doc)) as Parameters<typeof validate>[0];
    const result = await validate(copy);
    expect(result.valid ? [] : result.errors).toEqual([]);
  });

  test('every served route is in the problem catalogue', () => {
    const unknown = registeredRoutes(h.app)
      .filter((r) => r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`)
      .filter((key) => documentedProblems(key) === null);
    expect(unknown).toEqual([]);
  });

  test('each code a route can emit is documented under its status, as problem+json', () => {
    const access = new Map(
      registeredRoutes(h.app).map((r) => [`${r.method} ${r.url}`, r.access?.kind]),
    );
    const missing: string[] = [];
    let checked = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const key = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
        for (const code of collected(key, operation, access.get(key))) {
          checked += 1;
          if (!documented(operation, statusOf(code)).includes(code)) {
            missing.push(`${key}: ${String(statusOf(code))} ${code}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(57 * DOMAIN_ERROR_CODES.length);
  });

  test('a documented code sits under its own status, and every status has codes', () => {
    const wrong: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const status of Object.keys(operation.responses).map(Number)) {
          if (status < 400) continue;
          const codes = documented(operation, status);
          if (codes.length === 0) wrong.push(`${method} ${path}: ${String(status)} has no codes`);
          for (const code of codes) {
            if (statusOf(code as ProblemCode) !== status) {
              wrong.push(`${method} ${path}: ${code} under ${String(status)}`);
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  test('the martial-law route lists the 403 and the domain refusals', () => {
    const op = doc.paths['/api/v1/records/{recordId}/commands/RecordMartialLawConditions']?.post;
    expect(op).toBeDefined();
    if (op === undefined) return;
    expect(documented(op, 403)).toEqual(['csrf', 'forbidden', 'totp_enrolment_required']);
    expect(documented(op, 409)).toEqual(['idempotency_in_flight', 'version_conflict']);
    expect(documented(op, 422)).toContain('juvenile_interrogation_without_defender');
    expect(documented(op, 422)).toContain('record_closed');
  });

  test('a refusal that carries extension members names them; the Problem schema declares them', () => {
    const op = doc.paths['/api/v1/records/{recordId}/commands/RequestApproval']?.post;
    const description = (op?.responses['422'] as { description?: string } | undefined)?.description;
    expect(description).toContain('approval_already_pending: requestEventId');
    expect(description).toContain('approver_not_supervisor: approverId, standing');
    expect(description).toMatch(/^Unprocessable Content: /);
    // Every domain refusal with members names them, e.g. the request or contact it refers to.
    expect(description).toContain('approval_by_requester: requestEventId');
    expect(description).toContain('approval_before_request: requestEventId');
    expect(description).toContain('contact_not_open: contactEventId');
    expect(description).toContain('reference_not_found: field, eventId');
    const problem = doc.components.schemas['Problem'] as { properties: Record<string, unknown> };
    for (const members of Object.values(PROBLEM_MEMBERS)) {
      for (const member of members) expect(problem.properties).toHaveProperty(member);
    }
  });

  test('every POST of a principal takes an Idempotency-Key, but the one answering a secret', () => {
    const posts = registeredRoutes(h.app).filter(
      (r) => r.method === 'POST' && r.access !== undefined && r.access.kind !== 'public',
    );
    const taking = posts.filter((r) => {
      const op = doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.post;
      return (op?.parameters ?? []).some(
        (p) => (p as { name?: string }).name === 'Idempotency-Key',
      );
    });
    const not = posts
      .filter((r) => !taking.includes(r))
      .map((r) => `${r.access?.kind ?? ''} ${r.url}`);
    expect(not.filter((n) => !n.startsWith('session '))).toEqual([]);
    expect(not).toContain('session /api/v1/api-tokens');
    expect(taking.some((r) => r.url === '/api/v1/records/:recordId/commands/RecordCellCheck')).toBe(
      true,
    );
  });

  test('answers given while these tests ran were all documented', async () => {
    const anonymous = await h.app.inject({ method: 'GET', url: '/api/v1/records' });
    expect(anonymous.statusCode).toBe(401);
    const badToken = await h.app.inject({
      method: 'GET',
      url: '/api/v1/records/x',
      headers: { authorization: 'Bearer cr_nope' },
    });
    expect(badToken.statusCode).toBe(401);
    expect(undocumentedProblems()).toEqual([]);
  });
});
