import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from 'fastify-type-provider-zod';
import { HttpProblem, PROBLEM_CONTENT_TYPE, problemBody, type ProblemMembers } from './problem.ts';
import { isDocumented } from './problem-docs.ts';
import type { App } from './types.ts';

const FASTIFY_CODES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_VALIDATION: 'invalid_request',
};

function send(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  code: string,
  detail: string,
  errors?: { path: string; message: string }[],
  members?: ProblemMembers,
) {
  const route = request.routeOptions.url;
  if (route !== undefined && !isDocumented(request.method, route, code)) {
    request.log.error({ route, status, code }, 'problem not listed in the OpenAPI document');
  }
  return reply
    .code(status)
    .type(PROBLEM_CONTENT_TYPE)
    .serializer(JSON.stringify)
    .send(problemBody(status, code, detail, request.id, errors, members));
}

function handleError(
  error: FastifyError | HttpProblem,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error instanceof HttpProblem) {
    if (error.extra.headers) void reply.headers(error.extra.headers);
    return send(
      reply,
      request,
      error.status,
      error.code,
      error.detail,
      error.extra.errors && [...error.extra.errors],
      error.extra.members,
    );
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = error.validationContext ?? 'body';
    const errors = error.validation.map((v) => ({
      path: [context, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    return send(
      reply,
      request,
      400,
      'invalid_request',
      'Некоректний запит. Invalid request.',
      errors,
    );
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error.cause }, 'response does not match its schema');
    return send(reply, request, 500, 'internal', 'Внутрішня помилка. Internal error.');
  }
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code = FASTIFY_CODES[error.code] ?? (status === 413 ? 'body_too_large' : 'bad_request');
    return send(reply, request, status, code, error.message);
  }
  request.log.error({ err: error }, 'unhandled error');
  return send(reply, request, 500, 'internal', 'Внутрішня помилка. Internal error.');
}

/**
 * Every error and unknown /api route answers application/problem+json (RFC 9457); bad input is never a 5xx.
 * With `spa`, other unknown GET paths serve the web app's index.html.
 */
export function registerProblemHandlers(app: App, spa: boolean): void {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const page = request.method === 'GET' || request.method === 'HEAD';
    if (spa && page && path !== '/api' && !path.startsWith('/api/')) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return send(reply, request, 404, 'not_found', 'Не знайдено. Not found.');
  });
}
