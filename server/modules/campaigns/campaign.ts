import type { CampaignPhaseRow, CampaignRow } from '../../storage/schema.ts';
import { chinaDay } from '../../../shared/time/china.ts';
import type { Campaign, Phase, PhaseKind } from '../../../shared/campaigns/wire.ts';

/** The China-time calendar date of an instant: 'YYYY-MM-DD'. */
export function chinaDate(at: Date): string {
  return chinaDay(at);
}

/** The instant of a China-time date and 'HH:MM'. */
export function chinaInstant(date: string, hhmm: string): Date {
  return new Date(`${date}T${hhmm}:00+08:00`);
}

/** The phase running at `at`, if any. */
export function phaseAt(phases: readonly CampaignPhaseRow[], at: string): CampaignPhaseRow | null {
  return phases.find((p) => p.starts_at <= at && at < p.ends_at) ?? null;
}

/** Does a multiplier key cover a category? '*' covers all; a major category's code covers its subcategories. */
export function multiplierFor(multipliers: Record<string, number>, categoryCode: string): number | null {
  let best: { key: string; value: number } | null = null;
  for (const [key, value] of Object.entries(multipliers)) {
    const covers = key === '*' || categoryCode.startsWith(key);
    // The most specific key wins ('*' is the least specific).
    const rank = key === '*' ? 0 : key.length;
    if (covers && (!best || rank > (best.key === '*' ? 0 : best.key.length))) best = { key, value };
  }
  return best ? best.value : null;
}

/** Countdown target: event_at, or the start of the first event-days phase, or the campaign start. */
export function countdownTarget(row: CampaignRow, phases: readonly CampaignPhaseRow[]): string {
  return row.event_at ?? phases.find((p) => p.kind === 'event_days')?.starts_at ?? row.starts_at;
}

/** The wire shape of a phase. */
export function presentPhase(p: CampaignPhaseRow): Phase {
  return {
    id: p.id,
    // Written only through phaseInput's enum.
    kind: p.kind as PhaseKind,
    name: p.name,
    startsAt: p.starts_at,
    endsAt: p.ends_at,
    slaMultipliers: JSON.parse(p.sla_multipliers_json) as Record<string, number>,
    patrolMultiplier: p.patrol_multiplier,
    dailyReport: p.daily_report === 1,
  };
}

/** The wire shape of a campaign with its phases and countdown at `now`. */
export function presentCampaign(row: CampaignRow, phases: readonly CampaignPhaseRow[], now: Date): Campaign {
  const nowIso = now.toISOString();
  const target = countdownTarget(row, phases);
  const current = phaseAt(phases, nowIso);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    territoryCode: row.territory_code,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    eventAt: row.event_at,
    dailyReportDue: row.daily_report_due,
    clonedFrom: row.cloned_from,
    status: nowIso < row.starts_at ? 'upcoming' : nowIso >= row.ends_at ? 'ended' : 'running',
    countdown: { target, secondsLeft: Math.max(0, Math.round((Date.parse(target) - now.getTime()) / 1000)) },
    currentPhase: current ? { id: current.id, kind: current.kind as PhaseKind, name: current.name, endsAt: current.ends_at } : null,
    phases: phases.map(presentPhase),
  };
}
