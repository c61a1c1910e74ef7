import { parseTilePath, TILE_WIDTH } from '@custody/ledger';
import { z } from 'zod';
import { notFound } from '../http/problem.ts';
import type { App, AppDeps } from '../http/types.ts';
import { cosignedCheckpoint } from '../witnessing/witnessing.db.ts';
import { recentCheckpoints } from './checkpoints.query.ts';
import { entryBundle, hashTile } from './tiles.query.ts';

const everyone = { access: { kind: 'public' } } as const;

/** A full tile or bundle never changes (c2sp.org/tlog-tiles: "MUST be served … immutable"). */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** A partial tile is replaced by a wider one as the log grows; the checkpoint moves on each append. */
export const SHORT_LIVED = 'public, max-age=5';

const NO_TILE = 'Такої плитки немає. No such tile.';

/**
 * The log as c2sp.org/tlog-tiles serves it, under the prefix `/log`: the latest checkpoint, hash
 * tiles and entry bundles. Public by design: the entries are leaf bytes (salted payload
 * commitments, times, event types, pseudonymous ids; never a payload), so anyone (a witness, a
 * monitor, the bar) can follow the log without an account (docs/witnessing.md).
 */
export function registerTileRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/log/checkpoint',
    {
      config: everyone,
      schema: {
        tags: ['log'],
        description:
          'c2sp.org/tlog-tiles: the latest checkpoint, a C2SP signed note (text/plain); when the log has witnesses, the newest checkpoint a quorum of witnesses cosigned (else the newest any cosigned), with every cosignature kept for it',
        produces: ['text/plain'],
        response: { 200: z.string().describe('the checkpoint note') },
      },
    },
    async (_request, reply) => {
      const newest = (await deps.store?.latestCheckpoint()) ?? null;
      const [latest] = await recentCheckpoints(deps.database, 1, newest);
      if (latest === undefined) throw notFound('Ще немає контрольної точки. No checkpoint yet.');
      const cosigned =
        deps.witnessPolicy === undefined
          ? null
          : await cosignedCheckpoint(deps.database, {
              atMost: latest.size,
              policy: deps.witnessPolicy,
              latest: newest,
            });
      return reply
        .type('text/plain; charset=utf-8')
        .header('cache-control', SHORT_LIVED)
        .serializer((s) => String(s))
        .send(cosigned?.note ?? latest.note);
    },
  );

  app.get(
    '/log/tile/*',
    {
      config: everyone,
      schema: {
        tags: ['log'],
        description:
          'c2sp.org/tlog-tiles: a hash tile `<L>/<N>[.p/<W>]` (W × 32 bytes of hashes) or an entry bundle `entries/<N>[.p/<W>]` (each leaf with a big-endian uint16 length), application/octet-stream; full ones are immutable',
        params: z.object({ '*': z.string() }),
        produces: ['application/octet-stream'],
        response: { 200: z.file().describe('the tile or bundle bytes') },
      },
    },
    async (request, reply) => {
      const tile = parseTilePath(request.params['*']);
      if (tile === null) throw notFound(NO_TILE);
      const bytes =
        tile.level === 'entries'
          ? await entryBundle(deps.database, tile.index, tile.width)
          : await hashTile(deps.database, tile.level, tile.index, tile.width);
      if (bytes === null) throw notFound(NO_TILE);
      return (
        reply
          .type('application/octet-stream')
          .header('cache-control', tile.width === TILE_WIDTH ? IMMUTABLE : SHORT_LIVED)
          // Fastify sends a Buffer as it is; z.file() only documents the body as binary.
          .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as File)
      );
    },
  );
}
