import { z } from 'zod';
import { PHASE_KINDS } from './phaseKinds.ts';

/**
 * Wire shapes of the campaigns API (专项行动 / 重大活动安保, server/modules/campaigns), declared once: the
 * routes validate requests and serialise responses through these schemas, the OpenAPI document is
 * generated from them, and the web client imports their inferred types (type-only).
 *
 * Request schemas carry the checks and the messages a 400 names; response schemas list every field the
 * server sends (the serialiser strips what a schema does not list) and check nothing beyond the types.
 */

// ---------------------------------------------------------------------------------------------------
// Field rules shared by the request schemas.

/** A division code (2/4/6/9/12 digits) or a 15-digit grid code. */
export const unitCode = z.string().regex(/^\d{2}$|^\d{4}$|^\d{6}$|^\d{9}$|^\d{12}$|^\d{15}$/, 'must be a division code (2/4/6/9/12 digits) or a 15-digit grid code');
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time with offset, e.g. 2026-12-01T00:00:00+08:00' });
const multiplier = z.number().gt(0, 'must be more than 0').max(100, 'must be at most 100');
/** A China-time calendar date: campaign days are China-time days. */
export const chinaDateField = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD (China time)');

/** 准备阶段 / 关键期 / 活动期间 / 收尾阶段. */
export const phaseKind = z.enum(PHASE_KINDS);
export type PhaseKind = z.infer<typeof phaseKind>;

// ---------------------------------------------------------------------------------------------------
// Requests

/** One phase of a new campaign. */
export const phaseInput = z.object({
  kind: phaseKind,
  name: z.string().trim().min(1).max(100).optional(),
  startsAt: instant,
  endsAt: instant,
  slaMultipliers: z
    .record(z.string().regex(/^\*$|^[A-Za-z0-9_.-]{1,20}$/, 'a category code or *'), multiplier)
    .optional()
    .describe("Case category code (or a major category's code, covering its subcategories, or '*') → multiplier of the time limits of cases opened in the phase"),
  patrolMultiplier: multiplier.optional(),
  dailyReport: z.boolean().optional(),
});
export type PhaseInput = z.infer<typeof phaseInput>;

/** POST /api/campaigns (创建专项行动). */
export const createBody = z.object({
  name: z.string().trim().min(1, 'name is required').max(200),
  description: z.string().trim().max(4000).optional(),
  territoryCode: unitCode,
  startsAt: instant,
  endsAt: instant,
  eventAt: instant.optional(),
  dailyReportDue: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (China time)').optional().describe('Daily report deadline, China time (default 18:00)'),
  phases: z.array(phaseInput).min(1, 'at least one phase').max(12),
});
export type CreateCampaignBody = z.infer<typeof createBody>;

/** POST /api/campaigns/:id/clone (以此为模板新建). */
export const cloneBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  startsAt: instant.describe("The clone's start; every date shifts by the same amount"),
});
export type CloneCampaignBody = z.infer<typeof cloneBody>;

/** POST /api/campaigns/:id/daily-reports (日报 / 零报告). */
export const dailyReportBody = z
  .object({
    gridCode: z.string().regex(/^\d{15}$/, 'must be a 15-digit grid code'),
    date: chinaDateField,
    nothingToReport: z.boolean(),
    incidentCount: z.number().int().min(0).max(100000).optional(),
    summary: z.string().trim().max(10000).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.nothingToReport && !v.summary) ctx.addIssue({ code: 'custom', path: ['summary'], message: 'summary: 请填写情况摘要，或选择零报告 / give an incidents summary or report nothing to report' });
    if (v.nothingToReport && (v.incidentCount ?? 0) > 0) ctx.addIssue({ code: 'custom', path: ['incidentCount'], message: 'incidentCount: 零报告不能有事件数 / a nothing-to-report filing has no incidents' });
  });
export type DailyReportBody = z.infer<typeof dailyReportBody>;

// ---------------------------------------------------------------------------------------------------
// Responses

/** One phase of a campaign. */
export const phase = z.object({
  id: z.string(),
  kind: phaseKind,
  name: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  slaMultipliers: z.record(z.string(), z.number()),
  patrolMultiplier: z.number().describe('1 = unchanged'),
  dailyReport: z.boolean(),
});
export type Phase = z.infer<typeof phase>;

