import type { CampaignPhaseRow } from '../../storage/schema.ts';
import { isDutyDay as isDutyDayOf } from '../../../shared/campaigns/dutyDay.ts';

/** A China-time date is a daily-report duty day when a phase with the duty overlaps it (shared/campaigns/dutyDay.ts). */
export function isDutyDay(phases: readonly CampaignPhaseRow[], date: string): boolean {
  return isDutyDayOf(phases.map((p) => ({ dailyReport: p.daily_report === 1, startsAt: p.starts_at, endsAt: p.ends_at })), date);
}
