import { z } from 'zod';
import { CASE_STATES } from '../../../shared/cases/stateMachine.ts';
import { KPI_GROUPS, KPI_METRICS } from './kpis.ts';

/** Request schemas of KPIs and exports; times are parsed by periods.ts (dates mean 00:00 China time). */

const code = z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12}|\d{15})$/, 'must be a division code (2, 4, 6, 9 or 12 digits) or a 15-digit grid code');
const time = z.string().min(10, 'must be YYYY-MM-DD or an ISO-8601 time with offset').max(40);

export const kpiQuery = z.object({
  from: time,
  to: time,
  groupBy: z.enum(KPI_GROUPS).default('total'),
  scope: code.optional(),
});

export const kpiCasesQuery = kpiQuery.extend({
  metric: z.enum(KPI_METRICS),
  /** The group key of the row (a territory code, department or person id, period label, or "total"). */
  group: z.string().min(1).max(64),
  groupBy: z.enum(KPI_GROUPS).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

export const caseExportQuery = z.object({
  scope: code.optional(),
  state: z.enum(CASE_STATES).optional(),
  category: z.string().trim().min(1).max(20).optional(),
  from: time.optional(),
  to: time.optional(),
  /** 用途: required to include personal data; recorded in the audit log. */
  purpose: z.string().trim().min(4, 'purpose must say why personal data is exported (at least 4 characters)').max(200).optional(),
});
