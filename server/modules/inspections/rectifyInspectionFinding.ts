import type { Actor } from '../../access/actor.ts';
import type { RectifyBody } from './inspections.schemas.ts';
import { requireAccess } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { pathOfCode } from '../../../shared/territory/codes.ts';
import { findCategory } from '../cases/lookups.ts';
import { deadlineInstant } from '../cases/hazard.ts';
import { planHazardRectification } from '../cases/planHazardRectification.ts';
import { reportCase } from '../cases/reportCase.ts';
import type { SlaPolicy } from '../../../shared/sla/policy.ts';
import { getGridIndex, locatePoint, type PolygonIndex } from '../territory/gridIndex.ts';
import { presentFinding } from './inspection.ts';
import { findFinding, findFindingsOfTasks, findPlan, findSite, findTask, linkFindingToCase } from './inspections.repository.ts';

/** The rectify body (deadline: YYYY-MM-DD, that day's end China time, or an ISO-8601 time with offset) plus who, when, which finding. */
export type RectifyFindingOptions = RectifyBody & {
  actor: Actor;
  now: Date;
  findingId: string;
  /** Prefetched outside the transaction (see ReportCaseOptions.gridIndex). */
  gridIndex?: PolygonIndex;
  /** The server's 预警/升级 defaults (the app context's `slaPolicy`) for the case's stage clock. */
  slaPolicy?: Readonly<SlaPolicy> | undefined;
};

const KIND_ZH = { open: '明察', covert: '暗访' } as const;

/** Where a finding without a location of its own is placed: the key site, or the centre of the grid's bounding box (checked to lie in the grid below). */
async function targetLocation(trx: Trx, task: { target_kind: string; target_id: string }): Promise<{ lat: number; lng: number } | null> {
  if (task.target_kind === 'site') {
    const site = await findSite(trx, task.target_id);
    return site ? { lat: site.lat, lng: site.lng } : null;
  }
  if (task.target_kind === 'grid') {
    const g = await trx.selectFrom('territory_nodes').select(['min_lat', 'max_lat', 'min_lng', 'max_lng']).where('code', '=', task.target_id).executeTakeFirst();
    if (g && g.min_lat !== null && g.max_lat !== null && g.min_lng !== null && g.max_lng !== null) return { lat: (g.min_lat + g.max_lat) / 2, lng: (g.min_lng + g.max_lng) / 2 };
  }
  return null;
}

/**
 * 转整改案件: open a rectification case for a finding through the case module's intake (reportCase,
 * source 'referral', photos carried over), with the deadline in the case's details and on the finding.
 * A hazard category (风险隐患) also gets its rectification plan on the register (planHazardRectification:
 * responsible unit and person, the same deadline), so the register tracks it to sign-off (销号).
 * The case lies where the finding was made (else the key site, else the grid's centre), which must be
 * inside the inspected grid or area. Once per finding (409 after); inspection.manage over the task.
 */
