import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { requireActor } from '../../http/actor.ts';
import type { Actor } from '../../access/actor.ts';
import { resolveScope } from '../analytics/kpiScope.ts';
import { buildBulletin } from './buildBulletin.ts';
import { bulletinPdf, bulletinXlsx } from './renderBulletin.ts';
import { bulletinQuery } from './reports.schemas.ts';

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

const TYPES = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pdf: 'application/pdf' } as const;

/** Bulletins (安保日报/周报) as JSON, XLSX and PDF (docs/reports.md). */
export async function reportRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];
  const tags = ['reports'];

  const bulletinFor = async (actor: Actor, q: { kind: 'daily' | 'weekly'; date: string; scope?: string | undefined }) => {
    const { scope, prefix } = await resolveScope(ctx.storage.db, actor, 'report.read', q.scope);
    const name = q.scope ? (await ctx.storage.db.selectFrom('territory_nodes').select('name_zh').where('code', '=', q.scope).executeTakeFirst())?.name_zh ?? '' : '';
    return buildBulletin(ctx.storage.db, { kind: q.kind, date: q.date, scope, prefix, scopeName: name, now: ctx.now() });
  };

  app.get('/api/reports/bulletin', { preValidation: authenticated, schema: { tags, summary: '安保日报/周报 / bulletin data', security, querystring: bulletinQuery } }, async (request) => bulletinFor(requireActor(request), request.query));

  for (const format of ['xlsx', 'pdf'] as const) {
    app.get(`/api/reports/bulletin.${format}`, { preValidation: authenticated, schema: { tags, summary: `下载简报 / bulletin as ${format.toUpperCase()}`, security, querystring: bulletinQuery } }, async (request, reply) => {
      const b = await bulletinFor(requireActor(request), request.query);
      const body = format === 'xlsx' ? await bulletinXlsx(b) : await bulletinPdf(b);
      const base = `bulletin-${b.kind}-${b.date}`;
      return reply
        .type(TYPES[format])
        // The PDF opens in the browser's viewer (打开); the spreadsheet downloads.
        .header('content-disposition', `${format === 'pdf' ? 'inline' : 'attachment'}; filename="${base}.${format}"; filename*=UTF-8''${encodeURIComponent(b.title)}-${b.date}.${format}`)
        .header('cache-control', 'no-store')
        .send(body);
    });
  }
}
