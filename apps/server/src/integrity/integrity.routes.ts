import {
  CheckpointList,
  CheckpointListQuery,
  CheckpointQuery,
  ConsistencyProofQuery,
  ConsistencyProofView,
  InclusionProofQuery,
  InclusionProofView,
  LatestCheckpointView,
} from '@custody/contracts';
import { withSignatures } from '@custody/ledger';
import { z } from 'zod';
import type { EventStore } from '../store/index.ts';
import { badRequest, HttpProblem, notFound } from '../http/problem.ts';
import type { App, AppDeps } from '../http/types.ts';
import { witnessedFor } from '../witnessing/witnessed.ts';
import { cosignatureLines } from '../witnessing/witnessing.db.ts';
import { recentCheckpoints } from './checkpoints.query.ts';

const TEXT = 'text/plain; charset=utf-8';
const readers = { access: { kind: 'action', action: 'integrity.read' } } as const;
const everyone = { access: { kind: 'public' } } as const;

/** Without an event store or key the log is not served (accounts-only deployments and tests). */
export function unavailable(): HttpProblem {
  return new HttpProblem(503, 'log_unavailable', 'Журнал недоступний. The log is not available.');
}

export function storeOf(deps: AppDeps): EventStore {
  if (deps.store === undefined) throw unavailable();
  return deps.store;
}

async function latestSize(store: EventStore): Promise<number> {
  return (await store.latestCheckpoint())?.size ?? 0;
}

function badSize(field: string, message: string): HttpProblem {
  return badRequest('Неприпустимий розмір дерева. Invalid tree size.', [
    { path: `querystring.${field}`, message },
  ]);
}

/**
 * The public face of the log (integrity.md, "Checkpoints, receipts, witnesses"): the latest signed
 * checkpoint as a C2SP note and the verifier key are public so that outside witnesses can fetch
 * them without an account; proofs (RFC 9162 §2.1.3, §2.1.4) need `integrity.read`.
 */
export function registerCheckpointRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/v1/integrity/checkpoint',
    {
      config: everyone,
      schema: {
        tags: ['integrity'],
        description:
          'Latest signed checkpoint: C2SP text (default; with the witnesses’ cosignature lines when they cosigned this checkpoint) or JSON with ?format=json (also the newest cosigned checkpoint and a consistency proof to the latest)',
        querystring: CheckpointQuery,
        response: { 200: z.union([LatestCheckpointView, z.string()]) },
      },
    },
    async (request, reply) => {
      const newest = (await deps.store?.latestCheckpoint()) ?? null;
      const [latest] = await recentCheckpoints(deps.database, 1, newest);
      if (latest === undefined) throw notFound('Ще немає контрольної точки. No checkpoint yet.');
      const cosignatures =
        deps.witnessPolicy === undefined
          ? []
          : [...(await cosignatureLines(deps.database, latest.size)).values()];
      if (request.query.format === 'json') {
        const witnessed =
          deps.store === undefined
            ? null
            : await witnessedFor({ ...deps, store: deps.store }, newest ?? latest);
        return { ...latest, cosignatures, witnessed };
      }
      return reply
        .type(TEXT)
        .serializer((s) => String(s))
        .send(withSignatures(latest.note, cosignatures));
    },
  );

  if (deps.vkey !== undefined) registerVkeyRoute(app, deps.vkey);

  app.get(
    '/api/v1/integrity/checkpoints',
    {
      config: readers,
      schema: {
        tags: ['integrity'],
        querystring: CheckpointListQuery,
        response: { 200: CheckpointList },
      },
    },
    async (request) => ({
      items: await recentCheckpoints(
        deps.database,
        request.query.limit,
        await deps.store?.latestCheckpoint(),
      ),
    }),
  );
}

/** The C2SP verifier key of the checkpoints, public so that witnesses can check them. */
function registerVkeyRoute(app: App, vkey: string): void {
  app.get(
    '/api/v1/integrity/vkey',
    {
      config: everyone,
      schema: {
        tags: ['integrity'],
        description: 'C2SP verifier key of the checkpoints (text)',
        response: { 200: z.string() },
      },
    },
    async (_request, reply) =>
      reply
        .type(TEXT)
        .serializer((s) => String(s))
        .send(`${vkey}\n`),
  );
}

/** Inclusion and consistency proofs between sizes the log has signed (RFC 9162 §2.1.3, §2.1.4). */
export function registerProofRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/v1/integrity/proofs/inclusion',
    {
      config: readers,
      schema: {
        tags: ['integrity'],
        querystring: InclusionProofQuery,
        response: { 200: InclusionProofView },
      },
    },
    async (request) => {
      const store = storeOf(deps);
      const { index, size } = request.query;
      const latest = await latestSize(store);
      if (size < 1 || size > latest) badSizeThrow('size', `must be 1..${latest}`);
      if (index >= size) badSizeThrow('index', 'must be below size');
      const [event] = await store.readLog(index, 1);
      if (event === undefined) badSizeThrow('index', 'no such entry');
      const proof = await store.inclusionProof(index, size);
      return { index, size, leafHash: event.leafHash, proof };
    },
  );

  app.get(
    '/api/v1/integrity/proofs/consistency',
    {
      config: readers,
      schema: {
        tags: ['integrity'],
        querystring: ConsistencyProofQuery,
        response: { 200: ConsistencyProofView },
      },
    },
    async (request) => {
      const store = storeOf(deps);
      const { from, to } = request.query;
      const latest = await latestSize(store);
      if (to > latest) badSizeThrow('to', `must be at most ${latest}`);
      if (from > to) badSizeThrow('from', 'must not exceed to');
      return { from, to, proof: await store.consistencyProof(from, to) };
    },
  );
}

function badSizeThrow(field: string, message: string): never {
  throw badSize(field, message);
}
