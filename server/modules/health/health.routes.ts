import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';

const HealthResponse = z.object({
  status: z.literal('ok'),
  database: z.enum(['sqlite', 'postgres']),
  version: z.string(),
});

/** GET /api/health: liveness plus a real round-trip to the database. */
export async function healthRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/health',
    { schema: { tags: ['system'], summary: 'Health check', response: { 200: HealthResponse } } },
    async () => {
      await sql`select 1`.execute(ctx.storage.db);
      return { status: 'ok' as const, database: ctx.storage.kind, version: ctx.config.version };
    },
  );
}
