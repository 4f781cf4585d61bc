import { followupItemResponse, followupListResponse } from '../../../shared/followups/wire.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../context.ts';
import { requireActor } from '../../http/actor.ts';
import { withIdempotency } from '../../http/idempotency.ts';
import { completeFollowup } from './completeFollowup.ts';
import { createFollowup } from './createFollowup.ts';
import { getFollowup, listFollowups } from './listFollowups.ts';
import { completeBody, createFollowupBody, idParams, listFollowupsQuery, progressBody, verifyBody } from './followups.schemas.ts';
import { updateFollowupProgress } from './updateFollowupProgress.ts';
import { verifyFollowup } from './verifyFollowup.ts';

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

/** 长效机制 follow-up items: create (Idempotency-Key), list, progress, complete with evidence, verify. */
export async function followupRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];
  const tags = ['followups'];

  app.post('/api/followups', { preValidation: authenticated, schema: { tags, security, summary: '建立整改项（长效机制）/ create a follow-up item (Idempotency-Key required)', body: createFollowupBody, response: { 201: followupItemResponse } } }, async (request, reply) => {
    const actor = requireActor(request);
    const b = request.body;
    return withIdempotency(ctx, request, reply, async (trx) => ({
      status: 201,
      body: { item: await createFollowup(trx, { actor, now: ctx.now(), ...b }) },
    }));
  });

  app.get('/api/followups', { preValidation: authenticated, schema: { tags, security, summary: '整改项列表 / follow-up items by campaign, scope, state, overdue', querystring: listFollowupsQuery, response: { 200: followupListResponse } } }, async (request) => {
    const actor = requireActor(request);
    const q = request.query;
    return listFollowups(ctx.storage.db, { actor, now: ctx.now(), campaignId: q.campaign, scopeCode: q.scope, state: q.state, overdue: q.overdue === undefined ? undefined : q.overdue === 'true', onlyOwn: q.owner === 'me', limit: q.limit });
  });

  app.get('/api/followups/:id', { preValidation: authenticated, schema: { tags, security, summary: '整改项详情 / one follow-up item', params: idParams, response: { 200: followupItemResponse } } }, async (request) => {
    const actor = requireActor(request);
    return { item: await getFollowup(ctx.storage.db, { actor, now: ctx.now(), id: request.params.id }) };
  });

  app.post('/api/followups/:id/progress', { preValidation: authenticated, schema: { tags, security, summary: '报告进展 / record progress', params: idParams, body: progressBody, response: { 200: followupItemResponse } } }, async (request) => {
    const actor = requireActor(request);
    return { item: await inTransaction(ctx, (trx) => updateFollowupProgress(trx, { ...request.body, actor, now: ctx.now(), id: request.params.id })) };
  });

  app.post('/api/followups/:id/complete', { preValidation: authenticated, schema: { tags, security, summary: '完成并提交佐证 / complete with evidence', params: idParams, body: completeBody, response: { 200: followupItemResponse } } }, async (request) => {
    const actor = requireActor(request);
    return { item: await inTransaction(ctx, (trx) => completeFollowup(trx, { ...request.body, actor, now: ctx.now(), id: request.params.id })) };
  });

  app.post('/api/followups/:id/verify', { preValidation: authenticated, schema: { tags, security, summary: '验收或退回 / verify (close) or send back', params: idParams, body: verifyBody, response: { 200: followupItemResponse } } }, async (request) => {
    const actor = requireActor(request);
    return { item: await inTransaction(ctx, (trx) => verifyFollowup(trx, { ...request.body, actor, now: ctx.now(), id: request.params.id })) };
  });
}
