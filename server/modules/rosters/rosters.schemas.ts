import { z } from 'zod';
import { id, instant, realDate } from '../../../shared/rosters/wire.ts';

/**
 * Path and query schemas of the duty-roster API (值班排班); the bodies and every response live in
 * shared/rosters/wire.ts (the console builds and reads them).
 */

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
