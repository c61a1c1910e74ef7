import { WitnessesView } from '@custody/contracts';
import { describeQuorum, formatPolicy, quorumMet, type Policy } from '@custody/ledger';
import { z } from 'zod';
import { Gauge, type Registry } from 'prom-client';
import type { Database } from '../db/database.ts';
import type { App, AppDeps } from '../http/types.ts';
import { int } from '../store/schema.ts';
import { storeDb } from '../store/transaction.ts';
import { cosignatureLines, lastCosignatures, witnessStatuses } from './witnessing.db.ts';

/** The largest size whose kept cosignatures meet the policy's quorum, or null. */
async function quorumSize(database: Database, policy: Policy): Promise<number | null> {
  const last = await lastCosignatures(database);
  const sizes = [...new Set([...last.values()].map((c) => c.size))].sort((a, b) => b - a);
  for (const size of sizes) {
    const lines = await cosignatureLines(database, size);
    if (quorumMet(policy.quorum, new Set(lines.keys()))) return size;
  }
  return null;
}

/** The witnesses' status for the integrity page, /metrics and outside observers. */
export async function witnessesView(
  database: Database,
  policy: Policy | undefined,
  now: Date,
): Promise<WitnessesView> {
  const head = await storeDb(database)
    .selectFrom('checkpoints')
    .select((eb) => eb.fn.max<number | string | null>('size').as('size'))
    .executeTakeFirst();
  const logSize = head?.size === undefined || head.size === null ? 0 : int(head.size);
  if (policy === undefined) return { quorum: null, quorumSize: null, logSize, witnesses: [] };
  const statuses = await witnessStatuses(database);
  const last = await lastCosignatures(database);
  const witnesses = policy.witnesses.map((w) => {
    const st = statuses.get(w.name);
    const c = last.get(w.name);
    return {
      name: w.name,
      url: w.url,
      cosignedSize: c?.size ?? null,
      cosignedAt: c === undefined ? null : new Date(c.cosignedAt * 1000).toISOString(),
      ageSeconds:
        c === undefined ? null : Math.max(0, Math.floor(now.getTime() / 1000) - c.cosignedAt),
      lastStatus: st?.lastStatus ?? null,
      lastError: st?.lastError ?? null,
      alert: st?.alert ?? null,
      alertAt: st?.alertAt ?? null,
    };
  });
  return {
    quorum: describeQuorum(policy.quorum),
    quorumSize: await quorumSize(database, policy),
    logSize,
    witnesses,
  };
}

/**
 * `GET /api/v1/integrity/witnesses`: public, like the checkpoint and the tiles, so that the
 * witnesses themselves, monitors and the integrity page can see whether the log is witnessed.
 */
export function registerWitnessingRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/v1/integrity/witnesses',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['integrity'],
        description:
          'The witnesses of the log’s policy (c2sp.org/tlog-witness): last cosigned size and age, alerts, and the largest size a quorum cosigned',
        response: { 200: WitnessesView },
      },
    },
    async () => witnessesView(deps.database, deps.witnessPolicy, deps.clock()),
  );
  if (deps.witnessPolicy !== undefined) registerPolicyRoute(app, deps.witnessPolicy);
}

/** The policy itself, served only when the log has one (like the vkey route). */
function registerPolicyRoute(app: App, policy: Policy): void {
  const text = formatPolicy(policy);
  app.get(
    '/api/v1/integrity/witness-policy',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['integrity'],
        description:
          'The log’s c2sp.org/tlog-policy (its key, its witnesses and the quorum), text/plain, for checking cosigned checkpoints; not served when the log has no witnesses',
        produces: ['text/plain'],
        response: { 200: z.string().describe('the policy file') },
      },
    },
    async (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .serializer((s) => String(s))
        .send(text),
  );
}

/** Gauges per witness, read from the database at each scrape. */
export function registerWitnessMetrics(registry: Registry, deps: AppDeps): void {
  if (deps.witnessPolicy === undefined || deps.store === undefined) return;
  const view = () => witnessesView(deps.database, deps.witnessPolicy, deps.clock());
  const labelNames = ['witness'] as const;
  new Gauge({
    name: 'custody_witness_cosigned_size',
    help: 'Tree size the witness last cosigned (-1: never)',
    labelNames,
    registers: [registry],
    async collect() {
      for (const w of (await view()).witnesses) this.set({ witness: w.name }, w.cosignedSize ?? -1);
    },
  });
  new Gauge({
    name: 'custody_witness_cosigned_age_seconds',
    help: 'Seconds since the witness last cosigned (-1: never)',
    labelNames,
    registers: [registry],
    async collect() {
      for (const w of (await view()).witnesses) this.set({ witness: w.name }, w.ageSeconds ?? -1);
    },
  });
  new Gauge({
    name: 'custody_witness_alert',
    help: '1 when the witness refused the log (fork, rollback, wrong key), else 0',
    labelNames,
    registers: [registry],
    async collect() {
      for (const w of (await view()).witnesses) this.set({ witness: w.name }, w.alert ? 1 : 0);
    },
  });
  new Gauge({
    name: 'custody_witness_quorum_lag_entries',
    help: 'Entries of the log not yet covered by a checkpoint a quorum cosigned',
    registers: [registry],
    async collect() {
      const v = await view();
      this.set(v.logSize - (v.quorumSize ?? 0));
    },
  });
}
