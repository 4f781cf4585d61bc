import type { Executor } from '../../storage/db.ts';
import type { KpiMetric } from '../analytics/kpis.ts';

/**
 * Evaluation components (综合评价指标). Case components come from the KPI counts (docs/kpis.md) so the
 * same set definitions drive the score and its drill-down; `inverse` components count 1 − rate.
 */
export const COMPONENTS = [
  { key: 'closure', labelZh: '结案率', numerator: 'closed', denominator: 'due', inverse: false },
  { key: 'onTime', labelZh: '按期结案率', numerator: 'closed_on_time', denominator: 'due', inverse: false },
  { key: 'rework', labelZh: '返工率（逆向）', numerator: 'reworked', denominator: 'verified', inverse: true },
  { key: 'gridResolution', labelZh: '就地化解率', numerator: 'disputes_at_grid', denominator: 'disputes_closed', inverse: false },
  { key: 'directiveSign', labelZh: '指令签收率', numerator: null, denominator: null, inverse: false },
  { key: 'dailyReport', labelZh: '日报报送率', numerator: null, denominator: null, inverse: false },
  { key: 'patrolCompliance', labelZh: '巡逻达标率', numerator: null, denominator: null, inverse: false },
  { key: 'spotCheckPass', labelZh: '抽查合格率', numerator: null, denominator: null, inverse: false },
] as const satisfies readonly { key: string; labelZh: string; numerator: KpiMetric | null; denominator: KpiMetric | null; inverse: boolean }[];
export type ComponentKey = (typeof COMPONENTS)[number]['key'];

/** Defaults, also inserted by the migration; a component missing from the table falls back to these. */
export const DEFAULT_WEIGHTS: Record<ComponentKey, number> = {
  closure: 0.2, onTime: 0.2, rework: 0.1, gridResolution: 0.1, directiveSign: 0.1, dailyReport: 0.1, patrolCompliance: 0.1, spotCheckPass: 0.1,
};

/** Colour grades (等级): score ≥ 90 优 green, ≥ 80 良 blue, ≥ 60 中 orange, else 差 red. */
export const GRADES = [
  { min: 90, grade: '优', colour: 'green' },
  { min: 80, grade: '良', colour: 'blue' },
  { min: 60, grade: '中', colour: 'orange' },
  { min: -Infinity, grade: '差', colour: 'red' },
] as const;

/** Grade of a score (null score → null grade). */
export function gradeOf(score: number | null): { grade: string; colour: string } | null {
  if (score === null) return null;
  const g = GRADES.find((x) => score >= x.min)!;
  return { grade: g.grade, colour: g.colour };
}

/** The configured weights (evaluation_weights), defaults for any component not in the table. */
export async function loadWeights(db: Executor): Promise<Record<ComponentKey, number>> {
  const rows = await db.selectFrom('evaluation_weights').select(['component', 'weight']).execute();
  const out = { ...DEFAULT_WEIGHTS };
  for (const r of rows) if (r.component in out) out[r.component as ComponentKey] = Number(r.weight);
  return out;
}
