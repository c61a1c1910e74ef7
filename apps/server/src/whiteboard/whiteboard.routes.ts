import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { Whiteboard, WhiteboardRow } from '@custody/contracts';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorizeRequest } from '../authz/guard.ts';
import { notFoundOrForbidden } from '../http/problem.ts';
import type { App } from '../http/types.ts';
import type { CustodyDeps } from '../records/custody-deps.ts';
import { authzContext, healthReader, offeredCommands } from '../records/record-access.ts';
import { inGrantWindow } from '../authz/authorize.ts';
import type { RecordCache } from '../records/record-cache.ts';
import { BoardCache, boardCacheOptions, type BoardReader } from './board-cache.ts';
import { BoardStamps, whiteboardBase, type BoardBase } from './whiteboard.ts';

const gzip = promisify(gzipCallback);

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

/** Rows serialized between two turns of the event loop while a board is rendered. */
const ROWS_PER_TURN = 20;

/**
 * The JSON of `board` as the route's serializer writes it (`serialize`: zod-encoded against
 * Whiteboard, then JSON.stringify), made in turns of the event loop: the board without its rows
 * by `serialize`, each row by `serializeRow` (the same compiler on WhiteboardRow, the element
 * schema of Whiteboard.rows), {@link ROWS_PER_TURN} rows a turn, put in the place of the empty
 * array. Encoding 200 rows at once held the event loop for tens of milliseconds every time a
 * board was computed, and every request waited behind it. The same bytes as `serialize(board)`
 * (whiteboard.routes.test.ts).
 */
export async function serializeInTurns(
  board: Whiteboard,
  serialize: (data: { [key: string]: unknown }) => string,
  serializeRow: (data: { [key: string]: unknown }) => string,
): Promise<string> {
  const head = serialize({ ...board, rows: [] });
  const empty = '"rows":[]';
  const at = head.indexOf(empty);
  // Inside a JSON string a quote is escaped, so this text is the top-level member only.
  if (at < 0 || head.indexOf(empty, at + 1) >= 0) throw new Error('the board has no rows member');
  const rows: string[] = [];
  for (let i = 0; i < board.rows.length; i++) {
    if (i > 0 && i % ROWS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    rows.push(serializeRow(board.rows[i] as WhiteboardRow));
  }
  return `${head.slice(0, at)}"rows":[${rows.join(',')}]${head.slice(at + empty.length)}`;
}

/** `GET /api/v1/units/:unitId/whiteboard`. Who: whiteboard.read on the unit (its staff, hq, a monitor's unit grant). */
export function registerWhiteboardRoutes(app: App, deps: CustodyDeps, cache: RecordCache): void {
  const boards = new BoardCache<BoardBase>(boardCacheOptions(deps.config.whiteboardMaxAgeMs));
  const stamps = new BoardStamps(deps.database);
  const url = '/api/v1/units/:unitId/whiteboard';
  const serializeRow = serializerCompiler({ schema: WhiteboardRow, method: 'GET', url });
  app.get(
    url,
    {
      config: { access: { kind: 'principal' } },
      // Gzipped here once per board and view, and the bytes kept (http/compression.ts).
      compress: false,
      schema: {
        tags: ['whiteboard'],
        summary: 'Every active detainee of the unit with location, time in custody and deadlines',
        description:
          'Who: whiteboard.read on the unit. A row’s observation level needs record.read_health on its record (domain.md §5). `commands` lists what the caller may issue on its records. ' +
          'The board is computed once and served to every reader of the same view until an entry of one of its records, a change of the unit’s policy, of its rooms or of the unit comes in (through any server process), and for at most one second of the clock (`now` says when it was computed; CUSTODY_WHITEBOARD_MAX_AGE_MS). Sent gzip-compressed to a client that accepts it. `ETag`/`If-None-Match`: 304 when unchanged.',
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
      const stamped = await stamps.read(unitId);
      if (stamped === undefined) throw notFoundOrForbidden();
      const { unit, stamp } = stamped;
      const ctx = await authzContext(deps, principal);
      const now = Date.parse(ctx.now);
      const showHealth = await healthReader(deps, principal, ctx);
      const commands = await offeredCommands(
        deps,
        principal,
        { kind: 'record', recordId: '', unitId, involvedInvestigatorIds: [], healthConsent: false },
        'any',
        ctx,
      );
      const serialize = reply.getSerializationFunction('200');
      if (serialize === undefined) throw new Error('the whiteboard route has no 200 serializer');
      // The bytes depend on what this reader sees of each row, the commands offered and the
      // encoding: the key is made of exactly what `render` uses.
      const compressed = acceptsGzip(request.headers['accept-encoding']);
      const reader: BoardReader<BoardBase> = {
        // Everything `showHealth` and `commands` are decided from: the principal, its grants
        // valid now (authorize reads the clock only to test a grant's window: inGrantWindow) and
        // the encoding. Readers alike in these share the key, decided once per board.
        identity: JSON.stringify([
          principal,
          ctx.grants.filter((g) => inGrantWindow(g, ctx.now)),
          compressed,
        ]),
        key: (b) =>
          `${b.rows.map((r) => (showHealth(r) ? '1' : '0')).join('')}|${commands.join(',')}|${compressed ? 'gzip' : ''}`,
        render: async (b) => {
          const json = Buffer.from(
            await serializeInTurns(
              { ...b.board(b.rows.map(showHealth)), commands },
              serialize,
              serializeRow,
            ),
          );
          return compressed ? gzip(json) : json;
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
      if (compressed) void reply.header('content-encoding', 'gzip');
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );
}
