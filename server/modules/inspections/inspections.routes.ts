import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../context.ts';
import { requireActor } from '../../http/actor.ts';
import { parseDateOrRange } from '../../reporting/periods.ts';
import { requireScopeNode } from '../territory/lookups.ts';
import { getGridIndex } from '../territory/gridIndex.ts';
import { addInspectionFinding } from './addInspectionFinding.ts';
import { addInspectionTasks } from './addInspectionTasks.ts';
import { createChecklistTemplate } from './createChecklistTemplate.ts';
import { createInspectionPlan } from './createInspectionPlan.ts';
import { getInspectionPlan } from './getInspectionPlan.ts';
import { getInspectionTask } from './getInspectionTask.ts';
import { listChecklistTemplates } from './listChecklistTemplates.ts';
import { listInspectionCandidates } from './listInspectionCandidates.ts';
import { listInspectionPlans } from './listInspectionPlans.ts';
import { listInspectionTargets } from './listInspectionTargets.ts';
import { listMyInspectionTasks } from './listMyInspectionTasks.ts';
import { recordInspectionResults } from './recordInspectionResults.ts';
import { rectifyInspectionFinding } from './rectifyInspectionFinding.ts';
import { checklistTemplate, checklistTemplatesResponse, inspectionCandidatesResponse, inspectionFinding, inspectionPlanCreated, inspectionPlanDetail, inspectionPlansResponse, inspectionResultsResponse, inspectionTargetsResponse, inspectionTaskDetail, inspectionTasksAdded, myInspectionTasksResponse, rectifyResponse } from '../../../shared/inspections/wire.ts';
import { addTasksBody, candidatesQuery, findingBody, idParams, mineQuery, planBody, plansQuery, rectifyBody, resultsBody, targetsQuery, templateBody, templatesQuery } from './inspections.schemas.ts';

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

