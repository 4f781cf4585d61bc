import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../context.ts';
import { requireActor } from '../../http/actor.ts';
import { requireNode } from '../../access/access.ts';
import { AppError } from '../../errors.ts';
import { toXlsx } from '../../reporting/exportTable.ts';
import { dayOfDate, formatDate } from '../../../shared/rosters/model.ts';
import {
  assignmentParams, listUnitsQuery, memberParams, onDutyQuery, onDutyScopeQuery, periodQuery, swapParams, swapsQuery, templateParams, unavailabilityParams, unitParams,
} from './rosters.schemas.ts';
import {
  assignmentAddedResponse, assignmentBody, assignmentRemovedResponse, assignmentsResponse, createdTemplateResponse, createdUnitResponse, createUnitBody, decideBody,
  generateBody, generateResponse, memberBody, memberRemovedResponse, memberResponse, onDutyResponse, retireTemplateBody, swapBody, swapDecidedResponse,
  swapListResponse, swapRequestedResponse, templateBody, templateRetiredResponse, templateSavedResponse, unavailabilityBody, unavailabilityRemovedResponse,
  unavailabilityResponse, unitListResponse, unitResponse,
} from '../../../shared/rosters/wire.ts';
import { listRosterUnits } from './listRosterUnits.ts';
import { listUnitSwaps } from './listSwaps.ts';
import { removeRosterMember } from './removeRosterMember.ts';
import { removeUnavailability } from './removeUnavailability.ts';
import { requireUnit } from './rosterAccess.ts';
import { createRosterUnit } from './createRosterUnit.ts';
import { addShiftTemplate } from './addShiftTemplate.ts';
import { updateShiftTemplate } from './updateShiftTemplate.ts';
import { retireShiftTemplate } from './retireShiftTemplate.ts';
import { removeRosterAssignment } from './removeRosterAssignment.ts';
import { setRosterMember } from './setRosterMember.ts';
import { addUnavailability } from './addUnavailability.ts';
import { generateRoster } from './generateRoster.ts';
import { addRosterAssignment } from './addRosterAssignment.ts';
import { requestSwap } from './requestSwap.ts';
import { decideSwap } from './decideSwap.ts';
import { listOnDuty } from './listOnDuty.ts';
import { exportRoster } from './exportRoster.ts';
import { findAssignment, findSwap } from './rosters.repository.ts';
import { getRosterUnit } from './getRosterUnit.ts';
import { listRosterAssignments } from './listRosterAssignments.ts';

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The export's 200 for the OpenAPI document: a workbook, sent as a Buffer (Fastify never runs a Buffer through the serializer). */
const xlsxResponse = {
  description: '值班表 XLSX: one row per person per shift (日期, 班次, 开始, 结束, 人员, 角色, 夜班, 节假日, 来源, 特批理由)',
  content: { [XLSX_TYPE]: { schema: z.instanceof(Buffer).meta({ type: 'string', format: 'binary', description: 'XLSX workbook' }) } },
};

