import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { allowedIds, requireAccess, requireNode } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { visitSlots } from '../../../shared/patrols/dosage.ts';
import type { CreatePlanBody, Plan } from '../../../shared/patrols/wire.ts';
import { displayNames, insertPlanVisits, sitesUnder } from './patrols.repository.ts';
import { planGreedy, planPatrols, type PlanInput, type PlanResult } from './planner.ts';
import { campaignMultipliers, toSite } from './sites.ts';
import { HaversineTravelModel } from './travel.ts';

/** The POST body with the shift bounds parsed, plus who and when. */
export type CreatePlanOptions = Omit<CreatePlanBody, 'shiftStart' | 'shiftEnd'> & { actor: Actor; now: Date; shiftStart: Date; shiftEnd: Date };

/**
 * Plan a shift's patrols (排定巡逻方案) for the key sites under a unit: required visit slots from each
 * site's dosage × the campaign multiplier, solved as a VRPTW (planner.ts), stored with its report.
 * The greedy baseline is solved too so the report shows what the optimisation bought.
 */
export async function createPlan(trx: Trx, o: CreatePlanOptions) {
  if (!(o.shiftEnd.getTime() > o.shiftStart.getTime())) throw new AppError('VALIDATION_FAILED', 'shiftEnd: must be after shiftStart', 'shiftEnd');
  if (o.shiftEnd.getTime() - o.shiftStart.getTime() > 24 * 3600_000) throw new AppError('VALIDATION_FAILED', 'shiftEnd: a shift lasts at most 24 h', 'shiftEnd');
  const scope = await requireNode(trx, { actor: o.actor, action: 'patrol.manage', code: o.scopeCode, field: 'scopeCode' });
  const workerIds = [...new Set(o.workerIds)];
  const visible = await allowedIds(trx, { actor: o.actor, action: 'people.read', resource: 'user', ids: workerIds });
  const missing = workerIds.find((id) => !visible.has(id));
  if (missing) throw new AppError('NOT_FOUND', `worker ${missing} not found`, 'workerIds');

  const sites = (await sitesUnder(trx, [scope.path])).map(toSite);
  // Each worker sets out from the centre of the grid (or unit) they serve; else from the sites' centre.
  const assignments = await trx.selectFrom('role_assignments').innerJoin('territory_nodes', 'territory_nodes.code', 'role_assignments.scope_code')
    .select(['role_assignments.user_id', 'territory_nodes.min_lat', 'territory_nodes.max_lat', 'territory_nodes.min_lng', 'territory_nodes.max_lng'])
    .where('role_assignments.user_id', 'in', workerIds).execute();
  const centre = sites.length ? { lat: sites.reduce((s, x) => s + x.lat, 0) / sites.length, lng: sites.reduce((s, x) => s + x.lng, 0) / sites.length } : { lat: 0, lng: 0 };
  const workers = workerIds.map((id) => {
    const a = assignments.find((r) => r.user_id === id && r.min_lat !== null);
    return a ? { id, lat: (a.min_lat! + a.max_lat!) / 2, lng: (a.min_lng! + a.max_lng!) / 2 } : { id, ...centre };
  });
  const multiplierAt = await campaignMultipliers(trx, o.shiftStart, o.shiftEnd);
  const from = o.shiftStart.getTime();
  const to = o.shiftEnd.getTime();
  const input: PlanInput = {
    sites: sites.map((s) => ({ id: s.id, lat: s.lat, lng: s.lng, slots: visitSlots(s.dosage, from, to, o.multiplier ?? multiplierAt(s.territoryPath, from)) })),
    workers,
    shiftStart: from,
    shiftEnd: to,
    maxWorkMinutes: o.maxWorkMinutes ?? Math.min(480, (to - from) / 60_000),
    travel: new HaversineTravelModel(o.speedKmh ?? 12),
    seed: o.seed ?? Math.floor(Math.random() * 2 ** 31),
    iterations: o.iterations ?? Math.min(3000, 200 + sites.length * 3),
  };
  const greedy = planGreedy(input);
  const result: PlanResult = o.method === 'greedy' ? greedy : planPatrols(input);
  const id = uuidv7();
  const names = await displayNames(trx, workerIds);
  const report = {
    method: result.method,
    coverage: result.coverage,
    requiredVisits: result.required,
    plannedVisits: result.planned,
    totalTravelMinutes: result.totalTravelMinutes,
    solveMillis: result.solveMillis,
    baseline: { method: 'greedy', coverage: greedy.coverage, plannedVisits: greedy.planned, totalTravelMinutes: greedy.totalTravelMinutes },
    sites: result.sites,
    // Named, so the stored report reads well later (people can be renamed; this is who they were).
    workers: result.workers.map((w) => ({ ...w, name: names.get(w.workerId) ?? null })),
    speedKmh: o.speedKmh ?? 12,
    maxWorkMinutes: input.maxWorkMinutes,
  };
  await trx.insertInto('patrol_plans').values({
    id,
    scope_code: o.scopeCode,
    territory_path: scope.path,
    shift_start: o.shiftStart.toISOString(),
    shift_end: o.shiftEnd.toISOString(),
    method: result.method,
    seed: input.seed,
    // 0 = per-site multipliers from the campaign phases in force at shift start.
    multiplier: o.multiplier ?? 0,
    required_visits: result.required,
    planned_visits: result.planned,
    report_json: JSON.stringify(report),
    created_by: o.actor.id,
    created_at: o.now.toISOString(),
  }).execute();
  const seqByWorker = new Map<string, number>();
  await insertPlanVisits(trx, result.visits.map((v) => {
    const seq = (seqByWorker.get(v.workerId) ?? 0) + 1;
    seqByWorker.set(v.workerId, seq);
    return { id: uuidv7(), plan_id: id, site_id: v.siteId, worker_id: v.workerId, slot_start: new Date(v.slot.start).toISOString(), slot_end: new Date(v.slot.end).toISOString(), planned_start: new Date(v.plannedStart).toISOString(), planned_end: new Date(v.plannedEnd).toISOString(), seq };
  }));
  await appendAudit(trx, o.actor, { action: 'patrol.plan.create', recordType: 'patrol_plan', recordId: id, after: { scopeCode: o.scopeCode, shiftStart: o.shiftStart.toISOString(), shiftEnd: o.shiftEnd.toISOString(), workers: workerIds.length, coverage: result.coverage, seed: input.seed } });
  return { id, scopeCode: o.scopeCode, shiftStart: o.shiftStart.toISOString(), shiftEnd: o.shiftEnd.toISOString(), seed: input.seed, report };
}

/** A stored plan with its visits (optionally one worker's route), for a reader in scope. */
export async function getPlan(trx: Trx, o: { actor: Actor; id: string; workerId?: string | undefined }): Promise<Plan> {
  await requireAccess(trx, { actor: o.actor, action: 'patrol.read', resource: 'patrolPlan', ids: [o.id] });
  const plan = await trx.selectFrom('patrol_plans').selectAll().where('id', '=', o.id).executeTakeFirst();
  if (!plan) throw notFound('patrol plan');
  let q = trx.selectFrom('patrol_plan_visits').selectAll().where('plan_id', '=', o.id);
  if (o.workerId) q = q.where('worker_id', '=', o.workerId);
  const visits = await q.orderBy('planned_start').execute();
  return {
    id: plan.id,
    scopeCode: plan.scope_code,
    shiftStart: plan.shift_start,
    shiftEnd: plan.shift_end,
    method: plan.method,
    seed: plan.seed,
    report: JSON.parse(plan.report_json) as Plan['report'],
    visits: visits.map((v) => ({ siteId: v.site_id, workerId: v.worker_id, seq: v.seq, slotStart: v.slot_start, slotEnd: v.slot_end, plannedStart: v.planned_start, plannedEnd: v.planned_end })),
  };
}
