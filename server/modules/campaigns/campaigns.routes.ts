import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../context.ts';
import { requireActor } from '../../http/actor.ts';
import { withIdempotency } from '../../http/idempotency.ts';
import { cloneBody, createBody, dailyReportBody, dashboardQuery, idParams, statusQuery } from './campaigns.schemas.ts';
import { cloneCampaign } from './cloneCampaign.ts';
import { createCampaign } from './createCampaign.ts';
import { fileDailyReport } from './fileDailyReport.ts';
import { getCampaign, listCampaigns } from './getCampaign.ts';
import { getCampaignDashboard } from './getCampaignDashboard.ts';
import { getDailyReportStatus } from './getDailyReportStatus.ts';

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

/** Campaigns (专项行动 / 重大活动安保): phases, daily reports (零报告), dashboard, clone as template. */
export async function campaignRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];
  const tags = ['campaigns'];

  app.post('/api/campaigns', { preValidation: authenticated, schema: { tags, security, summary: '创建专项行动 / create a campaign', body: createBody } }, async (request, reply) => {
    const actor = requireActor(request);
    const b = request.body;
    const campaign = await inTransaction(ctx, (trx) =>
      createCampaign(trx, { actor, now: ctx.now(), name: b.name, territoryCode: b.territoryCode, startsAt: b.startsAt, endsAt: b.endsAt, phases: b.phases, ...(b.description ? { description: b.description } : {}), ...(b.eventAt ? { eventAt: b.eventAt } : {}), ...(b.dailyReportDue ? { dailyReportDue: b.dailyReportDue } : {}) }),
    );
    return reply.status(201).send({ campaign });
  });

  app.get('/api/campaigns', { preValidation: authenticated, schema: { tags, security, summary: '专项行动列表 / campaigns touching my scope' } }, async (request) => {
    const actor = requireActor(request);
    return listCampaigns(ctx.storage.db, { actor, now: ctx.now(), limit: 100 });
  });

  app.get('/api/campaigns/:id', { preValidation: authenticated, schema: { tags, security, summary: '专项行动详情 / one campaign with phases and countdown', params: idParams } }, async (request) => {
    const actor = requireActor(request);
    return { campaign: await getCampaign(ctx.storage.db, { actor, now: ctx.now(), campaignId: request.params.id }) };
  });

  app.post('/api/campaigns/:id/clone', { preValidation: authenticated, schema: { tags, security, summary: '以此为模板新建 / clone a campaign, dates shifted', params: idParams, body: cloneBody } }, async (request, reply) => {
    const actor = requireActor(request);
    const campaign = await inTransaction(ctx, (trx) => cloneCampaign(trx, { actor, now: ctx.now(), campaignId: request.params.id, startsAt: request.body.startsAt, ...(request.body.name ? { name: request.body.name } : {}) }));
    return reply.status(201).send({ campaign });
  });

  app.post('/api/campaigns/:id/daily-reports', { preValidation: authenticated, schema: { tags, security, summary: '报送日报（含零报告）/ file a grid daily report (Idempotency-Key required)', params: idParams, body: dailyReportBody } }, async (request, reply) => {
    const actor = requireActor(request);
    const b = request.body;
    return withIdempotency(ctx, request, reply, async (trx) => ({
      status: 201,
      body: await fileDailyReport(trx, { actor, now: ctx.now(), campaignId: request.params.id, gridCode: b.gridCode, date: b.date, nothingToReport: b.nothingToReport, ...(b.incidentCount !== undefined ? { incidentCount: b.incidentCount } : {}), ...(b.summary ? { summary: b.summary } : {}) }),
    }));
  });

  app.get('/api/campaigns/:id/daily-reports/status', { preValidation: authenticated, schema: { tags, security, summary: '日报报送情况 / which grids have not reported', params: idParams, querystring: statusQuery } }, async (request) => {
    const actor = requireActor(request);
    const q = request.query;
    return getDailyReportStatus(ctx.storage.db, { actor, now: ctx.now(), campaignId: request.params.id, date: q.date, ...(q.unit ? { unitCode: q.unit } : {}), ...(q.limit ? { limit: q.limit } : {}) });
  });

  app.get('/api/campaigns/:id/dashboard', { preValidation: authenticated, schema: { tags, security, summary: '指挥看板 / campaign dashboard', params: idParams, querystring: dashboardQuery } }, async (request) => {
    const actor = requireActor(request);
    return getCampaignDashboard(ctx.storage.db, { actor, now: ctx.now(), campaignId: request.params.id, ...(request.query.unit ? { unitCode: request.query.unit } : {}) });
  });
}
