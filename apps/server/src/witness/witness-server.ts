import Fastify, { type FastifyInstance } from 'fastify';
import type { Witness } from './witness.ts';

/** An add-checkpoint body: 63 proof lines and a note with up to 100 signatures fit in 64 KiB. */
export const WITNESS_BODY_LIMIT = 64 * 1024;

/**
 * The witness's HTTP face (c2sp.org/tlog-witness): `POST <prefix>/add-checkpoint` with the
 * request body as text whatever its Content-Type, answered exactly as the spec says (200 with
 * cosignature lines, 400, 403, 404, 409 with text/x.tlog.size, 422). Refusals are logged as
 * warnings: a burst of them means a log forked or was rolled back.
 */
export function witnessApp(
  witness: Witness,
  options: { prefix?: string; logger?: boolean } = {},
): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: WITNESS_BODY_LIMIT });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });
  app.post(`${options.prefix ?? ''}/add-checkpoint`, async (request, reply) => {
    const body = typeof request.body === 'string' ? request.body : '';
    const answer = witness.addCheckpoint(body);
    if (answer.status !== 200) {
      request.log.warn(
        { origin: answer.origin, status: answer.status, reason: answer.body.trimEnd() },
        'witness refused a checkpoint',
      );
    }
    return reply.code(answer.status).type(answer.contentType).send(answer.body);
  });
  return app;
}
