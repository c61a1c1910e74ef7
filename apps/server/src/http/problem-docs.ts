import { Problem } from '@custody/contracts';
import { z } from 'zod';
import {
  acceptsIdempotencyKey,
  byStatus,
  problemMembersOf,
  problemsOfRoute,
  REQUIRES_IDEMPOTENCY_KEY,
  type ProblemCode,
} from './problem-catalogue.ts';
import { titleOf } from './problem.ts';
import type { App } from './types.ts';

/** Each registered route's problem codes, `METHOD url` → codes (null: not in the catalogue). */
const ROUTES = new Map<string, ProblemCode[] | null>();
/** Problems answered that the route's document does not list (reported by the error handler). */
const UNDOCUMENTED = new Set<string>();
/** Routes that take an `Idempotency-Key` (`METHOD url`). */
const IDEMPOTENT = new Set<string>();

/** Records each route's problem codes as it is registered (before any route is added). */
export function registerProblemCatalogue(app: App): void {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const schema = (route.schema ?? {}) as Record<string, unknown>;
    for (const method of methods) {
      if (method === 'HEAD') continue;
      const key = `${method} ${route.url}`;
      const validates = ['body', 'querystring', 'params', 'headers'].some((k) => k in schema);
      const access = route.config?.access;
      ROUTES.set(key, problemsOfRoute({ key, method, access, validates }));
      if (acceptsIdempotencyKey(key, access)) IDEMPOTENT.add(key);
    }
  });
}

/** The problem codes documented for a route, or null when the route is unknown. */
export function documentedProblems(key: string): readonly ProblemCode[] | null {
  return ROUTES.get(key) ?? null;
}

/**
 * Notes a problem answered on a route (`method` as requested): one its document does not list
 * is kept for `undocumentedProblems` and logged by the caller.
 */
export function isDocumented(method: string, url: string, code: string): boolean {
  const key = `${method === 'HEAD' ? 'GET' : method} ${url}`;
  const codes = ROUTES.get(key);
  if (codes === undefined || codes === null) return true;
  if ((codes as readonly string[]).includes(code)) return true;
  UNDOCUMENTED.add(`${key} ${code}`);
  return false;
}

/** Every `METHOD url code` answered in this process that its route's document does not list. */
export function undocumentedProblems(): string[] {
  return [...UNDOCUMENTED].sort();
}

const PROBLEM_REF = '#/components/schemas/Problem';

function problemSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Problem) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}

interface Operation {
  responses?: Record<string, unknown>;
  parameters?: unknown[];
}

/** The `Idempotency-Key` request header as an OpenAPI parameter (http/idempotency.ts). */
const IDEMPOTENCY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retried POST safe (draft-ietf-httpapi-idempotency-key-header): the same key with the same request answers the original answer again (header `Idempotency-Replayed: true`); with another request 422 `idempotency_key_reused`; while the first is still running 409 `idempotency_in_flight`. Kept 24 hours per caller, in the database.',
  schema: { type: 'string', minLength: 1, maxLength: 257 },
};

/** The extension members the codes of one status carry (PROBLEM_MEMBERS), as a sentence. */
function membersOf(group: readonly ProblemCode[]): string {
  const named = group.flatMap((code) => {
    const members = problemMembersOf(code);
    return members.length === 0 ? [] : [`${code}: ${members.join(', ')}`];
  });
  return named.length === 0 ? '' : `. Extension members: ${named.join('; ')}`;
}

/**
 * Adds to every operation of an OpenAPI document each problem status it may answer, as
 * application/problem+json with the enumeration of its codes (RFC 9457; the codes are stable).
 */
export function documentProblems<T>(document: T): T {
  const doc = document as {
    paths?: Record<string, Record<string, Operation>>;
    components?: { schemas?: Record<string, unknown> };
  };
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas } };
  (doc.components.schemas as Record<string, unknown>).Problem = problemSchema();
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    const url = path.replace(/\{(\w+)\}/g, ':$1').replace(/\{\*\}$/, '*');
    for (const [method, operation] of Object.entries(operations)) {
      const key = `${method.toUpperCase()} ${url}`;
      const codes = documentedProblems(key);
      if (codes === null) continue;
      if (IDEMPOTENT.has(key)) {
        const required = REQUIRES_IDEMPOTENCY_KEY.has(key);
        operation.parameters = [
          ...(operation.parameters ?? []),
          { ...IDEMPOTENCY_PARAMETER, required },
        ];
      }
      const responses: Record<string, unknown> = { ...operation.responses };
      for (const [status, group] of byStatus(codes)) {
        responses[String(status)] = {
          description: `${titleOf(status)}: ${group.join(', ')}${membersOf(group)}`,
          content: {
            'application/problem+json': {
              schema: {
                allOf: [{ $ref: PROBLEM_REF }, { properties: { code: { enum: group } } }],
              },
            },
          },
        };
      }
      operation.responses = responses;
    }
  }
  return document;
}
