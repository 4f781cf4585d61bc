import { evaluationTable, evaluationTrace, evaluationWeightsResponse } from '../../../shared/evaluation/wire.ts';
import { requireAccess } from '../../access/access.ts';
import { EVALUATION_WEIGHTS_ID } from '../../access/resources.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../context.ts';
import { requireActor } from '../../http/actor.ts';
import { resolveScope } from '../cases/resolveScope.ts';
import { parsePeriod } from '../../reporting/periods.ts';
import { loadWeights } from './components.ts';
import { evaluationQuery, traceQuery, weightsBody } from './evaluation.schemas.ts';
import { getEvaluation, traceEvaluation } from './getEvaluation.ts';
import { setEvaluationWeights } from './setEvaluationWeights.ts';

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

/** 综合评价: scores, rankings, grades and their trace to cases (docs/evaluation.md). */
export async function evaluationRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];
  const tags = ['evaluation'];

  app.get('/api/evaluation/scores', { preValidation: authenticated, schema: { tags, summary: '综合评价 / scores, grades and ranks of areas, departments or posts', security, querystring: evaluationQuery, response: { 200: evaluationTable } } }, async (request) => {
    const actor = requireActor(request);
    const q = request.query;
    const period = parsePeriod(q.from, q.to);
    const { scope, prefix } = await resolveScope(ctx.storage.db, actor, 'evaluation.read', q.scope);
    return getEvaluation(ctx.storage.db, { scope, prefix, period, now: ctx.now(), level: q.level });
  });

  app.get('/api/evaluation/trace', { preValidation: authenticated, schema: { tags, summary: '评分溯源 / one score\'s components and the cases behind them', security, querystring: traceQuery, response: { 200: evaluationTrace } } }, async (request) => {
    const actor = requireActor(request);
    const q = request.query;
    const period = parsePeriod(q.from, q.to);
    const { scope, prefix } = await resolveScope(ctx.storage.db, actor, 'evaluation.read', q.scope);
    return traceEvaluation(ctx.storage.db, { scope, prefix, period, now: ctx.now(), level: q.level, key: q.key });
  });

  app.get('/api/evaluation/weights', { preValidation: authenticated, schema: { tags, summary: '评价权重 / configured weights', security, response: { 200: evaluationWeightsResponse } } }, async (request) => {
    const actor = requireActor(request);
    await requireAccess(ctx.storage.db, { actor, action: 'evaluation.read', resource: 'evaluationWeights', ids: [EVALUATION_WEIGHTS_ID] });
    return { weights: await loadWeights(ctx.storage.db) };
  });

  app.put('/api/evaluation/weights', { preValidation: authenticated, schema: { tags, summary: '修改评价权重 / change weights (evaluation.manage)', security, body: weightsBody, response: { 200: evaluationWeightsResponse } } }, async (request) => {
    const actor = requireActor(request);
    return { weights: await inTransaction(ctx, (trx) => setEvaluationWeights(trx, { ...request.body, actor, now: ctx.now() })) };
  });
}
