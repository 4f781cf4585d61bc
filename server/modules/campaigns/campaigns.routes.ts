import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../context.ts';
import { requireActor } from '../../http/actor.ts';
import { withIdempotency } from '../../http/idempotency.ts';
import {
  campaignListResponse,
  campaignResponse,
  cloneBody,
  createBody,
  dailyReportBody,
  dailyReportResponse,
  dailyStatusResponse,
  dashboardResponse,
} from '../../../shared/campaigns/wire.ts';
import { dashboardQuery, idParams, statusQuery } from './campaigns.schemas.ts';
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

/**
 * Campaigns (专项行动 / 重大活动安保): phases, daily reports (零报告), dashboard, clone as template.
 * The idempotent daily report is sent as stored text (replayed byte for byte): its response schema
 * documents the shape, and fileDailyReport's return type is that wire type.
 */
export async function campaignRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];
  const tags = ['campaigns'];

  app.post(
    '/api/campaigns',
    { preValidation: authenticated, schema: { tags, security, summary: '创建专项行动 / create a campaign', body: createBody, response: { 201: campaignResponse } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const campaign = await inTransaction(ctx, (trx) => createCampaign(trx, { ...request.body, actor, now: ctx.now() }));
      return reply.status(201).send({ campaign });
    },
  );

  app.get(
    '/api/campaigns',
    { preValidation: authenticated, schema: { tags, security, summary: '专项行动列表 / campaigns touching my scope', response: { 200: campaignListResponse } } },
    async (request) => listCampaigns(ctx.storage.db, { actor: requireActor(request), now: ctx.now(), limit: 100 }),
  );

  app.get(
    '/api/campaigns/:id',
    { preValidation: authenticated, schema: { tags, security, summary: '专项行动详情 / one campaign with phases and countdown', params: idParams, response: { 200: campaignResponse } } },
    async (request) => ({ campaign: await getCampaign(ctx.storage.db, { actor: requireActor(request), now: ctx.now(), campaignId: request.params.id }) }),
  );

  app.post(
    '/api/campaigns/:id/clone',
    { preValidation: authenticated, schema: { tags, security, summary: '以此为模板新建 / clone a campaign, dates shifted', params: idParams, body: cloneBody, response: { 201: campaignResponse } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const campaign = await inTransaction(ctx, (trx) => cloneCampaign(trx, { ...request.body, actor, now: ctx.now(), campaignId: request.params.id }));
      return reply.status(201).send({ campaign });
    },
  );

  app.post(
    '/api/campaigns/:id/daily-reports',
    {
      preValidation: authenticated,
      schema: { tags, security, summary: '报送日报（含零报告）/ file a grid daily report (Idempotency-Key required)', params: idParams, body: dailyReportBody, response: { 201: dailyReportResponse } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return withIdempotency(ctx, request, reply, async (trx) => ({ status: 201, body: await fileDailyReport(trx, { ...request.body, actor, now: ctx.now(), campaignId: request.params.id }) }));
    },
  );

  app.get(
    '/api/campaigns/:id/daily-reports/status',
    { preValidation: authenticated, schema: { tags, security, summary: '日报报送情况 / which grids have not reported', params: idParams, querystring: statusQuery, response: { 200: dailyStatusResponse } } },
    async (request) => {
      const q = request.query;
      return getDailyReportStatus(ctx.storage.db, { actor: requireActor(request), now: ctx.now(), campaignId: request.params.id, date: q.date, unitCode: q.unit, limit: q.limit });
    },
  );

  app.get(
    '/api/campaigns/:id/dashboard',
    { preValidation: authenticated, schema: { tags, security, summary: '指挥看板 / campaign dashboard', params: idParams, querystring: dashboardQuery, response: { 200: dashboardResponse } } },
    async (request) => getCampaignDashboard(ctx.storage.db, { actor: requireActor(request), now: ctx.now(), campaignId: request.params.id, unitCode: request.query.unit }),
  );
}
