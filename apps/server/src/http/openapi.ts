import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { documentProblems } from './problem-docs.ts';
import type { App } from './types.ts';

const COMPONENT = '#/components/schemas/';

/**
 * fastify-type-provider-zod turns a recursive zod schema (`z.json()`, e.g. the corrected fields of
 * CorrectEntry) into a `$ref` to a generated component it never adds to the document; such a
 * dangling reference is replaced by the empty schema (any JSON value), so that the document stays
 * valid OpenAPI 3.1.
 */
export function dropDanglingRefs<T>(document: T): T {
  const doc = document as { components?: { schemas?: Record<string, unknown> } };
  const known = new Set(Object.keys(doc.components?.schemas ?? {}));
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const ref = (value as { $ref?: unknown }).$ref;
    if (
      typeof ref === 'string' &&
      ref.startsWith(COMPONENT) &&
      !known.has(ref.slice(COMPONENT.length))
    ) {
      return { description: 'Any JSON value' };
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
  };
  return walk(document) as T;
}

/**
 * OpenAPI 3.1 generated from the routes' zod schemas, served at
 * /api/openapi.json, with a documentation page at /api/docs.
 */
export async function registerOpenApi(app: App): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Custody Records API',
        description: 'Електронний журнал тримання затриманих. Electronic custody record.',
        version: '1.0.0',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'custody_session' },
          apiToken: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: (d) =>
      documentProblems(dropDanglingRefs('openapiObject' in d ? d.openapiObject : d.swaggerObject)),
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get(
    '/api/openapi.json',
    { config: { access: { kind: 'public' } }, schema: { hide: true } },
    () => app.swagger(),
  );
}
