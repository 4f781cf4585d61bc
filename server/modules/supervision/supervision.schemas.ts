import { z } from 'zod';
import { ACCOUNTABILITY_SOURCE_KINDS } from '../../../shared/supervision/accountability.ts';

/** Request schemas of spot checks (随机抽查) and accountability (责任追究); inspections live in server/modules/inspections. */
const code = z.string().regex(/^\d{2,15}$/, 'a division or grid code (2–15 digits)');

export const spotCheckBody = z.object({
  seed: z.number().int().min(0).max(0xffffffff),
  /** YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD (China time, inclusive). */
  period: z.string().min(10).max(22),
  scope: code,
  confidence: z.number().min(0.5).max(0.999).default(0.95),
  margin: z.number().min(0.005).max(0.5).default(0.05),
  stratum: z.enum(['street', 'county']).default('street'),
});

export const spotCheckPreviewQuery = z.object({
  seed: z.coerce.number().int().min(0).max(0xffffffff),
  period: z.string().min(10).max(22),
  scope: code,
  confidence: z.coerce.number().min(0.5).max(0.999).default(0.95),
  margin: z.coerce.number().min(0.005).max(0.5).default(0.05),
  stratum: z.enum(['street', 'county']).default('street'),
});

export const spotCheckListQuery = z.object({ scope: code, limit: z.coerce.number().int().min(1).max(500).default(50) });

export const spotCheckMineQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export const idParams = z.object({ id: z.string().min(1).max(64) });

export const spotCheckResultBody = z.object({
  callbackReached: z.boolean(),
  callbackSatisfied: z.boolean().nullable().default(null),
  callbackMatches: z.boolean().nullable().default(null),
  recheckFixed: z.boolean(),
  note: z.string().trim().min(1).max(2000).nullable().optional(),
  photos: z.array(z.string().regex(/^[0-9a-f]{64}$/, 'sha256 of an upload')).max(20).default([]),
});

export type SpotCheckResultBody = z.infer<typeof spotCheckResultBody>;

export const accountabilityGenerateBody = z.object({
  scope: code,
  from: z.string().min(10),
  to: z.string().min(10),
});

export const accountabilityListQuery = z.object({
  scope: code,
  state: z.enum(['pending', 'confirmed', 'waived']).optional(),
  personId: z.string().max(64).optional(),
  unitCode: code.optional(),
  departmentId: z.string().max(64).optional(),
  sourceKind: z.enum(ACCOUNTABILITY_SOURCE_KINDS).optional(),
  from: z.string().min(10).optional(),
  to: z.string().min(10).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const accountabilityDecisionBody = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('confirm'), measure: z.enum(['reminder', 'criticism', 'referral']), reason: z.string().trim().min(2).max(2000).optional() }),
  z.object({ decision: z.literal('waive'), reason: z.string().trim().min(4, 'reason: 免责须写明理由（至少 4 个字）/ a waiver needs a written reason').max(2000) }),
]);

export type AccountabilityDecisionBody = z.infer<typeof accountabilityDecisionBody>;

export const historyQuery = z.object({
  scope: code,
  by: z.enum(['person', 'unit', 'department']).default('unit'),
  from: z.string().min(10),
  to: z.string().min(10),
});
