import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../context.ts';
import { requireActor } from '../../http/actor.ts';
import { allowedIds, requireAccess } from '../../access/access.ts';
import { parseInstant, parsePeriod } from '../../reporting/periods.ts';
import { findCaseById, findEvents } from '../cases/lookups.ts';
import { decideAccountability } from './decideAccountability.ts';
import { generateAccountabilityRecords } from './generateAccountability.ts';
import { accountabilityHistory, listAccountability } from './listAccountability.ts';
import { caseResponsibilityChain } from './responsibilityChain.ts';
import { requireScopeNode } from '../territory/lookups.ts';
import { accountabilityDecisionResponse, accountabilityGenerateResponse, accountabilityHistoryResponse, accountabilityListResponse, responsibilityView } from '../../../shared/supervision/wire.ts';
import { accountabilityDecisionBody, accountabilityGenerateBody, accountabilityListQuery, historyQuery, idParams } from './supervision.schemas.ts';

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

/** 责任追究: generate, list, decide, history; and the responsibility chain of a case. */
export async function accountabilityRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];
  const tags = ['supervision'];

  app.post('/api/accountability/generate', { preValidation: authenticated, schema: { tags, summary: '生成责任追究记录 / generate records from the data (idempotent)', security, body: accountabilityGenerateBody, response: { 200: accountabilityGenerateResponse } } }, async (request) => {
    const actor = requireActor(request);
    const b = request.body;
    const period = parsePeriod(b.from, b.to);
    return inTransaction(ctx, async (trx) => {
      const node = await requireScopeNode(trx, actor, 'accountability.decide', b.scope);
      return generateAccountabilityRecords(trx, { actor, from: period.from, to: period.to, scopePath: node.path, now: ctx.now() });
    });
  });

  app.get('/api/accountability', { preValidation: authenticated, schema: { tags, summary: '责任追究记录 / records in scope', security, querystring: accountabilityListQuery, response: { 200: accountabilityListResponse } } }, async (request) => {
    const actor = requireActor(request);
    const q = request.query;
    const from = q.from ? parseInstant(q.from, 'from') : undefined;
    const to = q.to ? parseInstant(q.to, 'to') : undefined;
    const node = await requireScopeNode(ctx.storage.db, actor, 'accountability.read', q.scope);
    return { records: await listAccountability(ctx.storage.db, { prefix: node.path, state: q.state, personId: q.personId, unitCode: q.unitCode, departmentId: q.departmentId, sourceKind: q.sourceKind, ...(from ? { from } : {}), ...(to ? { to } : {}), limit: q.limit }) };
  });

  app.get('/api/accountability/history', { preValidation: authenticated, schema: { tags, summary: '责任追究台账 / history per person or unit and month', security, querystring: historyQuery, response: { 200: accountabilityHistoryResponse } } }, async (request) => {
    const actor = requireActor(request);
    const q = request.query;
    const period = parsePeriod(q.from, q.to);
    const node = await requireScopeNode(ctx.storage.db, actor, 'accountability.read', q.scope);
    return { by: q.by, rows: await accountabilityHistory(ctx.storage.db, { prefix: node.path, by: q.by, from: period.from, to: period.to }) };
  });

  app.post('/api/accountability/:id/decision', { preValidation: authenticated, schema: { tags, summary: '确认（提醒/通报批评/移交）或免责 / confirm or waive with a reason', security, params: idParams, body: accountabilityDecisionBody, response: { 200: accountabilityDecisionResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, (trx) => decideAccountability(trx, { ...request.body, actor, id: request.params.id, now: ctx.now() }));
  });

  app.get('/api/cases/:id/responsibility', { preValidation: authenticated, schema: { tags, summary: '责任链 / who held the case at each stage, and its accountability records', security, params: idParams, response: { 200: responsibilityView } } }, async (request) => {
    const actor = requireActor(request);
    const id = request.params.id;
    await requireAccess(ctx.storage.db, { actor, action: 'case.read', resource: 'case', ids: [id] });
    const row = (await findCaseById(ctx.storage.db, id))!;
    const chain = await caseResponsibilityChain(ctx.storage.db, row, await findEvents(ctx.storage.db, id), ctx.now().toISOString());
    // The case's accountability records only for those who may read accountability there (null otherwise).
    const readsAccountability = (await allowedIds(ctx.storage.db, { actor, action: 'accountability.read', resource: 'territory', ids: [row.grid_code] })).has(row.grid_code);
    const accountability = readsAccountability ? await listAccountability(ctx.storage.db, { prefix: '', caseId: id, limit: 100 }) : null;
    return { caseId: id, caseNo: row.case_no, state: row.state, gridCode: row.grid_code, chain, accountability };
  });
}
