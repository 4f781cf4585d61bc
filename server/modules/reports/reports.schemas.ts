import { z } from 'zod';

/** Request schemas of bulletins (安保日报/周报). */
export const bulletinQuery = z.object({
  kind: z.enum(['daily', 'weekly']).default('daily'),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date: YYYY-MM-DD (China time)'),
  scope: z.string().regex(/^\d{2,15}$/).optional(),
});

/** After-action review of a campaign (专项行动总结评估). */
export const aarQuery = z.object({
  campaign: z.string().regex(/^[0-9a-f-]{36}$/, 'campaign: must be a campaign id (UUID)'),
});

/** Stored (scheduled) bulletins. */
export const bulletinListQuery = z.object({
  kind: z.enum(['daily', 'weekly']).optional(),
  scope: z.string().regex(/^\d{2,15}$/).optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'from: YYYY-MM-DD (China time)').optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'to: YYYY-MM-DD (China time)').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(60),
});

export const storedBulletinParams = z.object({
  id: z.string().regex(/^[0-9a-f-]{36}$/, 'id must be a UUID'),
  format: z.enum(['xlsx', 'pdf']),
});
