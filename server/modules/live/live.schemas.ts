import { z } from 'zod';

/** Optional narrowing of the case stream to one territory subtree (must lie inside the caller's scope). */
export const liveCasesQuery = z.object({
  scope: z
    .string()
    .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12}|\d{15})$/, 'scope must be a division code (2, 4, 6, 9 or 12 digits) or a 15-digit grid code')
    .optional(),
});

/** The live feed's backfill: the same optional scope, and how many changes (newest first). */
export const recentCasesQuery = liveCasesQuery.extend({
  limit: z.coerce.number({ error: 'limit must be a whole number' }).int('limit must be a whole number').min(1, 'limit must be 1–50').max(50, 'limit must be 1–50').default(20),
});
