import type { Executor } from '../../storage/db.ts';
import { formatLimit, parseLimit } from '../../../shared/sla/index.ts';
import { multiplierFor } from './campaign.ts';
import { findRunningPhasesFor } from './campaigns.repository.ts';

/**
 * The time-limit multiplier for a case opened now in this grid and category: the
 * strictest (smallest) multiplier among running campaign phases covering the grid and category, or 1.
 * Called by the case intake (reportCase) so the tightening (e.g. ×0.5 in the key period, 关键期时限减半)
 * applies to cases OPENED in the phase only — cases opened earlier keep their deadlines.
 */
export async function activeSlaMultiplier(db: Executor, o: { gridPath: string; categoryCode: string; at: Date | string }): Promise<number> {
  const at = typeof o.at === 'string' ? new Date(o.at).toISOString() : o.at.toISOString();
  const phases = await findRunningPhasesFor(db, o.gridPath, at);
  let result = 1;
  let found = false;
  for (const p of phases) {
    const m = multiplierFor(JSON.parse(p.sla_multipliers_json) as Record<string, number>, o.categoryCode);
    if (m === null) continue;
    result = found ? Math.min(result, m) : m;
    found = true;
  }
  return result;
}

/** The patrol-frequency multiplier at a grid and time (for the patrols module): the largest running one, or 1. */
export async function activePatrolMultiplier(db: Executor, o: { gridPath: string; at: Date | string }): Promise<number> {
  const at = typeof o.at === 'string' ? new Date(o.at).toISOString() : o.at.toISOString();
  const phases = await findRunningPhasesFor(db, o.gridPath, at);
  return phases.reduce((m, p) => Math.max(m, p.patrol_multiplier), 1);
}

/**
 * Stage limits scaled by a multiplier ("2wh" × 0.5 → "1wh"): the same budget shared/sla computes with
 * its `multiplier` option, expressed as limit text so the case's stored stage_limit shows the limit
 * actually applied. A multiplier of 1 returns the limits unchanged.
 */
export function scaleStageLimits<T extends object>(limits: T, multiplier: number): T {
  if (multiplier === 1) return limits;
  const out: Record<string, string> = {};
  for (const [stage, text] of Object.entries(limits as Record<string, string>)) {
    const limit = parseLimit(text, stage);
    out[stage] = formatLimit({ amount: Math.round(limit.amount * multiplier * 10_000) / 10_000, unit: limit.unit });
  }
  return out as T;
}
