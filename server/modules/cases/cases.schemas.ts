import { z } from 'zod';
import { CASE_ACTIONS } from '../../../shared/cases/stateMachine.ts';

/** Request schemas of the case API; the field named in a 400 is the zod path. */

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex sha256 of an uploaded attachment');
export const location = z.object({
  lat: z.number().min(-90, 'lat must be -90..90').max(90, 'lat must be -90..90'),
  lng: z.number().min(-180, 'lng must be -180..180').max(180, 'lng must be -180..180'),
});
const phone = z.string().trim().regex(/^[0-9+\-\s]{5,20}$/, 'must be a phone number');

/** 风险隐患 details: grade, plan, responsible unit/person, deadline, re-inspection, sign-off. */
export const hazardDetails = z.object({
  grade: z.enum(['重大', '较大', '一般', '低']),
  plan: z.string().max(2000).optional(),
  responsibleUnit: z.string().max(200).optional(),
  responsiblePerson: z.string().max(100).optional(),
  deadline: z.string().max(40).optional(),
  reinspection: z.string().max(2000).optional(),
  signedOffBy: z.string().max(100).optional(),
});

/** 矛盾纠纷 details: parties (personal data, masked by role), type, amount, sessions, agreement, outcome. */
export const disputeDetails = z.object({
  parties: z.array(z.object({ name: z.string().trim().min(1).max(100), phone: phone.nullable().optional() })).max(20).optional(),
  type: z.string().max(100).optional(),
  amount: z.number().min(0).optional(),
  sessions: z.array(z.object({ at: z.string().max(40), note: z.string().max(2000) })).max(100).optional(),
  agreement: z.string().max(4000).optional(),
  outcome: z.string().max(200).optional(),
});

export const reportBody = z.object({
  categoryCode: z.string().trim().min(1, 'categoryCode is required').max(20),
  description: z.string().trim().min(1, 'description is required').max(4000),
  location,
  address: z.string().trim().max(300).optional(),
  photos: z.array(sha256).max(20).optional(),
  source: z.enum(['grid_worker', 'hotline', 'referral']).optional(),
  reporterName: z.string().trim().max(100).optional(),
  reporterPhone: phone.optional(),
  hazard: hazardDetails.optional(),
  dispute: disputeDetails.optional(),
});

export const publicReportBody = z.object({
  categoryCode: z.string().trim().min(1, 'categoryCode is required').max(20),
  description: z.string().trim().min(1, 'description is required').max(4000),
  location,
  address: z.string().trim().max(300).optional(),
  photos: z.array(sha256).max(9).optional(),
  contact: z.object({ name: z.string().trim().max(100).optional(), phone: phone.optional() }).optional(),
});

/** 公开 toggle: list the resident's report on the public feed (true) or take it off (false). */
export const publicationBody = z.object({ public: z.boolean({ error: 'public must be true or false' }) });

export const idParams = z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/, 'id must be a UUID') });
export const trackingParams = z.object({ trackingCode: z.string().regex(/^[0-9A-Za-z]{6,20}$/, 'not a tracking code') });
export const shaParams = z.object({ sha256 });

export const actionBody = z.object({
  action: z.enum(CASE_ACTIONS, { message: `action must be one of ${CASE_ACTIONS.join(', ')}` }),
  reason: z.string().max(1000).optional(),
  extendBy: z.string().max(20).optional(),
  note: z.string().max(2000).optional(),
  location: location.optional(),
  photos: z.array(sha256).max(20).optional(),
  departmentId: z.string().max(64).optional(),
  expectedVersion: z.number().int().min(1).optional(),
});

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
  grade: z.enum(['重大', '较大', '一般', '低']).optional(),
});

export const hazardReinspectionBody = z.object({
  result: z.enum(['pass', 'fail'], { message: 'result must be pass or fail' }),
  note: z.string().trim().min(1, 'note is required').max(2000),
  photos: z.array(sha256).max(20).optional(),
});

export const hazardSignoffBody = z.object({ note: z.string().trim().max(1000).optional() });

export const hazardsQuery = z.object({
  grade: z.enum(['重大', '较大', '一般', '低']).optional(),
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