export async function rectifyInspectionFinding(trx: Trx, o: RectifyFindingOptions) {
  const finding = await findFinding(trx, o.findingId);
  const task = finding ? await findTask(trx, finding.task_id) : undefined;
  const plan = task ? await findPlan(trx, task.plan_id) : undefined;
  if (!finding || !task || !plan) throw notFound('inspection finding');
  // inspection.manage over the task's plan; a reader of the task (its inspector, a reader of the plan) → 403; anyone else 404.
  try {
    await requireAccess(trx, { actor: o.actor, action: 'inspection.manage', resource: 'inspectionTask', ids: [task.id] });
  } catch (e) {
    if (e instanceof AppError && e.code === 'FORBIDDEN') throw new AppError('FORBIDDEN', '你的角色不能将问题转为整改案件 / your role may not open rectification cases', 'id');
    throw notFound('inspection finding');
  }
  if (finding.case_id) throw new AppError('CONFLICT', '该问题已转为整改案件 / this finding already has a rectification case', 'id', { caseId: finding.case_id });

  const deadline = deadlineInstant(o.deadline);
  if (deadline <= o.now.toISOString()) throw new AppError('VALIDATION_FAILED', 'deadline: 整改期限须晚于当前时间 / the deadline must be in the future', 'deadline');
  const category = await findCategory(trx, o.categoryCode);
  if (!category || category.active !== 1) throw new AppError('VALIDATION_FAILED', `categoryCode: 未知分类 / unknown category "${o.categoryCode}"`, 'categoryCode');
  if (category.kind === 'hazard' && !o.responsiblePerson) {
    throw new AppError('VALIDATION_FAILED', 'responsiblePerson: 隐患类整改须指定责任人 / a hazard rectification needs a responsible person', 'responsiblePerson');
  }

  const location = o.location ?? (finding.lat !== null && finding.lng !== null ? { lat: finding.lat, lng: finding.lng } : await targetLocation(trx, task));
  if (!location) throw new AppError('VALIDATION_FAILED', 'location: 问题没有位置，请在地图上指定 / the finding has no location: give one', 'location');
  const gridIndex = o.gridIndex ?? (await getGridIndex(trx));
  const gridCode = locatePoint(gridIndex, location.lat, location.lng);
  if (!gridCode) throw new AppError('OUTSIDE_TERRITORY', `location: 点 (${location.lat}, ${location.lng}) 不在任何网格内 / the point lies in no grid`, 'location');
  if (!pathOfCode(gridCode).startsWith(task.territory_path)) {
    throw new AppError('VALIDATION_FAILED', `location: 位置不在被检查的「${task.target_name}」范围内 / the location is outside the inspected ${task.target_kind}`, 'location');
  }

  const responsibleUnit = finding.responsible_unit ?? task.target_name;
  const description = o.description ?? `【${KIND_ZH[plan.kind as 'open' | 'covert'] ?? '明察暗访'}】${plan.title} · ${task.target_name}：${finding.description ?? ''}`.slice(0, 2000);
  const photos = finding.photos_json ? (JSON.parse(finding.photos_json) as string[]) : [];
  const { row } = await reportCase(trx, {
    actor: o.actor,
    now: o.now,
    gridIndex,
    source: 'referral',
    categoryCode: o.categoryCode,
    description,
    location,
    address: finding.address,
    photos,
    details: {
      rectification: { deadline, responsibleUnit, responsiblePerson: o.responsiblePerson?.name ?? null },
      inspection: { planId: plan.id, taskId: task.id, findingId: finding.id, kind: plan.kind, severity: finding.severity },
    },
    slaPolicy: o.slaPolicy,
  });
  if (category.kind === 'hazard') {
    await planHazardRectification(trx, {
      actor: o.actor,
      now: o.now,
      caseId: row.id,
      plan: `明察暗访发现问题限期整改：${finding.description ?? ''}`.slice(0, 4000),
      responsibleUnit,
      responsiblePerson: { name: o.responsiblePerson!.name, userId: o.responsiblePerson!.userId ?? null },
      deadline,
    });
  }
  const nowIso = o.now.toISOString();
  if (!(await linkFindingToCase(trx, finding.id, { case_id: row.id, rectify_deadline: deadline, rectify_requested_by: o.actor.id, rectify_requested_at: nowIso }))) {
    throw new AppError('CONFLICT', '该问题已转为整改案件 / this finding already has a rectification case', 'id');
  }
  await appendAudit(trx, o.actor, {
    action: 'inspection.finding.rectify',
    recordType: 'inspection_finding',
    recordId: finding.id,
    before: { caseId: null },
    after: { caseId: row.id, caseNo: row.case_no, categoryCode: row.category_code, gridCode: row.grid_code, deadline, hazardPlan: category.kind === 'hazard' },
  });
  const [linked] = await findFindingsOfTasks(trx, [task.id]).then((rows) => rows.filter((r) => r.id === finding.id));
  return {
    finding: presentFinding(linked!, o.now),
    case: { id: row.id, caseNo: row.case_no, state: row.state, categoryCode: row.category_code, gridCode: row.grid_code, kind: row.kind },
  };
}
