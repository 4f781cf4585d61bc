import type { CampaignPhaseRow } from '../../storage/schema.ts';
import { chinaInstant } from './campaign.ts';

/** A China-time date is a daily-report duty day when a phase with the duty overlaps it. */
export function isDutyDay(phases: readonly CampaignPhaseRow[], date: string): boolean {
  const dayStart = chinaInstant(date, '00:00').toISOString();
  const dayEnd = new Date(chinaInstant(date, '00:00').getTime() + 86_400_000).toISOString();
  return phases.some((p) => p.daily_report === 1 && p.starts_at < dayEnd && p.ends_at > dayStart);
}
