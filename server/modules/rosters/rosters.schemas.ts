import { z } from 'zod';
import { isTimeOfDay } from '../../../shared/rosters/model.ts';

/** Request schemas of the duty-roster API (值班排班). */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const realDate = (what: string) =>
  z.string().regex(DATE, `${what} must be YYYY-MM-DD`).refine((v) => new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v, `${what} is not a real date`);
const instant = (what: string) =>
  z.string().refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)), `${what} must be an ISO-8601 date-time with zone`).transform((v) => new Date(v).toISOString());
const id = z.string().min(1).max(100);

export const unitParams = z.object({ unitId: id });
export const memberParams = z.object({ unitId: id, userId: id });
export const unavailabilityParams = z.object({ unitId: id, id });

export const listUnitsQuery = z.object({ scope: z.string().regex(/^\d{2,15}$/, 'scope must be a division or grid code').optional() });
export const swapsQuery = z.object({ state: z.enum(['pending', 'approved', 'denied']).optional() });
export const swapParams = z.object({ swapId: id });

export const rulesInput = z.object({
  minRestHours: z.number().min(0, 'minRestHours must be 0..24').max(24, 'minRestHours must be 0..24').optional(),
  maxConsecutiveDays: z.number().int().min(1, 'maxConsecutiveDays must be 1..14').max(14, 'maxConsecutiveDays must be 1..14').optional(),
  maxWeeklyHours: z.number().min(1, 'maxWeeklyHours must be 1..84').max(84, 'maxWeeklyHours must be 1..84').optional(),
});

export const createUnitBody = z.object({
  nameZh: z.string().trim().min(1, 'nameZh is required').max(100),
  kind: z.enum(['command_centre', 'patrol_team', 'other']),
  territoryCode: z.string().regex(/^\d{2,15}$/, 'territoryCode must be a division or grid code'),
  rules: rulesInput.optional(),
});

export const templateBody = z.object({
  nameZh: z.string().trim().min(1, 'nameZh is required').max(50, 'nameZh must be at most 50 characters'),
  startTime: z.string().refine(isTimeOfDay, 'startTime must be HH:MM (24-hour, China time)'),
  durationMinutes: z.number().int('durationMinutes must be whole minutes').min(30, 'durationMinutes must be 30..1440').max(1440, 'durationMinutes must be 30..1440'),
  night: z.boolean(),
  requirements: z
    .array(z.object({
      role: z.string().trim().min(1, 'role is required').max(50, 'role must be at most 50 characters'),
      count: z.number().int('count must be a whole number').min(1, 'count must be 1..50').max(50, 'count must be 1..50'),
    }))
    .min(1, 'requirements needs at least one role')
    .max(20, 'requirements has at most 20 roles')
    .superRefine((rows, ctx) => {
      // One row per role: two rows for the same role would be ambiguous (add the counts instead).
      const seen = new Set<string>();
      rows.forEach((r, i) => {
        if (seen.has(r.role)) ctx.addIssue({ code: 'custom', path: [i, 'role'], message: `role "${r.role}" is listed twice; give one row per role` });
        seen.add(r.role);
      });
    }),
});
export const templateParams = z.object({ unitId: id, templateId: id });
export const retireTemplateBody = z
  .object({
    /** First date with no shift of this template; default: after every shift already started or rostered. */
    from: realDate('from').optional(),
  })
  .optional();
export const assignmentParams = z.object({ id });

export const memberBody = z.object({
  userId: id,
  skills: z.array(z.string().trim().min(1).max(50)).min(1, 'skills needs at least one role'),
  preferences: z.object({ avoidNights: z.boolean().optional(), avoidWeekdays: z.array(z.number().int().min(1).max(7)).optional() }).optional(),
  maxWeeklyHours: z.number().min(1).max(84).nullable().optional(),
});

export const unavailabilityBody = z
  .object({ userId: id, kind: z.enum(['leave', 'unavailable']), startsAt: instant('startsAt'), endsAt: instant('endsAt'), reason: z.string().max(200).optional() })
  .refine((v) => v.startsAt < v.endsAt, { message: 'endsAt must be after startsAt', path: ['endsAt'] });

export const generateBody = z.object({
  from: realDate('from'),
  days: z.number().int().min(1, 'days must be 1..62').max(62, 'days must be 1..62'),
  seed: z.number().int().min(0).max(2 ** 31).optional(),
  dryRun: z.boolean().optional(),
});

export const periodQuery = z.object({
  from: realDate('from'),
  days: z.string().regex(/^\d+$/, 'days must be a whole number').transform(Number).pipe(z.number().min(1, 'days must be 1..62').max(62, 'days must be 1..62')).optional(),
});

export const assignmentBody = z.object({
  templateId: id,
  date: realDate('date'),
  role: z.string().trim().min(1).max(50),
  userId: id,
  /** Supervisor override (主管特批): accept a rule violation with a reason; audited. */
  overrideReason: z.string().trim().min(4, 'overrideReason must say why (at least 4 characters)').max(500).optional(),
});

export const swapBody = z.object({ assignmentId: id, withAssignmentId: id, reason: z.string().max(500).optional() });
export const decideBody = z.object({ decision: z.enum(['approve', 'deny']), note: z.string().max(500).optional() });

export const onDutyQuery = z.object({ at: instant('at').optional() });
export const onDutyScopeQuery = z.object({ scope: z.string().regex(/^\d{2,15}$/, 'scope must be a division or grid code'), at: instant('at').optional() });
