import { z } from 'zod';

/** Request schemas of the campaigns API (专项行动 / 重大活动安保). */

const unitCode = z.string().regex(/^\d{2}$|^\d{4}$|^\d{6}$|^\d{9}$|^\d{12}$|^\d{15}$/, 'must be a division code (2/4/6/9/12 digits) or a 15-digit grid code');
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time with offset, e.g. 2026-12-01T00:00:00+08:00' });
const multiplier = z.number().gt(0, 'must be more than 0').max(100, 'must be at most 100');

export const PHASE_KINDS = ['preparation', 'key_period', 'event_days', 'wind_down'] as const;
export const PHASE_NAMES: Record<(typeof PHASE_KINDS)[number], string> = {
  preparation: '准备阶段',
  key_period: '关键期',
  event_days: '活动期间',
  wind_down: '收尾阶段',
};

export const phaseInput = z.object({
  kind: z.enum(PHASE_KINDS),
  name: z.string().trim().min(1).max(100).optional(),
  startsAt: instant,
  endsAt: instant,
  /** Case category code (or a major category's code, covering its subcategories, or '*') → multiplier. */
  slaMultipliers: z.record(z.string().regex(/^\*$|^[A-Za-z0-9_.-]{1,20}$/, 'a category code or *'), multiplier).optional(),
  patrolMultiplier: multiplier.optional(),
  dailyReport: z.boolean().optional(),
});
export type PhaseInput = z.infer<typeof phaseInput>;

export const createBody = z.object({
  name: z.string().trim().min(1, 'name is required').max(200),
  description: z.string().trim().max(4000).optional(),
  territoryCode: unitCode,
  startsAt: instant,
  endsAt: instant,
  eventAt: instant.optional(),
  /** Daily report deadline, China time. */
  dailyReportDue: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (China time)').optional(),
  phases: z.array(phaseInput).min(1, 'at least one phase').max(12),
});

export const cloneBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  /** The clone's start; every date shifts by the same amount. */
  startsAt: instant,
});

export const idParams = z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/, 'id must be a UUID') });

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD (China time)');

export const dailyReportBody = z
  .object({
    gridCode: z.string().regex(/^\d{15}$/, 'must be a 15-digit grid code'),
    date,
    nothingToReport: z.boolean(),
    incidentCount: z.number().int().min(0).max(100000).optional(),
    summary: z.string().trim().max(10000).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.nothingToReport && !v.summary) ctx.addIssue({ code: 'custom', path: ['summary'], message: 'summary: 请填写情况摘要，或选择零报告 / give an incidents summary or report nothing to report' });
    if (v.nothingToReport && (v.incidentCount ?? 0) > 0) ctx.addIssue({ code: 'custom', path: ['incidentCount'], message: 'incidentCount: 零报告不能有事件数 / a nothing-to-report filing has no incidents' });
  });

export const statusQuery = z.object({
  date,
  unit: unitCode.optional(),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
});

export const dashboardQuery = z.object({ unit: unitCode.optional() });
