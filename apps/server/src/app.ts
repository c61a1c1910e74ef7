import fastifyCookie from '@fastify/cookie';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import * as accounts from './accounts/index.ts';
import { registerAccessControl } from './authz/guard.ts';
import type { ModuleMigration } from './db/migrate.ts';
import * as grants from './grants/index.ts';
import * as integrity from './integrity/index.ts';
import * as reports from './reports/index.ts';
import * as attachments from './attachments/index.ts';
import { registerDocumentRoutes } from './documents/documents.routes.ts';
import { registerCompression } from './http/compression.ts';
import { registerProblemHandlers } from './http/errors.ts';
import { registerHealth } from './http/health.ts';
import { idempotencyMigrations, registerIdempotency } from './http/idempotency.ts';
import { registerJsonBody } from './http/json-body.ts';
import { loggerOptions } from './http/logging.ts';
import { registerDatabaseMetrics, registerMetrics } from './http/metrics.ts';
import { registerOpenApi } from './http/openapi.ts';
import { registerProblemCatalogue } from './http/problem-docs.ts';
import { requestId, registerRequestId } from './http/request-id.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerWebApp } from './http/web-app.ts';
import type { App, AppDeps, RegisterRoutes } from './http/types.ts';
import { deviceMigrations } from './devices/index.ts';
import { unitPolicyMigrations } from './policy/unit-policy.tables.ts';
import { projectionMigrations } from './projections/index.ts';
import * as records from './records/index.ts';
import * as witnessing from './witnessing/index.ts';

export type { App, AppDeps } from './http/types.ts';

/** The migrations of the modules served by buildApp, in order. */
export const apiMigrations: readonly ModuleMigration[] = [
  ...accounts.migrations,
  ...grants.migrations,
  ...projectionMigrations,
  ...idempotencyMigrations,
  ...deviceMigrations,
  ...unitPolicyMigrations,
  ...witnessing.witnessingMigrations,
  ...reports.reportMigrations,
];

/** Feature route modules; a later feature adds its `registerRoutes` here. */
const FEATURES: readonly RegisterRoutes[] = [
  accounts.registerRoutes,
  grants.registerRoutes,
  records.registerRoutes,
  integrity.registerRoutes,
  reports.registerRoutes,
  attachments.registerRoutes,
  registerDocumentRoutes,
  witnessing.registerRoutes,
];

/**
 * Builds the HTTP API (not listening): zod-validated routes under /api/v1,
 * problem+json errors, security headers, request ids, metrics, health and the
 * OpenAPI document. Everything it uses comes in through `deps`.
 */
export async function buildApp(deps: AppDeps): Promise<App> {
  const t = deps.config.timeouts;
  const app: App = Fastify({
    logger: loggerOptions(deps.logger),
    bodyLimit: deps.config.bodyLimit,
    // Node checks the header and request deadlines every connectionsCheckingInterval.
    http: {
      headersTimeout: t.headers * 1000,
      connectionsCheckingInterval: Math.min(30_000, (t.headers * 1000) / 2),
    },
    requestTimeout: t.request * 1000,
    connectionTimeout: t.idle * 1000,
    keepAliveTimeout: t.keepAlive * 1000,
    trustProxy: deps.config.trustProxy,
    genReqId: requestId,
    return503OnClosing: true,
  }).withTypeProvider();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const web = deps.webRoot ?? null;
  registerProblemHandlers(app, web !== null);
  registerJsonBody(app);
  // The web app's files first: compressed at build time, they stay out of the hook below.
  if (web !== null) await registerWebApp(app, web);
  await registerCompression(app);
  registerRequestId(app);
  registerSecurityHeaders(app, deps.config);
  await app.register(fastifyCookie);
  registerAccessControl(app, deps);
  registerIdempotency(app, deps);
  registerProblemCatalogue(app);
  await registerOpenApi(app);
  const metrics = registerMetrics(app);
  witnessing.registerWitnessMetrics(metrics, deps);
  registerDatabaseMetrics(metrics, deps.database);
  registerHealth(app, deps);
  for (const register of FEATURES) register(app, deps);
  return app;
}
