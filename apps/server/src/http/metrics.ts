import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { z } from 'zod';
import type { App } from './types.ts';

/** Prometheus metrics of one app instance (own Registry: two apps in one process do not collide). */
export function registerMetrics(app: App): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  app.route({
    method: 'GET',
    url: '/metrics',
    config: { access: { kind: 'action', action: 'metrics.read' }, loopbackAllowed: true },
    schema: { hide: true, response: { 200: z.string() } },
    handler: async (_request, reply) => {
      void reply.type(registry.contentType);
      return registry.metrics();
    },
  });
  return registry;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Callers on the loopback interface need no credentials (/metrics for a local scraper). */
    loopbackAllowed?: boolean;
  }
}
