import { gzipSync } from 'node:zlib';
import { Whiteboard } from '@custody/contracts';
import { z } from 'zod';
import { findUnit } from '../accounts/units.ts';
import { authorizeRequest } from '../authz/guard.ts';
import { notFoundOrForbidden } from '../http/problem.ts';
import type { App } from '../http/types.ts';
import type { CustodyDeps } from '../records/custody-deps.ts';
import { healthReader, offeredCommands } from '../records/record-access.ts';
import type { RecordCache } from '../records/record-cache.ts';
import { BoardCache, boardCacheOptions, type BoardReader } from './board-cache.ts';
import { boardStamp, whiteboardBase, type BoardBase } from './whiteboard.ts';

export const UnitParams = z.object({ unitId: z.string().min(1).max(100) });

/** Whether an `If-None-Match` header names the entity tag (RFC 9110 §13.1.2, weak comparison). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

/**
 * Whether an `Accept-Encoding` header takes gzip (RFC 9110 §12.5.3): named, or `*`, without q=0.
 * The board (hundreds of KB of JSON for 200 detainees) is compressed once per view and board.
 */
function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return (acceptEncoding ?? '').split(',').some((part) => {
    const [coding = '', ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/** `GET /api/v1/units/:unitId/whiteboard`. Who: whiteboard.read on the unit (its staff, hq, a monitor's unit grant). */
export function registerWhiteboardRoutes(app: App, deps: CustodyDeps, cache: RecordCache): void {
  const boards = new BoardCache<BoardBase>(boardCacheOptions(deps.config.whiteboardMaxAgeMs));
  app.get(
    '/api/v1/units/:unitId/whiteboard',
    {
      config: { access: { kind: 'principal' } },
      schema: {
        tags: ['whiteboard'],
        summary: 'Every active detainee of the unit with location, time in custody and deadlines',
        description:
          'Who: whiteboard.read on the unit. A row’s observation level needs record.read_health on its record (domain.md §5). `commands` lists what the caller may issue on its records. ' +
          'The board is computed once and served to every reader of the same view until an entry of one of its records or a change of the unit’s policy comes in (through any server process), and for at most one second of the clock (`now` says when it was computed; CUSTODY_WHITEBOARD_MAX_AGE_MS). Sent gzip-compressed to a client that accepts it. `ETag`/`If-None-Match`: 304 when unchanged.',
        params: UnitParams,
        response: {
          200: Whiteboard,
          304: z.null().describe('Not Modified: the board of the ETag named'),
        },
      },
    },
    async (request, reply) => {
      const unitId = request.params.unitId;
      const principal = await authorizeRequest(request, deps, 'whiteboard.read', {
        kind: 'unit',
        unitId,
      });
      const unit = await findUnit(deps.database, unitId);
      if (unit === undefined) throw notFoundOrForbidden();
      const stamp = await boardStamp(deps.database, unit);
      const now = deps.clock().getTime();
      const showHealth = await healthReader(deps, principal);
      const commands = await offeredCommands(
        deps,
        principal,
        { kind: 'record', recordId: '', unitId, involvedInvestigatorIds: [], healthConsent: false },
        'any',
      );
      const serialize = reply.getSerializationFunction('200');
      if (serialize === undefined) throw new Error('the whiteboard route has no 200 serializer');
      // The bytes depend on what this reader sees of each row, the commands offered and the
      // encoding: the key is made of exactly what `render` uses.
      const gzip = acceptsGzip(request.headers['accept-encoding']);
      const reader: BoardReader<BoardBase> = {
        key: (b) =>
          `${b.rows.map((r) => (showHealth(r) ? '1' : '0')).join('')}|${commands.join(',')}|${gzip ? 'gzip' : ''}`,
        render: (b) => {
          const json = Buffer.from(serialize({ ...b.board(b.rows.map(showHealth)), commands }));
          return gzip ? gzipSync(json) : json;
        },
      };
      const board = await boards.serve(
        unit.id,
        stamp,
        now,
        (at) => whiteboardBase(deps.database, cache, deps.settings, unit, new Date(at)),
        reader,
      );
      void reply.header('etag', board.etag).header('vary', 'accept-encoding');
      if (matches(request.headers['if-none-match'], board.etag)) return reply.code(304).send(null);
      // The bytes the route's own serializer wrote (zod-checked against Whiteboard) when rendered.
      const body = board.body as unknown as Whiteboard;
      if (gzip) void reply.header('content-encoding', 'gzip');
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );
}
