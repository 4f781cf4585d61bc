import type { PeriodPreset } from '../../../lib/format.ts';
import type { EvaluationRow } from '../../../../../shared/evaluation/wire.ts';

// What the evaluation components share: period presets, component keys, the drill-down being shown.
// (Levels are the wire's EvaluationLevel; a preset's dates come from lib/format.ts presetRange.)

/** The evaluation page offers no whole-year preset. */
export type Preset = Exclude<PeriodPreset, 'year'>;

export const COMPONENT_KEYS = ['closure', 'onTime', 'rework', 'gridResolution', 'directiveSign', 'dailyReport', 'patrolCompliance', 'spotCheckPass'] as const;

/** Components counted from cases: their numbers open the cases behind them. */
export const CASE_COMPONENTS = new Set(['closure', 'onTime', 'rework', 'gridResolution']);

export interface Drill {
  row: EvaluationRow;
  /** null = the score: its components first. */
  component: string | null;
}