/** 值班排班: units, shift templates, members, leave, automatic scheduling, edits, swaps, on-duty, export. */
export async function rosterRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];

  app.post('/api/rosters/units', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '新建值班单位 / create a rostering unit', security, body: createUnitBody, response: { 201: createdUnitResponse } } }, async (request, reply) => {
    const actor = requireActor(request);
    const unit = await inTransaction(ctx, (trx) => createRosterUnit(trx, { ...request.body, actor, now: ctx.now() }));
    return reply.code(201).send(unit);
  });

  app.get('/api/rosters/units', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '值班单位列表 / units in scope (and my own units)', security, querystring: listUnitsQuery, response: { 200: unitListResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, (trx) => listRosterUnits(trx, { actor, scope: request.query.scope }));
  });

  app.get('/api/rosters/units/:unitId', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '值班单位 / a unit with templates and members', security, params: unitParams, response: { 200: unitResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'read');
      return getRosterUnit(trx, { actor, unit, now: ctx.now() });
    });
  });

  app.post('/api/rosters/units/:unitId/templates', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '新增班次模板 / add a shift template', security, params: unitParams, body: templateBody, response: { 201: createdTemplateResponse } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'manage');
      return addShiftTemplate(trx, { ...request.body, actor, unitId: unit.id, now: ctx.now() });
    });
    return reply.code(201).send(out);
  });

  app.put('/api/rosters/units/:unitId/templates/:templateId', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '修改班次模板 / edit a shift template (history kept as worked)', security, params: templateParams, body: templateBody, response: { 200: templateSavedResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'manage');
      return updateShiftTemplate(trx, { ...request.body, actor, unit, templateId: request.params.templateId, now: ctx.now() });
    });
  });

  app.post('/api/rosters/units/:unitId/templates/:templateId/retire', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '停用班次模板 / retire a shift template (no new shifts; assignments kept)', security, params: templateParams, body: retireTemplateBody, response: { 200: templateRetiredResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'manage');
      return retireShiftTemplate(trx, { ...request.body, actor, unit, templateId: request.params.templateId, now: ctx.now() });
    });
  });

  app.put('/api/rosters/units/:unitId/members', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '设置值班人员 / add or update a member', security, params: unitParams, body: memberBody, response: { 200: memberResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'manage');
      return setRosterMember(trx, { ...request.body, actor, unitId: unit.id, now: ctx.now() });
    });
  });

  app.delete('/api/rosters/units/:unitId/members/:userId', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '移出值班人员 / remove a member (refused while they hold future shifts)', security, params: memberParams, response: { 200: memberRemovedResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'manage');
      return removeRosterMember(trx, { actor, unitId: unit.id, userId: request.params.userId, now: ctx.now() });
    });
  });

  app.delete('/api/rosters/units/:unitId/unavailability/:id', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '撤销请假 / withdraw a leave entry', security, params: unavailabilityParams, response: { 200: unavailabilityRemovedResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'manage');
      return removeUnavailability(trx, { actor, unitId: unit.id, id: request.params.id });
    });
  });

  app.get('/api/rosters/units/:unitId/swaps', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '换班申请列表 / swap requests of a unit', security, params: unitParams, querystring: swapsQuery, response: { 200: swapListResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'read');
      return listUnitSwaps(trx, { unit, state: request.query.state });
    });
  });

  app.post('/api/rosters/units/:unitId/unavailability', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '登记请假/不可排班 / record leave', security, params: unitParams, body: unavailabilityBody, response: { 201: unavailabilityResponse } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'manage');
      return addUnavailability(trx, { ...request.body, actor, unitId: unit.id, now: ctx.now() });
    });
    return reply.code(201).send(out);
  });

  app.post('/api/rosters/units/:unitId/generate', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '自动排班 / solve and save the roster for a period', security, params: unitParams, body: generateBody, response: { 200: generateResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'manage');
      return generateRoster(trx, { ...request.body, actor, unit, now: ctx.now() });
    });
  });

  app.get('/api/rosters/units/:unitId/assignments', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '值班表 / assignments and rule check for a period', security, params: unitParams, querystring: periodQuery, response: { 200: assignmentsResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'read');
      return listRosterAssignments(trx, { unit, from: request.query.from, days: request.query.days ?? 28 });
    });
  });

  app.post('/api/rosters/units/:unitId/assignments', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '手工排班 / add an assignment (checked; override with a reason)', security, params: unitParams, body: assignmentBody, response: { 201: assignmentAddedResponse } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'manage');
      return addRosterAssignment(trx, { ...request.body, actor, unit, now: ctx.now() });
    });
    return reply.code(201).send(out);
  });

  app.delete('/api/rosters/assignments/:id', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '移除排班 / take a person off a shift that has not started', security, params: assignmentParams, response: { 200: assignmentRemovedResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const assignment = await findAssignment(trx, request.params.id);
      if (!assignment) throw new AppError('NOT_FOUND', 'assignment not found', 'id');
      const unit = await requireUnit(trx, actor, assignment.unit_id, 'manage');
      return removeRosterAssignment(trx, { actor, unit, assignment, now: ctx.now() });
    });
  });

  app.post('/api/rosters/units/:unitId/swaps', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '换班申请 / request a swap', security, params: unitParams, body: swapBody, response: { 201: swapRequestedResponse } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'read');
      return requestSwap(trx, { ...request.body, actor, unit, now: ctx.now() });
    });
    return reply.code(201).send(out);
  });

  app.post('/api/rosters/swaps/:swapId/decide', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '换班审批 / approve or deny a swap (re-checked)', security, params: swapParams, body: decideBody, response: { 200: swapDecidedResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const swap = await findSwap(trx, request.params.swapId);
      if (!swap) throw new AppError('NOT_FOUND', 'swap request not found');
      const unit = await requireUnit(trx, actor, swap.unit_id, 'manage');
      return decideSwap(trx, { ...request.body, actor, unit, swap, now: ctx.now() });
    });
  });

  app.get('/api/rosters/units/:unitId/on-duty', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '当前在岗 / who is on duty in a unit', security, params: unitParams, querystring: onDutyQuery, response: { 200: onDutyResponse } } }, async (request) => {
    const actor = requireActor(request);
    const unit = await requireUnit(ctx.storage.db, actor, request.params.unitId, 'read');
    return listOnDuty(ctx.storage.db, { at: request.query.at ? new Date(request.query.at) : ctx.now(), unitId: unit.id });
  });

  app.get('/api/rosters/on-duty', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '辖区在岗 / who is on duty in every unit under a territory node', security, querystring: onDutyScopeQuery, response: { 200: onDutyResponse } } }, async (request) => {
    const actor = requireActor(request);
    // The central node check: a scope outside the caller's roster.read scopes looks missing (404).
    const node = await requireNode(ctx.storage.db, { actor, action: 'roster.read', code: request.query.scope, field: 'scope' });
    return listOnDuty(ctx.storage.db, { at: request.query.at ? new Date(request.query.at) : ctx.now(), pathPrefix: node.path });
  });

  app.get('/api/rosters/units/:unitId/export.xlsx', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '导出值班表 / roster as XLSX', security, params: unitParams, querystring: periodQuery, response: { 200: xlsxResponse } } }, async (request, reply) => {
    const actor = requireActor(request);
    const table = await inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'read');
      return exportRoster(trx, { unit, from: request.query.from, days: request.query.days ?? 28 });
    });
    return reply
      .type(XLSX_TYPE)
      .header('content-disposition', `attachment; filename="roster.xlsx"; filename*=UTF-8''${encodeURIComponent('值班表')}.xlsx`)
      .header('cache-control', 'no-store')
      .send(await toXlsx(table));
  });
}
