import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../context.ts';
import { requireActor } from '../../http/actor.ts';
import { auditQuery } from './audit.schemas.ts';
import { auditListResponse } from '../../../shared/audit/wire.ts';
import { listAuditEntries } from './listAuditEntries.ts';

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

/** GET /api/audit: read the tamper-evident audit log, scoped by the central access check. */
export async function auditRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/audit',
    {
      preValidation: authenticated,
      schema: {
        tags: ['audit'],
        summary: '审计日志 / audit entries, newest first (admins: any filter; inspectors and leaders: one record in scope)',
        security: [{ session: [] }, { bearer: [] }],
        querystring: auditQuery,
        response: { 200: auditListResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      // One transaction: the page is read and the audit.read entry recording it is written together.
      return inTransaction(ctx, (trx) => listAuditEntries(trx, { actor, query: request.query }));
    },
  );
}
