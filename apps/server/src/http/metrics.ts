import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
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

/**
 * SQLite: the WAL and its checkpoint thread (db/wal-checkpointer.ts), read at each scrape. A
 * thread that died is replaced after a back-off (counted in
 * `custody_sqlite_wal_checkpoint_thread_restarts_total`); one that died too often is not
 * (`custody_sqlite_wal_checkpoint_thread_failed 1`): the WAL is then bounded by the main
 * connection's own checkpoint at 4,000 frames, on the event loop.
 */
export function registerDatabaseMetrics(registry: Registry, database: Database): void {
  const wal = database.walCheckpointer;
  if (wal === undefined) return;
  new Counter({
    name: 'custody_sqlite_wal_checkpoints_total',
    help: "Checkpoints of the SQLite WAL run by the server's checkpoint thread",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(wal.stats().checkpoints);
    },
  });
  new Counter({
    name: 'custody_sqlite_wal_checkpoint_seconds_total',
    help: 'Seconds the checkpoint thread spent in checkpoints of the SQLite WAL',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(wal.stats().ms / 1000);
    },
  });
  new Gauge({
    name: 'custody_sqlite_wal_uncopied_frames',
    help: 'Frames (pages) in the SQLite WAL not yet copied back into the database file',
    registers: [registry],
    collect() {
      const state = wal.state();
      this.set(state === null ? 0 : state.frames - state.copied);
    },
  });
  new Counter({
    name: 'custody_sqlite_wal_checkpoint_thread_restarts_total',
    help: 'WAL checkpoint threads started in place of one that died',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(wal.stats().restarts);
    },
  });
  new Gauge({
    name: 'custody_sqlite_wal_checkpoint_thread_failed',
    help: '1 when the WAL checkpoint thread died too often to be started again, else 0',
    registers: [registry],
    collect() {
      this.set(wal.stats().failed ? 1 : 0);
    },
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Callers on the loopback interface need no credentials (/metrics for a local scraper). */
    loopbackAllowed?: boolean;
  }
}
