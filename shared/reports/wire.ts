import { z } from 'zod';
import { followupItem } from '../followups/wire.ts';

/**
 * Wire shapes of reports: security bulletins (安保日报/周报) on demand and as stored by the scheduled job,
 * and campaign after-action reviews (专项行动总结评估). Declared by server/modules/reports' routes as
 * response schemas; the console imports the inferred types. The XLSX/PDF downloads are documented as binary.
 */

const isoTime = z.string().describe('ISO-8601 time');
const period = z.object({ from: isoTime, to: isoTime });

/** Numerator, denominator and their rate (null without a denominator). */
export const ratio = z.object({ numerator: z.number(), denominator: z.number(), rate: z.number().nullable() });
export type Ratio = z.infer<typeof ratio>;

/** Cases reported and closed in the period; open and overdue now. */
export const bulletinSummary = z.object({ reported: z.number().int(), closed: z.number().int(), open: z.number().int(), overdue: z.number().int() });
export type BulletinSummary = z.infer<typeof bulletinSummary>;

/** One row of the analytics KPI table (GET /api/kpis, docs/kpis.md) as the bulletin embeds it. */
const kpiRow = z.object({
  key: z.string(),
  name: z.string(),
  counts: z.record(z.string(), z.number()).describe('distinct-case count per KPI metric'),
  rates: z.object({ closure: z.number().nullable(), onTime: z.number().nullable(), rework: z.number().nullable(), extension: z.number().nullable(), gridResolution: z.number().nullable() }),
  stageMinutes: z.record(z.string(), z.object({ avgMinutes: z.number().nullable(), n: z.number() })),
});

export const bulletinKind = z.enum(['daily', 'weekly']);
export type BulletinKind = z.infer<typeof bulletinKind>;

/** GET /api/reports/bulletin: the bulletin's data (the XLSX and PDF render the same). */
export const bulletin = z.object({
  kind: bulletinKind,
  title: z.string(),
  date: z.string().describe('China date YYYY-MM-DD: the day, or the last of the 7 days'),
  period,
  generatedAt: isoTime,
  summary: bulletinSummary,
  kpis: z.object({ from: isoTime, to: isoTime, groupBy: z.string(), evaluatedAt: isoTime, rows: z.array(kpiRow), total: kpiRow }).describe('KPIs by street (the KPI table of GET /api/kpis)'),
  topIssues: z.array(z.object({ code: z.string(), name: z.string(), count: z.number().int() })),
  overdue: z.array(
    z.object({
      caseNo: z.string(),
      gridCode: z.string(),
      state: z.string(),
      stage: z.string().nullable(),
      dueAt: isoTime,
      department: z.string().nullable(),
      handler: z.string().nullable(),
      description: z.string(),
    }),
  ),
  directives: z.array(z.object({ title: z.string(), delivered: z.number().int(), signed: z.number().int(), signDeadline: isoTime.nullable() })),
  patrol: ratio,
  dailyReports: ratio,
});
export type Bulletin = z.infer<typeof bulletin>;

/** A bulletin the scheduled job stored (GET /api/reports/bulletins), with the links of its files. */
export const storedBulletin = z.object({
  id: z.string(),
  kind: z.string().describe('daily | weekly'),
  date: z.string(),
  scopeCode: z.string(),
  title: z.string(),
  period,
  generatedAt: isoTime,
  summary: bulletinSummary,
  xlsxSize: z.number().int(),
  pdfSize: z.number().int().nullable(),
  pdfError: z.string().nullable().describe('why there is no PDF (no CJK font on the server)'),
  xlsxUrl: z.string(),
  pdfUrl: z.string().nullable(),
});
export type StoredBulletin = z.infer<typeof storedBulletin>;

export const storedBulletinsResponse = z.object({ items: z.array(storedBulletin) });
export type StoredBulletinsResponse = z.infer<typeof storedBulletinsResponse>;

const hotspot = z.object({ code: z.string(), name: z.string(), during: z.number().int(), before: z.number().int() });

/** GET /api/reports/aar: a campaign's after-action review (总结评估), the campaign against the equal period before it. */
export const afterActionReview = z.object({
  title: z.string(),
  campaign: z.object({
    id: z.string(),
    name: z.string(),
    territoryCode: z.string(),
    territoryName: z.string(),
    startsAt: isoTime,
    endsAt: isoTime,
    status: z.enum(['ended', 'running']),
    phases: z.array(z.object({ kind: z.string(), name: z.string(), startsAt: isoTime, endsAt: isoTime })),
  }),
  period: z.object({ during: period, before: period }),
  generatedAt: isoTime,
  timeline: z.array(z.object({ at: isoTime, kind: z.string(), title: z.string(), detail: z.string().nullable(), ref: z.string().nullable() })),
  kpiDeltas: z.array(
    z.object({
      key: z.string(),
      labelZh: z.string(),
      unit: z.enum(['count', 'rate']),
      before: z.number().nullable(),
      during: z.number().nullable(),
      delta: z.number().nullable(),
      lowerIsBetter: z.boolean().optional().describe('rates only: a fall is the improvement (返工率, 延期率)'),
    }),
  ),
  hotspots: z.object({ grids: z.array(hotspot), categories: z.array(hotspot) }),
  weakestUnits: z.object({
    level: z.string(),
    rows: z.array(z.object({ key: z.string(), name: z.string(), score: z.number().nullable(), grade: z.string().nullable(), onTime: z.number().nullable(), closure: z.number().nullable() })),
  }),
  accountability: z.object({
    total: z.number().int(),
    byKind: z.array(z.object({ kind: z.string(), labelZh: z.string(), total: z.number().int(), pending: z.number().int(), confirmed: z.number().int(), waived: z.number().int() })),
    confirmedByMeasure: z.object({ reminder: z.number().int(), criticism: z.number().int(), referral: z.number().int() }),
    topPersons: z.array(z.object({ name: z.string(), count: z.number().int() })),
  }),
  followups: z.object({
    total: z.number().int(),
    open: z.number().int(),
    inProgress: z.number().int(),
    completed: z.number().int(),
    verified: z.number().int(),
    overdue: z.number().int(),
    items: z.array(followupItem),
  }),
});
export type AfterActionReview = z.infer<typeof afterActionReview>;

// z.any(): the handler sends a Buffer; the document still says a binary string.
const binary = (what: string) => z.any().meta({ type: 'string', format: 'binary', description: what });

/** 200 of the XLSX downloads: the file itself, never JSON (a Buffer payload bypasses the serialiser). */
export const xlsxDownload = { description: 'XLSX workbook (attachment)', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: binary('XLSX workbook') } } };
/** 200 of the PDF downloads (opened inline, CJK font embedded). */
export const pdfDownload = { description: 'PDF document (inline)', content: { 'application/pdf': { schema: binary('PDF document') } } };
/** 200 of a stored bulletin's file: XLSX or PDF as the path asks. */
export const bulletinFileDownload = { description: 'the stored XLSX workbook or PDF document', content: { ...xlsxDownload.content, ...pdfDownload.content } };
