import { z } from 'zod';
import { isTimeOfDay } from './model.ts';

/**
 * Wire shapes of the duty-roster API (值班排班, server/modules/rosters): the request bodies and every
 * JSON response, declared once. Routes validate and serialise through them (a response object loses
 * any key not listed here), the OpenAPI document is generated from them, and the web console imports
 * their inferred types with `import type` (zod stays out of the browser bundle).
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const realDate = (what: string) =>
  z.string().regex(DATE, `${what} must be YYYY-MM-DD`).refine((v) => new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v, `${what} is not a real date`);
export const instant = (what: string) =>
  z.string().refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)), `${what} must be an ISO-8601 date-time with zone`).transform((v) => new Date(v).toISOString());
export const id = z.string().min(1).max(100);

// ---- requests -------------------------------------------------------------------------------

/** A unit's hard rules (值班规则); omitted ones keep the defaults (shared/rosters/model.ts DEFAULT_RULES). */
export const rulesInput = z.object({
  minRestHours: z.number().min(0, 'minRestHours must be 0..24').max(24, 'minRestHours must be 0..24').optional(),
  maxConsecutiveDays: z.number().int().min(1, 'maxConsecutiveDays must be 1..14').max(14, 'maxConsecutiveDays must be 1..14').optional(),
  maxWeeklyHours: z.number().min(1, 'maxWeeklyHours must be 1..84').max(84, 'maxWeeklyHours must be 1..84').optional(),
});

/** POST /api/rosters/units: a rostering unit (值班单位) on a territory node. */
export const createUnitBody = z.object({
  nameZh: z.string().trim().min(1, 'nameZh is required').max(100),
  kind: z.enum(['command_centre', 'patrol_team', 'other']),
  territoryCode: z.string().regex(/^\d{2,15}$/, 'territoryCode must be a division or grid code'),
  rules: rulesInput.optional(),
});
export type CreateUnitBody = z.infer<typeof createUnitBody>;

/** POST /api/rosters/units/:unitId/templates and PUT …/templates/:templateId: a shift template (班次模板). */
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
export type TemplateBody = z.infer<typeof templateBody>;

/** POST …/templates/:templateId/retire (the body may be omitted). */
export const retireTemplateBody = z
  .object({
    from: realDate('from').optional().describe('first date with no shift of this template; default: after every shift already started or rostered'),
  })
  .optional();
export type RetireTemplateBody = NonNullable<z.infer<typeof retireTemplateBody>>;

/** PUT /api/rosters/units/:unitId/members: add a member or change their roles, wishes and weekly cap. */
export const memberBody = z.object({
  userId: id,
  skills: z.array(z.string().trim().min(1).max(50)).min(1, 'skills needs at least one role'),
  preferences: z.object({ avoidNights: z.boolean().optional(), avoidWeekdays: z.array(z.number().int().min(1).max(7)).optional() }).optional(),
  maxWeeklyHours: z.number().min(1).max(84).nullable().optional(),
});
export type MemberBody = z.infer<typeof memberBody>;

/** POST /api/rosters/units/:unitId/unavailability: leave (请假) or unavailability of a member. */
export const unavailabilityBody = z
  .object({ userId: id, kind: z.enum(['leave', 'unavailable']), startsAt: instant('startsAt'), endsAt: instant('endsAt'), reason: z.string().max(200).optional() })
  .refine((v) => v.startsAt < v.endsAt, { message: 'endsAt must be after startsAt', path: ['endsAt'] });
export type UnavailabilityBody = z.infer<typeof unavailabilityBody>;

/** POST /api/rosters/units/:unitId/generate: solve (and unless dryRun save) a period (自动排班). */
export const generateBody = z.object({
  from: realDate('from'),
  days: z.number().int().min(1, 'days must be 1..62').max(62, 'days must be 1..62'),
  seed: z.number().int().min(0).max(2 ** 31).optional(),
  dryRun: z.boolean().optional(),
});
export type GenerateBody = z.infer<typeof generateBody>;

/** POST /api/rosters/units/:unitId/assignments: a manual edit (手工调班). */
export const assignmentBody = z.object({
  templateId: id,
  date: realDate('date'),
  role: z.string().trim().min(1).max(50),
  userId: id,
  overrideReason: z.string().trim().min(4, 'overrideReason must say why (at least 4 characters)').max(500).optional().describe('supervisor override (主管特批): accept a rule violation with a reason; audited'),
});
export type AssignmentBody = z.infer<typeof assignmentBody>;

/** POST /api/rosters/units/:unitId/swaps: ask to exchange two shifts (换班申请). */
export const swapBody = z.object({ assignmentId: id, withAssignmentId: id, reason: z.string().max(500).optional() });
export type SwapBody = z.infer<typeof swapBody>;

