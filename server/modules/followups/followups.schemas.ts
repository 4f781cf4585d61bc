import { z } from 'zod';
import { FOLLOWUP_STATES, type FollowupState } from '../../../shared/followups/wire.ts';

/** Request schemas of follow-up items (长效机制), docs/reports.md. */

const uuid = z.string().regex(/^[0-9a-f-]{36}$/, 'must be a UUID');
const code = z.string().regex(/^\d{2}$|^\d{4}$|^\d{6}$|^\d{9}$|^\d{12}$|^\d{15}$/, 'must be a division code (2/4/6/9/12 digits) or a 15-digit grid code');
/** An ISO-8601 time with offset, or a China date (the deadline is then 23:59:59 China time that day). */
const deadline = z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/, 'must be a date YYYY-MM-DD (China time) or an ISO-8601 time with offset');

export { FOLLOWUP_STATES };
export type { FollowupState };

export const createFollowupBody = z
  .object({
    campaignId: uuid.optional(),
    /** The unit the item belongs to (access is decided on it); default the campaign's territory. */
    territoryCode: code.optional(),
    title: z.string().trim().min(2, 'title: at least 2 characters').max(200),
    description: z.string().trim().max(4000).optional(),
    ownerId: uuid,
    /** The owner's unit: a territory node, or a department (default: the item's territory node). */
    ownerUnitCode: code.optional(),
    ownerDepartmentId: uuid.optional(),
    dueAt: deadline,
    sourceKind: z.enum(['aar', 'campaign', 'manual']).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.campaignId && !v.territoryCode) ctx.addIssue({ code: 'custom', path: ['territoryCode'], message: 'territoryCode: 请选择单位或专项行动 / give a territoryCode or a campaignId' });
    if (v.ownerUnitCode && v.ownerDepartmentId) ctx.addIssue({ code: 'custom', path: ['ownerDepartmentId'], message: 'ownerDepartmentId: 责任单位只能选一个 / give ownerUnitCode or ownerDepartmentId, not both' });
  });

export type CreateFollowupBody = z.infer<typeof createFollowupBody>;

export const listFollowupsQuery = z.object({
  campaign: uuid.optional(),
  scope: code.optional(),
  state: z.enum(FOLLOWUP_STATES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /** 'me': only the items I own. */
  owner: z.enum(['me']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const progressBody = z.object({
  progress: z.number().int().min(0, 'progress: 0–100').max(100, 'progress: 0–100'),
  note: z.string().trim().min(1, 'note: 请填写进展 / describe the progress').max(4000),
  expectedVersion: z.number().int().min(1).optional(),
});

export type ProgressBody = z.infer<typeof progressBody>;

export const completeBody = z.object({
  evidenceNote: z.string().trim().min(4, 'evidenceNote: 请说明完成情况（至少 4 个字）/ describe what was done (≥ 4 characters)').max(4000),
  attachmentIds: z.array(z.string().min(1).max(64)).max(20).optional(),
  /** Photos as the sha256 that POST /api/uploads answered (as case actions and inspection findings take them). */
  photos: z.array(z.string().regex(/^[0-9a-f]{64}$/, 'photos: must be the sha256 of an upload (POST /api/uploads)')).max(9, 'photos: at most 9').optional(),
  expectedVersion: z.number().int().min(1).optional(),
});

export type CompleteBody = z.infer<typeof completeBody>;

export const verifyBody = z
  .object({
    decision: z.enum(['accept', 'reject']),
    note: z.string().trim().max(4000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'reject' && !(v.note && v.note.length >= 4)) ctx.addIssue({ code: 'custom', path: ['note'], message: 'note: 退回须写明理由（至少 4 个字）/ a rejection needs a reason (≥ 4 characters)' });
  });

export type VerifyBody = z.infer<typeof verifyBody>;

export const idParams = z.object({ id: uuid });
