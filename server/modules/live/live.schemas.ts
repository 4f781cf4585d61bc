import { z } from 'zod';

/** Optional narrowing of the case stream to one territory subtree (must lie inside the caller's scope). */
export const liveCasesQuery = z.object({
  scope: z
    .string()
    .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12}|\d{15})$/, 'scope must be a division code (2, 4, 6, 9 or 12 digits) or a 15-digit grid code')
    .optional(),
});