/** A campaign with its phases and its countdown at the time of the answer. */
export const campaign = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  territoryCode: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  eventAt: z.string().nullable(),
  dailyReportDue: z.string().describe('HH:MM, China time'),
  clonedFrom: z.string().nullable(),
  status: z.enum(['upcoming', 'running', 'ended']),
  countdown: z.object({ target: z.string(), secondsLeft: z.number() }).describe('To eventAt, else the first event-days phase, else the start'),
  currentPhase: z.object({ id: z.string(), kind: phaseKind, name: z.string(), endsAt: z.string() }).nullable(),
  phases: z.array(phase),
});
export type Campaign = z.infer<typeof campaign>;

/** 201 of POST /api/campaigns and of …/clone; 200 of GET /api/campaigns/:id. */
export const campaignResponse = z.object({ campaign });
export type CampaignResponse = z.infer<typeof campaignResponse>;

/** GET /api/campaigns: campaigns touching the caller's scopes, newest first. */
export const campaignListResponse = z.object({ items: z.array(campaign) });
export type CampaignList = z.infer<typeof campaignListResponse>;

/** 201 of POST /api/campaigns/:id/daily-reports; filing again for the same grid and day replaces. */
export const dailyReportResponse = z.object({
  campaignId: z.string(),
  gridCode: z.string(),
  date: z.string(),
  nothingToReport: z.boolean(),
  incidentCount: z.number(),
  reportedAt: z.string(),
  replaced: z.boolean(),
});
export type DailyReportResponse = z.infer<typeof dailyReportResponse>;

/** Daily reports of one campaign day inside a unit: who must report, who did, which grids have not. */
export const dailyStatus = z.object({
  date: z.string(),
  dutyDay: z.boolean().describe('A phase with the daily report duty overlaps the day'),
  dueAt: z.string(),
  pastDue: z.boolean(),
  unit: z.object({ code: z.string(), name: z.string() }),
  expected: z.number(),
  reported: z.number().describe('零报告 counts as reported'),
  zeroReports: z.number(),
  missingCount: z.number(),
  missing: z.array(z.object({ gridCode: z.string(), name: z.string() })),
  incidents: z
    .array(z.object({ gridCode: z.string(), name: z.string(), incidentCount: z.number(), summary: z.string().nullable(), reporterName: z.string(), reportedAt: z.string() }))
    .describe("The day's reports that had something to report (not 零报告), newest first (≤ 20)"),
  escalation: z.object({ at: z.string(), missing: z.number() }).nullable().describe('When the escalation job chased the missing grids that day (campaign-wide), or null'),
});
export type DailyStatus = z.infer<typeof dailyStatus>;

/** GET /api/campaigns/:id/daily-reports/status. */
export const dailyStatusResponse = dailyStatus.extend({ campaignId: z.string() });
export type DailyStatusResponse = z.infer<typeof dailyStatusResponse>;

/** GET /api/campaigns/:id/dashboard (指挥看板) at one unit inside the campaign. */
export const dashboardResponse = z.object({
  campaign,
  unitCode: z.string(),
  dailyReports: dailyStatus,
  directives: z
    .array(
      z.object({
        id: z.string(),
        title: z.string(),
        signDeadline: z.string().nullable(),
        reportDeadline: z.string().nullable(),
        reached: z.number(),
        signed: z.number(),
        signedPct: z.number(),
        reported: z.number(),
      }),
    )
    .describe('Directives linked to the campaign that the caller may read, counted inside the unit'),
  cases: z.object({ total: z.number(), closed: z.number(), open: z.number(), overdue: z.number(), from: z.string(), to: z.string() }),
  topOverdue: z
    .array(
      z.object({
        id: z.string(),
        caseNo: z.string(),
        categoryCode: z.string(),
        state: z.string(),
        gridCode: z.string(),
        stage: z.string().nullable(),
        stageDueAt: z.string(),
        description: z.string().describe('Personal data scrubbed'),
      }),
    )
    .describe('The most overdue open cases the caller may read'),
});
export type Dashboard = z.infer<typeof dashboardResponse>;
