import { z } from 'zod';

/**
 * Path and query schemas of the duty-roster API (值班排班); the bodies and every response live in
 * shared/rosters/wire.ts (the console builds and reads them).
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const realDate = (what: string) =>
  z.string().regex(DATE, `${what} must be YYYY-MM-DD`).refine((v) => new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v, `${what} is not a real date`);
const instant = (what: string) =>
  z.string().refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)), `${what} must be an ISO-8601 date-time with zone`).transform((v) => new Date(v).toISOString());
const id = z.string().min(1).max(100);

export const unitParams = z.object({ unitId: id });
export const memberParams = z.object({ unitId: id, userId: id });
export const unavailabilityParams = z.object({ unitId: id, id });
export const templateParams = z.object({ unitId: id, templateId: id });
export const assignmentParams = z.object({ id });
export const swapParams = z.object({ swapId: id });

export const listUnitsQuery = z.object({ scope: z.string().regex(/^\d{2,15}$/, 'scope must be a division or grid code').optional() });
export const swapsQuery = z.object({ state: z.enum(['pending', 'approved', 'denied']).optional() });

export const periodQuery = z.object({
  from: realDate('from'),
  days: z.string().regex(/^\d+$/, 'days must be a whole number').transform(Number).pipe(z.number().min(1, 'days must be 1..62').max(62, 'days must be 1..62')).optional(),
});

export const onDutyQuery = z.object({ at: instant('at').optional() });
export const onDutyScopeQuery = z.object({ scope: z.string().regex(/^\d{2,15}$/, 'scope must be a division or grid code'), at: instant('at').optional() });
