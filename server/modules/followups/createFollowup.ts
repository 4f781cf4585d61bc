import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { actorHasAction, allowedIds, requireNode } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { CreateFollowupBody } from './followups.schemas.ts';
import type { FollowupItemRow } from '../../storage/schema.ts';
import { presentFollowup } from './followup.ts';
import { insertFollowup } from './followups.repository.ts';

/** The create body (dueAt: ISO-8601 with offset, or a China date = 23:59:59 China time that day) plus who and when. */
export type CreateFollowupOptions = CreateFollowupBody & { actor: Actor; now: Date };

/** A deadline as UTC ISO: a bare date means the end of that China day. A day the month lacks (02-30) is refused, not rolled over. */
export function deadlineOf(value: string): string {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59+08:00` : value;
  const ms = Date.parse(text);
  const day = value.slice(0, 10);
  if (Number.isNaN(ms) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
    throw new AppError('VALIDATION_FAILED', 'dueAt: 不是有效时间 / not a valid time', 'dueAt');
  }
  return new Date(ms).toISOString();
}

/**
 * 建立长效机制整改项: a follow-up item of a campaign (often from its after-action review) or of a unit,
 * with an owner person and unit and a deadline. `followup.manage` over the item's unit.
 */
export async function createFollowup(trx: Trx, o: CreateFollowupOptions) {
  if (!actorHasAction(o.actor, 'followup.manage')) throw new AppError('FORBIDDEN', '你的角色无权建立整改项 / your role may not create follow-up items');
  let campaign: { id: string; territory_code: string; territory_path: string } | undefined;
  if (o.campaignId) {
    const reachable = (await allowedIds(trx, { actor: o.actor, action: 'followup.manage', resource: 'campaign', ids: [o.campaignId] })).has(o.campaignId);
    campaign = reachable ? await trx.selectFrom('campaigns').select(['id', 'territory_code', 'territory_path']).where('id', '=', o.campaignId).executeTakeFirst() : undefined;
    if (!campaign) throw new AppError('NOT_FOUND', `campaignId: 专项行动不存在 / campaign not found`, 'campaignId');
  }
  const unitCode = o.territoryCode ?? campaign!.territory_code;
  const unit = await requireNode(trx, { actor: o.actor, action: 'followup.manage', code: unitCode, field: 'territoryCode' });
  if (campaign && !unit.path.startsWith(campaign.territory_path)) {
    throw new AppError('VALIDATION_FAILED', 'territoryCode: 须在专项行动范围内 / must lie inside the campaign territory', 'territoryCode');
  }
  const dueAt = deadlineOf(o.dueAt);
  if (dueAt <= o.now.toISOString()) throw new AppError('VALIDATION_FAILED', 'dueAt: 期限须晚于现在 / the deadline must be in the future', 'dueAt');

  // An owner or owner unit the creator may not see is refused exactly like a missing one, never echoed back.
  const ownerVisible = (await allowedIds(trx, { actor: o.actor, action: 'people.read', resource: 'user', ids: [o.ownerId] })).has(o.ownerId);
  const owner = ownerVisible ? await trx.selectFrom('users').select(['id', 'display_name', 'disabled']).where('id', '=', o.ownerId).executeTakeFirst() : undefined;
  if (!owner || owner.disabled) throw new AppError('VALIDATION_FAILED', 'ownerId: 责任人不存在或已停用 / no such active person', 'ownerId');

  let ownerUnit: { code: string | null; departmentId: string | null; name: string };
  if (o.ownerDepartmentId) {
    const d = await trx.selectFrom('departments').select(['id', 'name_zh']).where('id', '=', o.ownerDepartmentId).executeTakeFirst();
    if (!d) throw new AppError('VALIDATION_FAILED', 'ownerDepartmentId: 部门不存在 / no such department', 'ownerDepartmentId');
    ownerUnit = { code: null, departmentId: d.id, name: d.name_zh };
  } else if (o.ownerUnitCode) {
    const unitVisible = (await allowedIds(trx, { actor: o.actor, action: 'territory.read', resource: 'territory', ids: [o.ownerUnitCode] })).has(o.ownerUnitCode);
    const n = unitVisible ? await trx.selectFrom('territory_nodes').select(['code', 'name_zh']).where('code', '=', o.ownerUnitCode).executeTakeFirst() : undefined;
    if (!n) throw new AppError('VALIDATION_FAILED', 'ownerUnitCode: 单位不存在 / no such unit', 'ownerUnitCode');
    ownerUnit = { code: n.code, departmentId: null, name: n.name_zh };
  } else {
    ownerUnit = { code: unit.code, departmentId: null, name: unit.name };
  }

  const nowIso = o.now.toISOString();
  const row: FollowupItemRow = {
    id: uuidv7(),
    campaign_id: campaign?.id ?? null,
    territory_code: unit.code,
    territory_path: unit.path,
    title: o.title,
    owner_id: owner.id,
    owner_name: owner.display_name,
    due_at: dueAt,
    state: 'open',
    done_at: null,
    note: null,
    created_by: o.actor.id,
    created_at: nowIso,
    description: o.description ?? null,
    source_kind: o.sourceKind ?? (campaign ? 'campaign' : 'manual'),
    owner_unit_code: ownerUnit.code,
    owner_department_id: ownerUnit.departmentId,
    owner_unit_name: ownerUnit.name,
    progress: 0,
    progress_note: null,
    evidence_json: null,
    completed_by: null,
    verified_by: null,
    verified_at: null,
    verify_note: null,
    updated_at: nowIso,
    version: 1,
  };
  await insertFollowup(trx, row);
  await appendAudit(trx, o.actor, {
    action: 'followup.create',
    recordType: 'followup',
    recordId: row.id,
    after: { title: row.title, campaignId: row.campaign_id, territoryCode: row.territory_code, ownerId: row.owner_id, ownerUnit: ownerUnit.name, dueAt, sourceKind: row.source_kind },
  });
  return presentFollowup(row, o.now, o.actor);
}
