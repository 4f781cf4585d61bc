import { z } from 'zod';

/**
 * Wire shapes of follow-up items (整改项, 长效机制): owner, deadline, progress, evidence, verification.
 * Declared by server/modules/followups' routes as response schemas, embedded in the after-action review
 * (shared/reports/wire.ts), imported as types by the console.
 */

export const FOLLOWUP_STATES = ['open', 'in_progress', 'completed', 'verified'] as const;
/** open → in_progress → completed (awaiting verification) → verified; a rejection sends it back to in_progress. */
export const followupState = z.enum(FOLLOWUP_STATES);
export type FollowupState = z.infer<typeof followupState>;

export const followupAction = z.enum(['progress', 'complete', 'verify']);
export type FollowupAction = z.infer<typeof followupAction>;

/** One follow-up item, with the caller's permitted actions (absent where no caller is known). */
export const followupItem = z.object({
  id: z.string(),
  campaignId: z.string().nullable(),
  territoryCode: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  sourceKind: z.string().describe('aar | campaign | manual'),
  owner: z.object({ id: z.string().nullable(), name: z.string() }),
  ownerUnit: z.object({ code: z.string().nullable(), departmentId: z.string().nullable(), name: z.string().nullable() }),
  dueAt: z.string(),
  state: followupState,
  overdue: z.boolean().describe('still open or in progress after its deadline'),
  progress: z.number().int().describe('0–100'),
  progressNote: z.string().nullable(),
  evidence: z.object({ note: z.string(), attachmentIds: z.array(z.string()), photos: z.array(z.string()) }).nullable(),
  completedAt: z.string().nullable(),
  completedBy: z.string().nullable(),
  verifiedBy: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  verifyNote: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string().nullable(),
  version: z.number().int().describe('for expectedVersion (optimistic concurrency)'),
  actions: z.array(followupAction).optional().describe('what the caller may do; the UI hides the rest'),
});
export type FollowupItem = z.infer<typeof followupItem>;

/** The answer of every single-item route (create, get, progress, complete, verify). */
export const followupItemResponse = z.object({ item: followupItem });
export type FollowupItemResponse = z.infer<typeof followupItemResponse>;

export const followupListResponse = z.object({ items: z.array(followupItem) });
export type FollowupListResponse = z.infer<typeof followupListResponse>;
