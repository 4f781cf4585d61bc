import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../context.ts';
import { requireActor } from '../../http/actor.ts';
import { createSpotCheck } from './createSpotCheck.ts';
import { drawSpotCheckSample } from './drawSpotCheckSample.ts';
import { getSpotCheck } from './getSpotCheck.ts';
import { listMySpotCheckItems, listSpotChecks } from './listSpotChecks.ts';
import { parseDateOrRange } from '../../reporting/periods.ts';
import { recordSpotCheckResult } from './recordSpotCheckResult.ts';
import { requireScopeNode } from '../territory/lookups.ts';
import { mySpotCheckItemsResponse, spotCheckBatch, spotCheckCreated, spotCheckDraw, spotCheckListResponse, spotCheckResultResponse } from '../../../shared/supervision/wire.ts';
import { idParams, spotCheckBody, spotCheckListQuery, spotCheckMineQuery, spotCheckPreviewQuery, spotCheckResultBody } from './supervision.schemas.ts';

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

/** 随机抽查: preview and record seeded stratified samples of closed cases; record callbacks and re-checks. */
export async function spotCheckRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];
  const tags = ['supervision'];

  app.get('/api/spotchecks/preview', { preValidation: authenticated, schema: { tags, summary: '抽查样本预览 / preview a sample (nothing recorded)', security, querystring: spotCheckPreviewQuery, response: { 200: spotCheckDraw } } }, async (request) => {
    const actor = requireActor(request);
    const q = request.query;
    const period = parseDateOrRange(q.period);
    const node = await requireScopeNode(ctx.storage.db, actor, 'spotcheck.manage', q.scope);
    return drawSpotCheckSample(ctx.storage.db, { seed: q.seed, period, scopeCode: node.code, scopePath: node.path, confidence: q.confidence, margin: q.margin, stratumLevel: q.stratum });
  });

  app.post('/api/spotchecks', { preValidation: authenticated, schema: { tags, summary: '发起随机抽查 / draw and record a spot check', security, body: spotCheckBody, response: { 201: spotCheckCreated } } }, async (request, reply) => {
    const actor = requireActor(request);
    const b = request.body;
    const period = parseDateOrRange(b.period);
    const out = await inTransaction(ctx, async (trx) => {
      const node = await requireScopeNode(trx, actor, 'spotcheck.manage', b.scope);
      return createSpotCheck(trx, { actor, now: ctx.now(), seed: b.seed, period, scopeCode: node.code, scopePath: node.path, confidence: b.confidence, margin: b.margin, stratumLevel: b.stratum });
    });
    return reply.code(201).send(out);
  });

  app.get('/api/spotchecks', { preValidation: authenticated, schema: { tags, summary: '抽查批次列表 / recorded spot checks in scope, newest first', security, querystring: spotCheckListQuery, response: { 200: spotCheckListResponse } } }, async (request) => {
    const actor = requireActor(request);
    const node = await requireScopeNode(ctx.storage.db, actor, 'spotcheck.manage', request.query.scope);
    return { batches: await listSpotChecks(ctx.storage.db, { prefix: node.path, limit: request.query.limit }) };
  });

  app.get('/api/spotchecks/mine', { preValidation: authenticated, schema: { tags, summary: '我的抽查任务 / spot-check items assigned to me', security, querystring: spotCheckMineQuery, response: { 200: mySpotCheckItemsResponse } } }, async (request) => {
    const actor = requireActor(request);
    return { items: await listMySpotCheckItems(ctx.storage.db, { actor, limit: request.query.limit }) };
  });

  app.get('/api/spotchecks/:id', { preValidation: authenticated, schema: { tags, summary: '抽查批次 / a recorded spot check with results', security, params: idParams, response: { 200: spotCheckBatch } } }, async (request) => {
    const actor = requireActor(request);
    return getSpotCheck(ctx.storage.db, { actor, id: request.params.id });
  });

  app.post('/api/spotchecks/items/:id/result', { preValidation: authenticated, schema: { tags, summary: '登记回访与现场复核 / record callback and re-check (not fixed → case reopened)', security, params: idParams, body: spotCheckResultBody, response: { 200: spotCheckResultResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, (trx) => recordSpotCheckResult(trx, { ...request.body, actor, itemId: request.params.id, now: ctx.now(), slaPolicy: ctx.slaPolicy }));
  });
}
