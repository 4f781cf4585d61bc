import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { healthResponse } from '../../../shared/health/wire.ts';

/** GET /api/health: liveness plus a real round-trip to the database. */
export async function healthRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/health',
    { schema: { tags: ['system'], summary: 'Health check', response: { 200: healthResponse } } },
    async () => {
      await sql`select 1`.execute(ctx.storage.db);
      return { status: 'ok' as const, database: ctx.storage.kind, version: ctx.config.version };
    },
  );
}