/** POST /api/rosters/swaps/:swapId/decide (换班审批). */
export const decideBody = z.object({ decision: z.enum(['approve', 'deny']), note: z.string().max(500).optional() });
export type DecideBody = z.infer<typeof decideBody>;

// ---- responses ------------------------------------------------------------------------------

const rules = z.object({ minRestHours: z.number(), maxConsecutiveDays: z.number(), maxWeeklyHours: z.number() });
const requirement = z.object({ role: z.string(), count: z.number() });

/** One hard-rule violation found by shared/rosters/checkRoster.ts. */
export const violation = z.object({
  rule: z.enum(['coverage', 'skill', 'not_member', 'overlap', 'rest', 'consecutive_days', 'weekly_hours', 'unavailable', 'unknown']),
  personId: z.string().nullable().describe('null for shift-level problems (coverage)'),
  date: z.string().describe('China date: the shift date, or the Monday of the week'),
  shiftId: z.string().nullable(),
  messageZh: z.string(),
  messageEn: z.string(),
  details: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
});
export type ViolationView = z.infer<typeof violation>;

/** POST /api/rosters/units (201). */
export const createdUnitResponse = z.object({ id: z.string(), nameZh: z.string(), kind: z.string(), territoryCode: z.string(), rules });
export type CreatedUnit = z.infer<typeof createdUnitResponse>;

/** GET /api/rosters/units */
export const unitListResponse = z.object({
  units: z.array(z.object({ id: z.string(), nameZh: z.string(), kind: z.string(), territoryCode: z.string(), rules, members: z.number(), templates: z.number(), canManage: z.boolean() })),
});
export type UnitList = z.infer<typeof unitListResponse>;

/** 班次模板: generates one shift a day on dates in [validFrom, retiredFrom). */
export const templateView = z.object({
  id: z.string(),
  nameZh: z.string(),
  startTime: z.string(),
  durationMinutes: z.number(),
  night: z.boolean(),
  requirements: z.array(requirement),
  validFrom: z.string().nullable(),
  retiredFrom: z.string().nullable(),
});
export type Template = z.infer<typeof templateView>;

/** GET /api/rosters/units/:unitId: a unit with its templates, members and leave. */
export const unitResponse = z.object({
  id: z.string(),
  nameZh: z.string(),
  kind: z.string(),
  territoryCode: z.string(),
  rules,
  templates: z.array(templateView),
  pastTemplates: z.array(templateView.extend({ replacedBy: z.string().nullable() })).describe('retired templates and superseded versions; they still name the shifts worked under them'),
  members: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      skills: z.array(z.string()),
      preferences: z.object({ avoidNights: z.boolean().optional(), avoidWeekdays: z.array(z.number()).optional() }).nullable(),
      maxWeeklyHours: z.number().nullable(),
    }),
  ),
  unavailability: z.array(z.object({ id: z.string(), userId: z.string(), kind: z.enum(['leave', 'unavailable']), startsAt: z.string(), endsAt: z.string(), reason: z.string().nullable() })),
  canManage: z.boolean(),
});
export type Unit = z.infer<typeof unitResponse>;

/** POST …/templates (201). */
export const createdTemplateResponse = templateView.omit({ validFrom: true, retiredFrom: true });

/** PUT …/templates/:templateId: the saved template and what the edit did. */
export const templateSavedResponse = templateView.omit({ validFrom: true, retiredFrom: true }).extend({
  effectiveFrom: z.string().nullable().describe('first date the change applies to; null when nothing changed'),
  replaces: z.string().nullable().describe('the older version this edit closed (the template had worked shifts), else null (edited in place)'),
  movedAssignments: z.number(),
  coverageGaps: z.array(violation),
});
export type TemplateSaved = z.infer<typeof templateSavedResponse>;

/** POST …/templates/:templateId/retire */
export const templateRetiredResponse = z.object({ id: z.string(), retiredFrom: z.string(), keptAssignments: z.number() });
export type TemplateRetired = z.infer<typeof templateRetiredResponse>;

/** PUT …/members */
export const memberResponse = z.object({
  userId: z.string(),
  name: z.string(),
  skills: z.array(z.string()),
  preferences: z.object({ avoidNights: z.boolean().optional(), avoidWeekdays: z.array(z.number()).optional() }).nullable(),
  maxWeeklyHours: z.number().nullable(),
});

/** DELETE …/members/:userId */
export const memberRemovedResponse = z.object({ unitId: z.string(), userId: z.string(), removed: z.boolean() });

/** POST …/unavailability (201). */
export const unavailabilityResponse = z.object({ id: z.string(), userId: z.string(), kind: z.enum(['leave', 'unavailable']), startsAt: z.string(), endsAt: z.string(), reason: z.string().nullable() });

/** DELETE …/unavailability/:id */
export const unavailabilityRemovedResponse = z.object({ id: z.string(), removed: z.boolean() });

