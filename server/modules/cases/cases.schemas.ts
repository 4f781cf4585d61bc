import { z } from 'zod';
import { attachmentSha256 as sha256, HAZARD_GRADES, phone } from '../../../shared/cases/wire.ts';

// Request schemas the web client also sends live in shared/cases/wire.ts (one declaration for both sides).
export { actionBody, disputeDetails, hazardDetails, location, publicationBody, publicReportBody, reportBody } from '../../../shared/cases/wire.ts';

/** Request schemas of the case API; the field named in a 400 is the zod path. */

export const idParams = z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/, 'id must be a UUID') });
export const trackingParams = z.object({ trackingCode: z.string().regex(/^[0-9A-Za-z]{6,20}$/, 'not a tracking code') });
export const shaParams = z.object({ sha256 });

export const mergeBody = z.object({ into: z.string().regex(/^[0-9a-f-]{36}$/, 'into must be a case id'), expectedVersion: z.number().int().min(1).optional() });
export const escalateBody = z.object({ reason: z.string().max(1000) });
export const decideEscalationBody = z.object({ decision: z.enum(['approve', 'deny']), reason: z.string().max(1000).optional() });

export const listQuery = z.object({
  state: z.string().max(30).optional(),
  category: z.string().max(20).optional(),
  grid: z.string().regex(/^\d{15}$/, 'grid must be a 15-digit grid code').optional(),
  overdue: z.enum(['0', '1']).optional(),
  assignedToMe: z.enum(['0', '1']).optional(),
  limit: z.coerce.number<string>().int().min(1).max(200).default(50),
  cursor: z.string().max(64).optional(),
});

export const notificationsQuery = z.object({
  unread: z.enum(['0', '1']).optional(),
  limit: z.coerce.number<string>().int().min(1).max(200).default(50),
  cursor: z.string().max(64).optional(),
});

// Hazard register (风险隐患台账) and mediation (调解).
const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v, 'not a real calendar date');
/** A deadline: a date (YYYY-MM-DD, that day's end in China time) or an ISO-8601 instant with offset. */
const deadline = z.union([calendarDate, z.iso.datetime({ offset: true })], { message: 'must be a date YYYY-MM-DD or an ISO-8601 time with offset' });

export const hazardPlanBody = z.object({
  plan: z.string().trim().min(1, 'plan is required').max(4000),
  responsibleUnit: z.string().trim().min(1, 'responsibleUnit is required').max(200),
  responsiblePerson: z.object({
    name: z.string().trim().min(1, 'responsiblePerson.name is required').max(100),
    userId: z.string().regex(/^[0-9a-f-]{36}$/, 'userId must be a UUID').optional(),
  }),
  deadline,
  grade: z.enum(HAZARD_GRADES).optional(),
});

export const hazardReinspectionBody = z.object({
  result: z.enum(['pass', 'fail'], { message: 'result must be pass or fail' }),
  note: z.string().trim().min(1, 'note is required').max(2000),
  photos: z.array(sha256).max(20).optional(),
});

export const hazardSignoffBody = z.object({ note: z.string().trim().max(1000).optional() });

export const hazardsQuery = z.object({
  grade: z.enum(HAZARD_GRADES).optional(),
  status: z.enum(['open', 'rectifying', 'awaiting_reinspection', 'awaiting_signoff', 'signed_off']).optional(),
  overdue: z.enum(['0', '1']).optional(),
  scope: z
    .string()
    .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12}|\d{15})$/, 'scope must be a division code (2, 4, 6, 9 or 12 digits) or a 15-digit grid code')
    .optional(),
  limit: z.coerce.number<string>().int().min(1).max(200).default(50),
  cursor: z.string().max(64).optional(),
});

export const mediationSessionBody = z.object({
  date: calendarDate,
  mediator: z.string().trim().min(1, 'mediator is required').max(100),
  place: z.string().trim().min(1, 'place is required').max(200),
  partiesPresent: z.array(z.object({ name: z.string().trim().min(1).max(100), phone: phone.optional() })).min(1, 'at least one party must be present').max(20),
  summary: z.string().trim().min(1, 'summary is required').max(4000),
  outcome: z.enum(['agreed', 'partial', 'failed', 'adjourned'], { message: 'outcome must be agreed, partial, failed or adjourned' }),
});

export const agreementBody = z.object({
  text: z.string().trim().min(1, 'text is required').max(8000),
  amount: z.number().min(0, 'amount must be ≥ 0').max(1e12).optional(),
  performanceDeadline: calendarDate,
  outcome: z.enum(['agreed', 'partial']).optional(),
});
