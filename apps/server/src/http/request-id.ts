import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { App } from './types.ts';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Uses the caller's x-request-id when it is a plain token, else a new UUID. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}

/** Echoes the request id on every response, so a user's report can be matched with the logs. */
export function registerRequestId(app: App): void {
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
}
