import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, errorBody, httpStatusFor } from '../errors.ts';

/** Turn a zod/fastify instancePath ('/location/lat') into a field name ('location.lat'). */
function fieldOf(instancePath: string, context: string | undefined, params?: Record<string, unknown>): string | undefined {
  const fromPath = instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (fromPath) return fromPath;
  const missing = params?.['missingProperty'];
  if (typeof missing === 'string') return missing;
  return context;
}

/** The one error handler: AppError → its status; validation → 400 naming the field; others → 500 with an id. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, request, reply) => {
    if (err instanceof AppError) {
      return reply.status(httpStatusFor(err.code)).send(errorBody(err));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0];
      const field = first ? fieldOf(first.instancePath, err.validationContext, first.params) : undefined;
      const message = first ? `${field ?? 'request'}: ${first.message}` : 'invalid request';
      return reply.status(400).send(errorBody(new AppError('VALIDATION_FAILED', message, field)));
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const first = fe.validation[0];
      const field = first ? fieldOf(first.instancePath, fe.validationContext, first.params) : undefined;
      return reply.status(400).send(errorBody(new AppError('VALIDATION_FAILED', `${field ?? 'request'}: ${first?.message ?? 'invalid'}`, field)));
    }
    if (fe.statusCode === 429) {
      return reply.status(429).send(errorBody(new AppError('RATE_LIMITED', 'too many requests, slow down')));
    }
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send(errorBody(new AppError('PAYLOAD_TOO_LARGE', 'request body too large')));
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send(errorBody(new AppError('UNSUPPORTED_MEDIA_TYPE', 'unsupported content type')));
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      // Malformed JSON, empty body with JSON content type, etc.
      return reply.status(400).send(errorBody(new AppError('VALIDATION_FAILED', `body: ${fe.message}`, 'body')));
    }
    const errorId = randomUUID();
    request.log.error({ err, errorId }, 'unhandled error');
    return reply.status(500).send(errorBody(new AppError('INTERNAL', `internal error ${errorId}`)));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody(new AppError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)));
  });
}
