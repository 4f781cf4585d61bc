import { z } from 'zod';

/** Request schemas of bulletins (安保日报/周报). */
export const bulletinQuery = z.object({
  kind: z.enum(['daily', 'weekly']).default('daily'),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date: YYYY-MM-DD (China time)'),
  scope: z.string().regex(/^\d{2,15}$/).optional(),
});
