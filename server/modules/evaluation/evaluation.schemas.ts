import { z } from 'zod';
import { COMPONENTS } from './components.ts';

/** Request schemas of 综合评价. Dates mean 00:00 China time (server/reporting/periods.ts). */
export const evaluationQuery = z.object({
  from: z.string().min(10),
  to: z.string().min(10),
  level: z.enum(['grid', 'community', 'street', 'county', 'department', 'handler']).default('street'),
  scope: z.string().regex(/^\d{2,15}$/).optional(),
});

export const traceQuery = evaluationQuery.extend({ key: z.string().min(1).max(64) });

export const weightsBody = z.object({
  weights: z.partialRecord(z.enum(COMPONENTS.map((c) => c.key) as [string, ...string[]]), z.number().min(0).max(100)),
});
export type WeightsBody = z.infer<typeof weightsBody>;
