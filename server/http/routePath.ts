import type { FastifyRequest } from 'fastify';

/**
 * The path a hook should judge a request by: the pattern of the route that will handle it
 * (`/api/people/:id/disable`), or the raw path when no route matched (the 404 handler runs; nothing else).
 *
 * Never judge by the raw URL alone: the router decodes percent-escapes, so `/%61pi/people/x/disable`
 * reaches the same handler as `/api/people/x/disable` while failing a `startsWith('/api/')` test on the
 * raw URL — which once let a cross-site form, a read-only token and a temporary password past their
 * checks (issue #12, found by the independent probe).
 */
export function routePath(request: FastifyRequest): string {
  return request.routeOptions.url ?? request.url.split('?')[0]!;
}