const measure = z.object({ min: z.number(), max: z.number(), spread: z.number(), mean: z.number(), variance: z.number() });

/** POST …/generate: what the solver made of the period (saved unless dryRun). */
export const generateResponse = z.object({
  from: z.string(),
  to: z.string(),
  saved: z.boolean(),
  assignments: z.number(),
  feasible: z.boolean(),
  uncovered: z.number(),
  nightSpread: z.number(),
  holidaySpread: z.number(),
  hoursSpread: z.number(),
  uncoveredSlots: z.array(
    z.object({
      shiftId: z.string(),
      date: z.string(),
      shiftName: z.string(),
      role: z.string(),
      blockers: z.partialRecord(z.enum(['unavailable', 'same_or_overlapping_shift_or_rest', 'consecutive_days', 'weekly_hours']), z.number()).describe('qualified members blocked, per reason'),
      messageZh: z.string(),
      messageEn: z.string(),
    }),
  ),
  shortfalls: z.array(z.object({ unitId: z.string(), role: z.string(), requiredHours: z.number(), availableHours: z.number(), messageZh: z.string(), messageEn: z.string() })),
  violations: z.array(violation),
  fairness: z.object({
    groups: z.array(z.object({ unitId: z.string(), roles: z.array(z.string()), members: z.number(), nights: measure, holidays: measure, hours: measure })),
    nightSpread: z.number(),
    holidaySpread: z.number(),
    hoursSpread: z.number(),
    preferenceMisses: z.number(),
  }),
  stats: z.object({ greedyMs: z.number(), improveMs: z.number(), iterations: z.number(), accepted: z.number(), initialCost: z.number(), finalCost: z.number(), repaired: z.number() }),
});
export type Generated = z.infer<typeof generateResponse>;

/** One person on one shift. */
export const assignmentView = z.object({
  id: z.string(),
  templateId: z.string(),
  date: z.string(),
  role: z.string(),
  userId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  source: z.string().describe('solver | manual | swap'),
  overrideReason: z.string().nullable(),
});
export type Assignment = z.infer<typeof assignmentView>;

/** GET …/assignments: the period's assignments and every rule they break. */
export const assignmentsResponse = z.object({ assignments: z.array(assignmentView), violations: z.array(violation) });
export type Assignments = z.infer<typeof assignmentsResponse>;

/** POST …/assignments (201). */
export const assignmentAddedResponse = z.object({ id: z.string(), overridden: z.boolean(), violations: z.array(violation) });
export type AssignmentAdded = z.infer<typeof assignmentAddedResponse>;

/** DELETE /api/rosters/assignments/:id: and whether the shift is now short of its requirement. */
export const assignmentRemovedResponse = z.object({
  id: z.string(),
  removed: z.boolean(),
  templateId: z.string(),
  date: z.string(),
  role: z.string(),
  required: z.number(),
  remaining: z.number(),
  understaffed: z.boolean(),
  missing: z.number(),
  deniedSwaps: z.number().describe('pending swap requests involving the shift, denied with it'),
});
export type AssignmentRemoved = z.infer<typeof assignmentRemovedResponse>;

const swapShift = z.object({
  id: z.string(),
  userId: z.string().nullable(),
  name: z.string().nullable(),
  date: z.string().nullable(),
  shiftName: z.string().nullable(),
  role: z.string().nullable(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
}).describe('all but id null once the assignment is gone');

/** GET …/swaps */
export const swapListResponse = z.object({
  swaps: z.array(
    z.object({
      id: z.string(),
      state: z.enum(['pending', 'approved', 'denied']),
      reason: z.string().nullable(),
      requesterId: z.string(),
      requesterName: z.string().nullable(),
      createdAt: z.string(),
      assignment: swapShift,
      withAssignment: swapShift,
      decidedBy: z.string().nullable().describe("the decider's name (their id when the account is gone)"),
      decidedAt: z.string().nullable(),
      decisionNote: z.string().nullable(),
    }),
  ),
});
export type Swaps = z.infer<typeof swapListResponse>;

/** POST …/swaps (201). */
export const swapRequestedResponse = z.object({ id: z.string(), state: z.literal('pending'), assignmentId: z.string(), withAssignmentId: z.string() });

/** POST /api/rosters/swaps/:swapId/decide */
export const swapDecidedResponse = z.object({ id: z.string(), state: z.enum(['approved', 'denied']) });

/** GET …/on-duty and /api/rosters/on-duty: who is on duty at an instant (当前在岗). */
export const onDutyResponse = z.object({
  at: z.string(),
  onDuty: z.array(
    z.object({ assignmentId: z.string(), unitId: z.string(), unitName: z.string(), shiftName: z.string(), role: z.string(), userId: z.string(), name: z.string(), startsAt: z.string(), endsAt: z.string() }),
  ),
});
export type OnDuty = z.infer<typeof onDutyResponse>;
