import { sql } from 'kysely';
import type { Executor } from '../../storage/db.ts';
import type { CampaignDailyReportRow, CampaignPhaseRow, CampaignRow } from '../../storage/schema.ts';

/** Queries of the campaigns module. Paths are digits and '/', so `path%` is an exact prefix test. */

export async function insertCampaign(db: Executor, row: CampaignRow, phases: CampaignPhaseRow[]): Promise<void> {
  await db.insertInto('campaigns').values(row).execute();
  if (phases.length) await db.insertInto('campaign_phases').values(phases).execute();
}

export async function findCampaign(db: Executor, id: string): Promise<CampaignRow | undefined> {
  return db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPhases(db: Executor, campaignId: string): Promise<CampaignPhaseRow[]> {
  return db.selectFrom('campaign_phases').selectAll().where('campaign_id', '=', campaignId).orderBy('sort_order').execute();
}

/** Campaigns whose territory contains or lies inside one of the paths. */
export async function findCampaignsNear(db: Executor, paths: readonly string[], limit: number): Promise<CampaignRow[]> {
  if (paths.length === 0) return [];
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where((eb) => eb.or(paths.flatMap((p) => [eb('territory_path', 'like', `${p}%`), eb(sql.val(p), 'like', sql<string>`territory_path || '%'`)])))
    .orderBy('starts_at', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Phases running at `at` whose campaign covers the grid (the campaign's path is a prefix of the grid's),
 * with their SLA multipliers. Few rows: the period index narrows it to running phases first.
 */
export async function findRunningPhasesFor(db: Executor, gridPath: string, at: string) {
  return db
    .selectFrom('campaign_phases as p')
    .innerJoin('campaigns as c', 'c.id', 'p.campaign_id')
    .where('p.starts_at', '<=', at)
    .where('p.ends_at', '>', at)
    .where(sql.val(gridPath), 'like', sql<string>`c.territory_path || '%'`)
    .select(['p.campaign_id', 'p.kind', 'p.sla_multipliers_json', 'p.patrol_multiplier'])
    .execute();
}

export async function findDailyReport(db: Executor, campaignId: string, date: string, gridCode: string): Promise<CampaignDailyReportRow | undefined> {
  return db.selectFrom('campaign_daily_reports').selectAll().where('campaign_id', '=', campaignId).where('report_date', '=', date).where('grid_code', '=', gridCode).executeTakeFirst();
}

export async function insertDailyReport(db: Executor, row: CampaignDailyReportRow): Promise<void> {
  await db.insertInto('campaign_daily_reports').values(row).execute();
}

export async function updateDailyReport(db: Executor, row: CampaignDailyReportRow): Promise<void> {
  const { campaign_id, report_date, grid_code, ...rest } = row;
  await db.updateTable('campaign_daily_reports').set(rest).where('campaign_id', '=', campaign_id).where('report_date', '=', report_date).where('grid_code', '=', grid_code).execute();
}

/** Grids inside `unitPath` that have no report (零报告 included) for the campaign day: one anti-join. */
export async function findMissingGrids(db: Executor, o: { campaignId: string; date: string; unitPath: string; limit: number }) {
  return db
    .selectFrom('territory_nodes as g')
    .leftJoin('campaign_daily_reports as r', (j) => j.onRef('r.grid_code', '=', 'g.code').on('r.campaign_id', '=', o.campaignId).on('r.report_date', '=', o.date))
    .where('g.level', '=', 'grid')
    .where('g.path', 'like', `${o.unitPath}%`)
    .where('r.grid_code', 'is', null)
    .select(['g.code', 'g.name_zh', 'g.path'])
    .orderBy('g.path')
    .limit(o.limit)
    .execute();
}

export async function countDailyStatus(db: Executor, o: { campaignId: string; date: string; unitPath: string }) {
  const grids = await db.selectFrom('territory_nodes').where('level', '=', 'grid').where('path', 'like', `${o.unitPath}%`).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const reports = await db
    .selectFrom('campaign_daily_reports')
    .where('campaign_id', '=', o.campaignId)
    .where('report_date', '=', o.date)
    .where('territory_path', 'like', `${o.unitPath}%`)
    .select([sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(nothing_to_report), 0)`.as('zero')])
    .executeTakeFirstOrThrow();
  return { grids: Number(grids.n), reported: Number(reports.n), zeroReports: Number(reports.zero) };
}

/** The day's escalation claim (when the missing grids were chased, and how many), if the job ran. */
export async function findDailyEscalation(db: Executor, campaignId: string, date: string) {
  return db.selectFrom('campaign_daily_escalations').select(['at', 'missing']).where('campaign_id', '=', campaignId).where('date', '=', date).executeTakeFirst();
}

/** The day's reports inside a unit that have something to report (not 零报告), newest first, with the grid name. */
export async function findIncidentReports(db: Executor, o: { campaignId: string; date: string; unitPath: string; limit: number }) {
  return db
    .selectFrom('campaign_daily_reports as r')
    .innerJoin('territory_nodes as g', 'g.code', 'r.grid_code')
    .where('r.campaign_id', '=', o.campaignId)
    .where('r.report_date', '=', o.date)
    .where('r.territory_path', 'like', `${o.unitPath}%`)
    .where('r.nothing_to_report', '=', 0)
    .select(['r.grid_code', 'g.name_zh', 'r.incident_count', 'r.summary', 'r.reporter_name', 'r.reported_at'])
    .orderBy('r.reported_at', 'desc')
    .limit(o.limit)
    .execute();
}

/** Case counts for a territory and period (the campaign's case KPIs). */
export async function caseCounts(db: Executor, o: { path: string; from: string; to: string; nowIso: string }) {
  const row = await db
    .selectFrom('cases')
    .where('territory_path', 'like', `${o.path}%`)
    .where('created_at', '>=', o.from)
    .where('created_at', '<=', o.to)
    .select([
      sql<number>`count(*)`.as('total'),
      sql<number>`count(closed_at)`.as('closed'),
      sql<number>`coalesce(sum(case when closed_at is null and stage_due_at < ${o.nowIso} then 1 else 0 end), 0)`.as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), closed: Number(row.closed), open: Number(row.total) - Number(row.closed), overdue: Number(row.overdue) };
}

export async function topOverdueCases(db: Executor, o: { path: string; from: string; to: string; nowIso: string; limit: number }) {
  return db
    .selectFrom('cases')
    .where('territory_path', 'like', `${o.path}%`)
    .where('created_at', '>=', o.from)
    .where('created_at', '<=', o.to)
    .where('closed_at', 'is', null)
    .where('stage_due_at', '<', o.nowIso)
    .select(['id', 'case_no', 'category_code', 'state', 'grid_code', 'stage', 'stage_due_at', 'description'])
    .orderBy('stage_due_at')
    .limit(o.limit)
    .execute();
}

/** Per-directive reached/signed/reported counts for the campaign's linked directives, inside a path. */
export async function directiveStatus(db: Executor, campaignId: string, path: string) {
  return db
    .selectFrom('directives as d')
    .leftJoin('directive_deliveries as dd', (j) => j.onRef('dd.directive_id', '=', 'd.id').on('dd.territory_path', 'like', `${path}%`))
    .where('d.campaign_id', '=', campaignId)
    .groupBy(['d.id', 'd.title', 'd.sign_deadline', 'd.report_deadline'])
    .select(['d.id', 'd.title', 'd.sign_deadline', 'd.report_deadline', sql<number>`count(dd.assignment_id)`.as('reached'), sql<number>`count(dd.signed_at)`.as('signed'), sql<number>`count(dd.reported_at)`.as('reported')])
    .orderBy('d.id')
    .execute();
}
