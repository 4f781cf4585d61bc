import { afterActionReview, bulletin, bulletinFileDownload, pdfDownload, storedBulletinsResponse, xlsxDownload } from '../../../shared/reports/wire.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { requireActor } from '../../http/actor.ts';
import type { Actor } from '../../access/actor.ts';
import { resolveScope } from '../cases/resolveScope.ts';
import { buildBulletin } from './buildBulletin.ts';
import { bulletinPdf, bulletinXlsx } from './renderBulletin.ts';
import { aarQuery, bulletinListQuery, bulletinQuery, storedBulletinParams } from './reports.schemas.ts';
import { buildAar } from './buildAar.ts';
import { aarPdf, aarXlsx } from './renderAar.ts';
import { listScheduledBulletins, scheduledBulletinFile } from './listScheduledBulletins.ts';

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

const TYPES = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pdf: 'application/pdf' } as const;

/** Bulletins (安保日报/周报) on demand and stored by the scheduled job, and campaign after-action reviews, as JSON, XLSX and PDF (docs/reports.md). */
export async function reportRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];
  const tags = ['reports'];

  const bulletinFor = async (actor: Actor, q: { kind: 'daily' | 'weekly'; date: string; scope?: string | undefined }) => {
    const { scope, prefix } = await resolveScope(ctx.storage.db, actor, 'report.read', q.scope);
    const name = q.scope ? (await ctx.storage.db.selectFrom('territory_nodes').select('name_zh').where('code', '=', q.scope).executeTakeFirst())?.name_zh ?? '' : '';
    return buildBulletin(ctx.storage.db, { kind: q.kind, date: q.date, scope, prefix, scopeName: name, now: ctx.now() });
  };

  app.get('/api/reports/bulletin', { preValidation: authenticated, schema: { tags, summary: '安保日报/周报 / bulletin data', security, querystring: bulletinQuery, response: { 200: bulletin } } }, async (request) => bulletinFor(requireActor(request), request.query));

  for (const format of ['xlsx', 'pdf'] as const) {
    app.get(`/api/reports/bulletin.${format}`, { preValidation: authenticated, schema: { tags, summary: `下载简报 / bulletin as ${format.toUpperCase()}`, security, querystring: bulletinQuery, response: { 200: format === 'xlsx' ? xlsxDownload : pdfDownload } } }, async (request, reply) => {
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

  app.get('/api/reports/bulletins', { preValidation: authenticated, schema: { tags, summary: '定时简报列表 / bulletins written by the scheduled job', security, querystring: bulletinListQuery, response: { 200: storedBulletinsResponse } } }, async (request) => {
    const q = request.query;
    return listScheduledBulletins(ctx.storage.db, { actor: requireActor(request), kind: q.kind, scopeCode: q.scope, from: q.from, to: q.to, limit: q.limit });
  });

  app.get('/api/reports/bulletins/:id/:format', { preValidation: authenticated, schema: { tags, summary: '下载定时简报 / a stored bulletin as XLSX or PDF', security, params: storedBulletinParams, response: { 200: bulletinFileDownload } } }, async (request, reply) => {
    const { format } = request.params;
    const f = await scheduledBulletinFile(ctx.storage.db, { actor: requireActor(request), id: request.params.id, format });
    return reply
      .type(TYPES[format])
      .header('content-disposition', `${format === 'pdf' ? 'inline' : 'attachment'}; filename="bulletin-${f.kind}-${f.date}.${format}"; filename*=UTF-8''${encodeURIComponent(f.title)}-${f.date}.${format}`)
      .header('cache-control', 'private, max-age=3600')
      .send(f.body);
  });

  app.get('/api/reports/aar', { preValidation: authenticated, schema: { tags, summary: '专项行动总结评估 / after-action review of a campaign', security, querystring: aarQuery, response: { 200: afterActionReview } } }, async (request) =>
    buildAar(ctx.storage.db, { actor: requireActor(request), campaignId: request.query.campaign, now: ctx.now() }),
  );

  for (const format of ['xlsx', 'pdf'] as const) {
    app.get(`/api/reports/aar.${format}`, { preValidation: authenticated, schema: { tags, summary: `下载总结评估 / after-action review as ${format.toUpperCase()}`, security, querystring: aarQuery, response: { 200: format === 'xlsx' ? xlsxDownload : pdfDownload } } }, async (request, reply) => {
      const a = await buildAar(ctx.storage.db, { actor: requireActor(request), campaignId: request.query.campaign, now: ctx.now() });
      const body = format === 'xlsx' ? await aarXlsx(a) : await aarPdf(a);
      return reply
        .type(TYPES[format])
        .header('content-disposition', `${format === 'pdf' ? 'inline' : 'attachment'}; filename="aar-${a.campaign.id}.${format}"; filename*=UTF-8''${encodeURIComponent(a.title)}.${format}`)
        .header('cache-control', 'no-store')
        .send(body);
    });
  }
}
