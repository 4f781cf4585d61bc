import { uuidv7 } from 'uuidv7';
import { requireNode } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { CampaignPhaseRow, CampaignRow } from '../../storage/schema.ts';
import { presentCampaign } from './campaign.ts';
import type { Campaign, CreateCampaignBody, PhaseInput } from '../../../shared/campaigns/wire.ts';
import { PHASE_NAMES } from './campaigns.schemas.ts';
import { insertCampaign } from './campaigns.repository.ts';

/** The create body as validated, plus who creates it and when; a clone names its source. */
export type CreateCampaignOptions = CreateCampaignBody & { actor: Actor; now: Date; clonedFrom?: string | null };

const iso = (v: string) => new Date(v).toISOString();

/** Check phases: each inside the period, start before end, no overlaps (so "the phase at time t" is one phase). */
export function checkPhases(startsAt: string, endsAt: string, phases: readonly PhaseInput[]): void {
  if (startsAt >= endsAt) throw new AppError('VALIDATION_FAILED', 'endsAt: 结束时间须晚于开始时间 / must be after startsAt', 'endsAt');
  const sorted = phases.map((p, i) => ({ i, s: iso(p.startsAt), e: iso(p.endsAt) })).sort((a, b) => (a.s < b.s ? -1 : 1));
  for (const p of sorted) {
    if (p.s >= p.e) throw new AppError('VALIDATION_FAILED', `phases.${p.i}.endsAt: 阶段结束须晚于开始 / must be after the phase start`, `phases.${p.i}.endsAt`);
    if (p.s < startsAt || p.e > endsAt) throw new AppError('VALIDATION_FAILED', `phases.${p.i}.startsAt: 阶段须在行动期间内 / the phase must lie inside the campaign period`, `phases.${p.i}.startsAt`);
  }
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k]!.s < sorted[k - 1]!.e) throw new AppError('VALIDATION_FAILED', `phases.${sorted[k]!.i}.startsAt: 阶段时间重叠 / overlaps another phase`, `phases.${sorted[k]!.i}.startsAt`);
  }
}

/** 创建专项行动: a campaign over a territory with its phases (multipliers, daily report duty). */
export async function createCampaign(trx: Trx, o: CreateCampaignOptions): Promise<Campaign> {
  const unit = await requireNode(trx, { actor: o.actor, action: 'campaign.manage', code: o.territoryCode, field: 'territoryCode' });
  const startsAt = iso(o.startsAt);
  const endsAt = iso(o.endsAt);
  checkPhases(startsAt, endsAt, o.phases);
  const nowIso = o.now.toISOString();
  const row: CampaignRow = {
    id: uuidv7(),
    name: o.name,
    // An empty (all-blank) description is no description.
    description: o.description || null,
    territory_code: unit.code,
    territory_path: unit.path,
    starts_at: startsAt,
    ends_at: endsAt,
    event_at: o.eventAt ? iso(o.eventAt) : null,
    daily_report_due: o.dailyReportDue ?? '18:00',
    cloned_from: o.clonedFrom ?? null,
    created_by: o.actor.id,
    created_at: nowIso,
    updated_at: nowIso,
  };
  const phases: CampaignPhaseRow[] = [...o.phases]
    .sort((a, b) => (iso(a.startsAt) < iso(b.startsAt) ? -1 : 1))
    .map((p, i) => ({
      id: uuidv7(),
      campaign_id: row.id,
      kind: p.kind,
      name: p.name ?? PHASE_NAMES[p.kind],
      starts_at: iso(p.startsAt),
      ends_at: iso(p.endsAt),
      sla_multipliers_json: JSON.stringify(p.slaMultipliers ?? {}),
      patrol_multiplier: p.patrolMultiplier ?? 1,
      daily_report: p.dailyReport ? 1 : 0,
      sort_order: i,
    }));
  await insertCampaign(trx, row, phases);
  await appendAudit(trx, o.actor, { action: o.clonedFrom ? 'campaign.clone' : 'campaign.create', recordType: 'campaign', recordId: row.id, after: { name: row.name, territoryCode: row.territory_code, startsAt, endsAt, phases: phases.length, clonedFrom: row.cloned_from } });
  return presentCampaign(row, phases, o.now);
}
