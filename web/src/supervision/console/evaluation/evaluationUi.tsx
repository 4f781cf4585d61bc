import { chinaToday } from '../../shared/format.ts';
import type { EvaluationRow } from '../../../../../shared/evaluation/wire.ts';

// What the evaluation components share: levels, period presets, component keys, the drill-down being shown.
export type Level = 'county' | 'street' | 'community' | 'grid' | 'department' | 'handler';

export type Preset = '7' | '30' | 'month';

export const COMPONENT_KEYS = ['closure', 'onTime', 'rework', 'gridResolution', 'directiveSign', 'dailyReport', 'patrolCompliance', 'spotCheckPass'] as const;

/** Components counted from cases: their numbers open the cases behind them. */
export const CASE_COMPONENTS = new Set(['closure', 'onTime', 'rework', 'gridResolution']);

export function presetRange(p: Preset): { from: string; to: string } {
  const to = chinaToday(1);
  if (p === '7') return { from: chinaToday(-6), to };
  if (p === '30') return { from: chinaToday(-29), to };
  return { from: `${chinaToday().slice(0, 7)}-01`, to };
}

export interface Drill {
  row: EvaluationRow;
  /** null = the score: its components first. */
  component: string | null;
}
