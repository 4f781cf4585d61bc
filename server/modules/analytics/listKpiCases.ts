import { AppError } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import { CASE_STATE_NAMES, type CaseState } from '../../../shared/cases/stateMachine.ts';
import type { CaseListScope } from '../cases/caseAccess.ts';
import type { KpiCaseList } from '../../../shared/analytics/wire.ts';
import { casesBehindMetric, type KpiGroupBy, type KpiMetric } from './kpis.ts';

const GROUP_BY_CODE_LENGTH: Record<number, KpiGroupBy> = { 6: 'county', 9: 'street', 12: 'community', 15: 'grid' };

/** The grouping a drill-down key belongs to: given, or implied by a territory code's length or "total". */
export function inferGroupBy(group: string, groupBy: KpiGroupBy | undefined): KpiGroupBy {
  if (groupBy) return groupBy;
  if (group === 'total') return 'total';
  const implied = /^\d+$/.test(group) ? GROUP_BY_CODE_LENGTH[group.length] : undefined;
  if (!implied) throw new AppError('VALIDATION_FAILED', 'groupBy: 请指明分组方式 / say which grouping the group key belongs to', 'groupBy');
  return implied;
}

/** The cases behind one KPI figure (指标溯源), so every number can be checked case by case. */
export async function listKpiCases(
  db: Executor,
  o: { scope: CaseListScope; prefix: string; period: { from: string; to: string }; now: Date; metric: KpiMetric; groupBy: KpiGroupBy; group: string; limit: number },
): Promise<KpiCaseList> {
  const rows = await casesBehindMetric(db, { scope: o.scope, prefix: o.prefix, period: o.period, now: o.now.toISOString(), groupBy: o.groupBy }, o.metric, o.group, o.limit + 1);
  const page = rows.slice(0, o.limit);
  const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
  return {
    metric: o.metric,
    groupBy: o.groupBy,
    group: o.group,
    from: o.period.from,
    to: o.period.to,
    truncated: rows.length > o.limit,
    cases: page.map((r) => ({
      id: r.id,
      caseNo: r.case_no,
      kind: r.kind,
      categoryCode: r.category_code,
      state: r.state as CaseState,
      stateName: CASE_STATE_NAMES[r.state as CaseState]?.zh ?? r.state,
      gridCode: r.grid_code,
      departmentId: r.department_id,
      handlerId: r.handler_id,
      reportedAt: iso(r.created_at),
      stageDueAt: iso(r.stage_due_at),
      closedAt: iso(r.closed_at),
      closedOnTime: r.closed_on_time === null ? null : r.closed_on_time === 1,
      reworkCount: Number(r.rework_count),
    })),
  };
}
