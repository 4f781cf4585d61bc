import { z } from 'zod';

/**
 * Query and path schemas of the patrol API; the bodies and every response live in
 * shared/patrols/wire.ts (the web client builds and reads them). A 400 names the zod path as its field.
 */

const code = z.string().regex(/^\d{2,15}$/, 'must be a division or grid code');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

export const idParams = z.object({ id: z.string().min(1).max(64) });

export const listSitesQuery = z.object({
  scope: code.optional(),
  /** '1': deactivated sites too (managers re-enable them from the list). */
  includeInactive: z.enum(['0', '1']).optional(),
});

export const qrQuery = z.object({
  validFrom: day.optional(),
  validDays: z.coerce.number().int().min(1).max(31).optional(),
});

export const listPlansQuery = z.object({
  scope: code,
  limit: z.coerce.number<string>().int().min(1).max(200).default(20),
});

export const planQuery = z.object({ workerId: z.string().max(64).optional() });

export const complianceQuery = z.object({
  scope: code,
  date: day.optional(),
});

export const uncoveredQuery = z.object({ scope: code });

export const myRouteQuery = z.object({ date: day.optional() });
