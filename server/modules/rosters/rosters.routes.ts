import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../context.ts';
import { requireActor } from '../../http/actor.ts';
import { allowedIds, requireNode } from '../../access/access.ts';
import { AppError } from '../../errors.ts';
import { toXlsx } from '../../reporting/exportTable.ts';
import { dayOfDate, formatDate } from '../../../shared/rosters/model.ts';
import {
  assignmentBody, assignmentParams, createUnitBody, decideBody, generateBody, listUnitsQuery, memberBody, memberParams, onDutyQuery, onDutyScopeQuery,
  periodQuery, retireTemplateBody, swapBody, swapParams, swapsQuery, templateBody, templateParams, unavailabilityBody, unavailabilityParams, unitParams,
} from './rosters.schemas.ts';
import { listRosterUnits } from './listRosterUnits.ts';
import { listUnitSwaps } from './listSwaps.ts';
import { removeRosterMember } from './removeRosterMember.ts';
import { removeUnavailability } from './removeUnavailability.ts';
import { manageableUnits, requireUnit } from './rosterAccess.ts';
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
import { findAssignment, findSwap, listMembers, listTemplateVersions, listUnavailability } from './rosters.repository.ts';
import { loadUnitProblem } from './rosterProblem.ts';
import { checkRoster } from '../../../shared/rosters/checkRoster.ts';

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 值班排班: units, shift templates, members, leave, automatic scheduling, edits, swaps, on-duty, export. */
export async function rosterRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];

  app.post('/api/rosters/units', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '新建值班单位 / create a rostering unit', security, body: createUnitBody } }, async (request, reply) => {
    const actor = requireActor(request);
    const b = request.body;
    const unit = await inTransaction(ctx, (trx) => createRosterUnit(trx, { actor, nameZh: b.nameZh, kind: b.kind, territoryCode: b.territoryCode, rules: b.rules, now: ctx.now() }));
    return reply.code(201).send(unit);
  });

  app.get('/api/rosters/units', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '值班单位列表 / units in scope (and my own units)', security, querystring: listUnitsQuery } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, (trx) => listRosterUnits(trx, { actor, scope: request.query.scope }));
  });

  app.get('/api/rosters/units/:unitId', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '值班单位 / a unit with templates and members', security, params: unitParams } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'read');
      // One read of every version: the current templates and the retired or superseded ones.
      const versions = await listTemplateVersions(trx, unit.id);
      const templates = versions.filter((t) => t.active === 1);
      const past = versions.filter((t) => t.active !== 1);
      const replacedBy = new Map(versions.filter((t) => t.replaces_id).map((t) => [t.replaces_id!, t.id]));
      const shape = (t: (typeof versions)[number]) => ({
        id: t.id, nameZh: t.name_zh, startTime: t.start_time, durationMinutes: t.duration_minutes, night: t.night === 1, requirements: JSON.parse(t.requirements_json),
        validFrom: t.valid_from, retiredFrom: t.retired_from,
      });
      const members = await listMembers(trx, unit.id);
      // Leave and unavailability still running or to come (and the last month's, for context).
      const now = ctx.now().getTime();
      const leave = await listUnavailability(trx, members.map((m) => m.user_id), new Date(now - 30 * 86400_000).toISOString(), '9999-12-31T00:00:00.000Z');
      return {
        id: unit.id, nameZh: unit.name_zh, kind: unit.kind, territoryCode: unit.territory_code, rules: JSON.parse(unit.rules_json),
        templates: templates.map(shape),
        // Retired templates and superseded versions: they still name the shifts worked under them.
        pastTemplates: past.map((t) => ({ ...shape(t), replacedBy: replacedBy.get(t.id) ?? null })),
        members: members.map((m) => ({ userId: m.user_id, name: m.display_name, skills: JSON.parse(m.skills_json), preferences: m.preferences_json ? JSON.parse(m.preferences_json) : null, maxWeeklyHours: m.max_weekly_hours })),
        unavailability: leave.map((l) => ({ id: l.id, userId: l.user_id, kind: l.kind, startsAt: l.starts_at, endsAt: l.ends_at, reason: l.reason })),
        canManage: (await manageableUnits(trx, actor, [unit.id])).has(unit.id),
      };
    });
  });

  app.post('/api/rosters/units/:unitId/templates', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '新增班次模板 / add a shift template', security, params: unitParams, body: templateBody } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'manage');
      return addShiftTemplate(trx, { actor, unitId: unit.id, ...request.body, now: ctx.now() });
    });
    return reply.code(201).send(out);
  });

  app.put('/api/rosters/units/:unitId/templates/:templateId', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '修改班次模板 / edit a shift template (history kept as worked)', security, params: templateParams, body: templateBody } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'manage');
      return updateShiftTemplate(trx, { actor, unit, templateId: request.params.templateId, ...request.body, now: ctx.now() });
    });
  });

  app.post('/api/rosters/units/:unitId/templates/:templateId/retire', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '停用班次模板 / retire a shift template (no new shifts; assignments kept)', security, params: templateParams, body: retireTemplateBody } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'manage');
      return retireShiftTemplate(trx, { actor, unit, templateId: request.params.templateId, from: request.body?.from, now: ctx.now() });
    });
  });

  app.put('/api/rosters/units/:unitId/members', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '设置值班人员 / add or update a member', security, params: unitParams, body: memberBody } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'manage');
      const b = request.body;
      return setRosterMember(trx, { actor, unitId: unit.id, userId: b.userId, skills: b.skills, preferences: b.preferences, maxWeeklyHours: b.maxWeeklyHours, now: ctx.now() });
    });
  });

  app.delete('/api/rosters/units/:unitId/members/:userId', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '移出值班人员 / remove a member (refused while they hold future shifts)', security, params: memberParams } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'manage');
      return removeRosterMember(trx, { actor, unitId: unit.id, userId: request.params.userId, now: ctx.now() });
    });
  });

  app.delete('/api/rosters/units/:unitId/unavailability/:id', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '撤销请假 / withdraw a leave entry', security, params: unavailabilityParams } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'manage');
      return removeUnavailability(trx, { actor, unitId: unit.id, id: request.params.id });
    });
  });

  app.get('/api/rosters/units/:unitId/swaps', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '换班申请列表 / swap requests of a unit', security, params: unitParams, querystring: swapsQuery } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'read');
      return listUnitSwaps(trx, { unit, state: request.query.state });
    });
  });

  app.post('/api/rosters/units/:unitId/unavailability', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '登记请假/不可排班 / record leave', security, params: unitParams, body: unavailabilityBody } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'manage');
      return addUnavailability(trx, { actor, unitId: unit.id, ...request.body, now: ctx.now() });
    });
    return reply.code(201).send(out);
  });

  app.post('/api/rosters/units/:unitId/generate', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '自动排班 / solve and save the roster for a period', security, params: unitParams, body: generateBody } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'manage');
      return generateRoster(trx, { actor, unit, ...request.body, now: ctx.now() });
    });
  });

  app.get('/api/rosters/units/:unitId/assignments', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '值班表 / assignments and rule check for a period', security, params: unitParams, querystring: periodQuery } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'read');
      const q = request.query;
      const toDate = formatDate(dayOfDate(q.from) + (q.days ?? 28) - 1);
      const loaded = await loadUnitProblem(trx, unit, q.from, toDate);
      return {
        assignments: loaded.rows.map((r) => ({ id: r.id, templateId: r.template_id, date: r.shift_date, role: r.role, userId: r.user_id, startsAt: r.starts_at, endsAt: r.ends_at, source: r.source, overrideReason: r.override_reason })),
        violations: checkRoster(loaded.problem, { assignments: loaded.assignments }),
      };
    });
  });

  app.post('/api/rosters/units/:unitId/assignments', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '手工排班 / add an assignment (checked; override with a reason)', security, params: unitParams, body: assignmentBody } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'manage');
      const b = request.body;
      const member = await trx.selectFrom('roster_members').select('user_id').where('unit_id', '=', unit.id).where('user_id', '=', b.userId).executeTakeFirst();
      // A non-member goes on a shift only with an override, and only someone the manager may see (a missing
      // or unseen person answers alike, never a 500 from the foreign key).
      const visible = member !== undefined || (await allowedIds(trx, { actor, action: 'people.read', resource: 'user', ids: [b.userId] })).has(b.userId);
      if ((!member && !b.overrideReason) || !visible) throw new AppError('NOT_FOUND', 'person is not a member of this unit', 'userId');
      return addRosterAssignment(trx, { actor, unit, templateId: b.templateId, date: b.date, role: b.role, userId: b.userId, overrideReason: b.overrideReason, now: ctx.now() });
    });
    return reply.code(201).send(out);
  });

  app.delete('/api/rosters/assignments/:id', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '移除排班 / take a person off a shift that has not started', security, params: assignmentParams } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const assignment = await findAssignment(trx, request.params.id);
      if (!assignment) throw new AppError('NOT_FOUND', 'assignment not found', 'id');
      const unit = await requireUnit(trx, actor, assignment.unit_id, 'manage');
      return removeRosterAssignment(trx, { actor, unit, assignment, now: ctx.now() });
    });
  });

  app.post('/api/rosters/units/:unitId/swaps', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '换班申请 / request a swap', security, params: unitParams, body: swapBody } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await inTransaction(ctx, async (trx) => {
      const unit = await requireUnit(trx, actor, request.params.unitId, 'read');
      return requestSwap(trx, { actor, unit, ...request.body, now: ctx.now() });
    });
    return reply.code(201).send(out);
  });

  app.post('/api/rosters/swaps/:swapId/decide', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '换班审批 / approve or deny a swap (re-checked)', security, params: swapParams, body: decideBody } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      const swap = await findSwap(trx, request.params.swapId);
      if (!swap) throw new AppError('NOT_FOUND', 'swap request not found');
      const unit = await requireUnit(trx, actor, swap.unit_id, 'manage');
      return decideSwap(trx, { actor, unit, swap, decision: request.body.decision, note: request.body.note, now: ctx.now() });
    });
  });

  app.get('/api/rosters/units/:unitId/on-duty', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '当前在岗 / who is on duty in a unit', security, params: unitParams, querystring: onDutyQuery } }, async (request) => {
    const actor = requireActor(request);
    const unit = await requireUnit(ctx.storage.db, actor, request.params.unitId, 'read');
    return listOnDuty(ctx.storage.db, { at: request.query.at ? new Date(request.query.at) : ctx.now(), unitId: unit.id });
  });

  app.get('/api/rosters/on-duty', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '辖区在岗 / who is on duty in every unit under a territory node', security, querystring: onDutyScopeQuery } }, async (request) => {
    const actor = requireActor(request);
    // The central node check: a scope outside the caller's roster.read scopes looks missing (404).
    const node = await requireNode(ctx.storage.db, { actor, action: 'roster.read', code: request.query.scope, field: 'scope' });
    return listOnDuty(ctx.storage.db, { at: request.query.at ? new Date(request.query.at) : ctx.now(), pathPrefix: node.path });
  });

  app.get('/api/rosters/units/:unitId/export.xlsx', { preValidation: authenticated, schema: { tags: ['rosters'], summary: '导出值班表 / roster as XLSX', security, params: unitParams, querystring: periodQuery } }, async (request, reply) => {
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