/** 明察暗访: plans with checklists, tasks, results and findings, findings → rectification cases (docs/supervision.md). */
export async function inspectionRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];
  const tags = ['inspections'];

  app.post('/api/inspections/templates', { preValidation: authenticated, schema: { tags, summary: '新建检查表模板 / save a reusable checklist', security, body: templateBody, response: { 201: checklistTemplate } } }, async (request, reply) => {
    const actor = requireActor(request);
    const b = request.body;
    const out = await inTransaction(ctx, async (trx) => {
      const node = await requireScopeNode(trx, actor, 'inspection.manage', b.scope);
      return createChecklistTemplate(trx, { actor, now: ctx.now(), name: b.name, scope: node, items: b.items });
    });
    return reply.code(201).send(out);
  });

  app.get('/api/inspections/templates', { preValidation: authenticated, schema: { tags, summary: '检查表模板 / checklist templates usable at a node', security, querystring: templatesQuery, response: { 200: checklistTemplatesResponse } } }, async (request) => {
    const actor = requireActor(request);
    const node = await requireScopeNode(ctx.storage.db, actor, 'inspection.read', request.query.scope);
    return { templates: await listChecklistTemplates(ctx.storage.db, { scopePath: node.path }) };
  });

  app.post('/api/inspections/plans', { preValidation: authenticated, schema: { tags, summary: '新建明察暗访计划 / create a plan with checklist and tasks', security, body: planBody, response: { 201: inspectionPlanCreated } } }, async (request, reply) => {
    const actor = requireActor(request);
    const b = request.body;
    const period = parseDateOrRange(b.period);
    const out = await inTransaction(ctx, async (trx) => {
      const node = await requireScopeNode(trx, actor, 'inspection.manage', b.scope);
      return createInspectionPlan(trx, { ...b, actor, now: ctx.now(), scope: node, period });
    });
    return reply.code(201).send(out);
  });

  app.get('/api/inspections/plans', { preValidation: authenticated, schema: { tags, summary: '明察暗访计划 / plans in scope with progress', security, querystring: plansQuery, response: { 200: inspectionPlansResponse } } }, async (request) => {
    const actor = requireActor(request);
    const node = await requireScopeNode(ctx.storage.db, actor, 'inspection.read', request.query.scope);
    return { plans: await listInspectionPlans(ctx.storage.db, { actor, scopePath: node.path, limit: request.query.limit, now: ctx.now() }) };
  });

  app.get('/api/inspections/plans/:id', { preValidation: authenticated, schema: { tags, summary: '计划详情 / a plan with tasks, findings and progress', security, params: idParams, response: { 200: inspectionPlanDetail } } }, async (request) => {
    const actor = requireActor(request);
    return getInspectionPlan(ctx.storage.db, { actor, id: request.params.id, now: ctx.now() });
  });

  app.post('/api/inspections/plans/:id/tasks', { preValidation: authenticated, schema: { tags, summary: '增加检查任务 / add tasks (targets and inspectors) to a plan', security, params: idParams, body: addTasksBody, response: { 201: inspectionTasksAdded } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await inTransaction(ctx, (trx) => addInspectionTasks(trx, { actor, now: ctx.now(), planId: request.params.id, tasks: request.body.tasks }));
    return reply.code(201).send(out);
  });

  app.get('/api/inspections/candidates', { preValidation: authenticated, schema: { tags, summary: '可指派的督查人员 / who may inspect a target (回避 applied), best first', security, querystring: candidatesQuery, response: { 200: inspectionCandidatesResponse } } }, async (request) => {
    const actor = requireActor(request);
    const q = request.query;
    const node = await requireScopeNode(ctx.storage.db, actor, 'inspection.manage', q.scope);
    return listInspectionCandidates(ctx.storage.db, { scopePath: node.path, targetKind: q.targetKind, targetId: q.targetId });
  });

  app.get('/api/inspections/targets', { preValidation: authenticated, schema: { tags, summary: '可检查对象 / grids, key sites or units a plan at this node may inspect', security, querystring: targetsQuery, response: { 200: inspectionTargetsResponse } } }, async (request) => {
    const actor = requireActor(request);
    const q = request.query;
    const node = await requireScopeNode(ctx.storage.db, actor, 'inspection.manage', q.scope);
    return { targets: await listInspectionTargets(ctx.storage.db, { scopePath: node.path, kind: q.kind, ...(q.q ? { q: q.q } : {}), limit: q.limit }) };
  });

  app.get('/api/inspections/tasks/mine', { preValidation: authenticated, schema: { tags, summary: '我的检查任务 / inspection tasks assigned to me, open first', security, querystring: mineQuery, response: { 200: myInspectionTasksResponse } } }, async (request) => {
    const actor = requireActor(request);
    return { tasks: await listMyInspectionTasks(ctx.storage.db, { actor, limit: request.query.limit }) };
  });

  app.get('/api/inspections/tasks/:id', { preValidation: authenticated, schema: { tags, summary: '检查任务 / a task with checklist results and findings', security, params: idParams, response: { 200: inspectionTaskDetail } } }, async (request) => {
    const actor = requireActor(request);
    return getInspectionTask(ctx.storage.db, { actor, id: request.params.id, now: ctx.now() });
  });

  app.post('/api/inspections/tasks/:id/results', { preValidation: authenticated, schema: { tags, summary: '登记检查结果 / record checklist results, optionally completing the task', security, params: idParams, body: resultsBody, response: { 200: inspectionResultsResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, (trx) => recordInspectionResults(trx, { ...request.body, actor, now: ctx.now(), taskId: request.params.id }));
  });

  app.post('/api/inspections/tasks/:id/findings', { preValidation: authenticated, schema: { tags, summary: '登记发现问题 / record a finding with photos', security, params: idParams, body: findingBody, response: { 201: inspectionFinding } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await inTransaction(ctx, (trx) => addInspectionFinding(trx, { ...request.body, actor, now: ctx.now(), taskId: request.params.id }));
    return reply.code(201).send(out);
  });

  app.post('/api/inspections/findings/:id/rectify', { preValidation: authenticated, schema: { tags, summary: '转整改案件 / open a rectification case with a deadline for a finding', security, params: idParams, body: rectifyBody, response: { 201: rectifyResponse } } }, async (request, reply) => {
    const actor = requireActor(request);
    // The grid index is read before the transaction: on SQLite a db query inside it would wait forever.
    const gridIndex = await getGridIndex(ctx.storage.db);
    const out = await inTransaction(ctx, (trx) => rectifyInspectionFinding(trx, { ...request.body, actor, now: ctx.now(), slaPolicy: ctx.slaPolicy, findingId: request.params.id, gridIndex }));
    return reply.code(201).send(out);
  });
}
