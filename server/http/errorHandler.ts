import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
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

/** Answer with an AppError: its status from the one table (errors.ts httpStatusFor), its body in the one shape. */
function sendError(reply: FastifyReply, err: AppError): FastifyReply {
  return reply.status(httpStatusFor(err.code)).send(errorBody(err));
}

/**
 * The one error handler: AppError → its status; validation → VALIDATION_FAILED naming the field;
 * Fastify's own refusals → their error code; others → INTERNAL with an id. Every status comes from
 * httpStatusFor — this file names codes, never statuses.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, request, reply) => {
    if (err instanceof AppError) return sendError(reply, err);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0];
      const field = first ? fieldOf(first.instancePath, err.validationContext, first.params) : undefined;
      const message = first ? `${field ?? 'request'}: ${first.message}` : 'invalid request';
      return sendError(reply, new AppError('VALIDATION_FAILED', message, field));
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const first = fe.validation[0];
      const field = first ? fieldOf(first.instancePath, fe.validationContext, first.params) : undefined;
      return sendError(reply, new AppError('VALIDATION_FAILED', `${field ?? 'request'}: ${first?.message ?? 'invalid'}`, field));
    }
    if (fe.statusCode === 429) {
      return sendError(reply, new AppError('RATE_LIMITED', 'too many requests, slow down'));
    }
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(reply, new AppError('PAYLOAD_TOO_LARGE', 'request body too large'));
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendError(reply, new AppError('UNSUPPORTED_MEDIA_TYPE', 'unsupported content type'));
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      // Any other client error Fastify raises (malformed JSON, empty body with JSON content type, …).
      return sendError(reply, new AppError('VALIDATION_FAILED', `body: ${fe.message}`, 'body'));
    }
    const errorId = randomUUID();
    request.log.error({ err, errorId }, 'unhandled error');
    return sendError(reply, new AppError('INTERNAL', `internal error ${errorId}`));
  });
  app.setNotFoundHandler((request, reply) => {
    sendError(reply, new AppError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}
