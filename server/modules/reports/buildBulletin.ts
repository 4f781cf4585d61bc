import { scrubPersonalData } from '../../../shared/privacy/scrub.ts';
import { sql } from 'kysely';
import type { Executor } from '../../storage/db.ts';
import type { CaseListScope } from '../cases/caseAccess.ts';
import { getKpis } from '../analytics/getKpis.ts';
import { narrowedPaths } from '../evaluation/getEvaluation.ts';
import { dailyReportRates, pathsCondition, patrolComplianceRates } from '../evaluation/sources.ts';
import { parseInstant } from '../../reporting/periods.ts';

const DAY_MS = 86_400_000;

export interface BulletinOptions {
  kind: 'daily' | 'weekly';
  /** China-time date YYYY-MM-DD: the day (daily) or the last day of the 7 days (weekly). */
  date: string;
  scope: CaseListScope;
  prefix: string;
  scopeName: string;
  now: Date;
}

/** The bulletin's period: the China day, or the 7 China days ending on `date`. */
export function bulletinPeriod(kind: 'daily' | 'weekly', date: string): { from: string; to: string } {
  const start = parseInstant(date, 'date');
  const to = new Date(Date.parse(start) + DAY_MS).toISOString();
  return { from: kind === 'daily' ? start : new Date(Date.parse(start) - 6 * DAY_MS).toISOString(), to };
}

/**
 * 安保日报 / 周报: situation summary, KPIs by street, top issue categories, the overdue list, and —
 * when those modules hold data — directive sign-off, daily-report and patrol status. Reads only.
 */
export async function buildBulletin(db: Executor, o: BulletinOptions) {
  const period = bulletinPeriod(o.kind, o.date);
  const paths = narrowedPaths(o.scope, o.prefix);
  const inScope = pathsCondition(sql.ref('c.territory_path'), paths);
  const nowIso = o.now.toISOString();

  const counts = await sql<{ reported: number | string; closed: number | string; open: number | string; overdue: number | string }>`
    select
      sum(case when c.created_at >= ${period.from} and c.created_at < ${period.to} then 1 else 0 end) as reported,
      sum(case when c.closed_at >= ${period.from} and c.closed_at < ${period.to} then 1 else 0 end) as closed,
      sum(case when c.closed_at is null and c.state not in ('rejected', 'voided', 'evaluated') then 1 else 0 end) as open,
      sum(case when c.closed_at is null and c.state not in ('rejected', 'voided', 'suspended', 'evaluated') and c.stage_due_at < ${nowIso} then 1 else 0 end) as overdue
    from cases c where ${inScope}`.execute(db);
  const c0 = counts.rows[0];
  const summary = { reported: Number(c0?.reported ?? 0), closed: Number(c0?.closed ?? 0), open: Number(c0?.open ?? 0), overdue: Number(c0?.overdue ?? 0) };

  const kpis = await getKpis(db, { scope: o.scope, prefix: o.prefix, period, now: o.now, groupBy: 'street' });

  const topIssues = (
    await sql<{ code: string; name: string | null; n: number | string }>`
      select c.category_code as code, k.name_zh as name, count(*) as n
      from cases c left join case_categories k on k.code = c.category_code
      where ${inScope} and c.created_at >= ${period.from} and c.created_at < ${period.to}
      group by c.category_code, k.name_zh order by count(*) desc, c.category_code limit 10`.execute(db)
  ).rows.map((r) => ({ code: r.code, name: r.name ?? r.code, count: Number(r.n) }));

  const overdue = (
    await sql<{ case_no: string; grid_code: string; state: string; stage: string | null; stage_due_at: string | Date; department: string | null; handler: string | null; description: string }>`
      select c.case_no, c.grid_code, c.state, c.stage, c.stage_due_at, d.name_zh as department, u.display_name as handler, c.description
      from cases c left join departments d on d.id = c.department_id left join users u on u.id = c.handler_id
      where ${inScope} and c.closed_at is null and c.state not in ('rejected', 'voided', 'suspended', 'evaluated') and c.stage_due_at < ${nowIso}
      order by c.stage_due_at limit 50`.execute(db)
  ).rows.map((r) => ({ caseNo: r.case_no, gridCode: r.grid_code, state: r.state, stage: r.stage, dueAt: new Date(r.stage_due_at).toISOString(), department: r.department, handler: r.handler, description: scrubPersonalData(r.description).slice(0, 60) }));

  const directives = (
    await sql<{ title: string; delivered: number | string; signed: number | string; sign_deadline: string | Date | null }>`
      select x.title, x.sign_deadline, count(d.person_id) as delivered, sum(case when d.signed_at is not null then 1 else 0 end) as signed
      from directives x join directive_deliveries d on d.directive_id = x.id
      where x.created_at >= ${period.from} and x.created_at < ${period.to} and ${pathsCondition(sql.ref('d.territory_path'), paths)}
      group by x.id, x.title, x.sign_deadline order by x.title limit 20`.execute(db)
  ).rows.map((r) => ({ title: r.title, delivered: Number(r.delivered), signed: Number(r.signed), signDeadline: r.sign_deadline ? new Date(r.sign_deadline).toISOString() : null }));

  const sourceQuery = { paths, period, level: 'county' as const };
  const sumRatios = (m: Map<string, { numerator: number; denominator: number }>) => {
    let numerator = 0;
    let denominator = 0;
    for (const r of m.values()) {
      numerator += r.numerator;
      denominator += r.denominator;
    }
    return { numerator, denominator, rate: denominator ? Math.round((numerator / denominator) * 10_000) / 10_000 : null };
  };
  const patrol = sumRatios(await patrolComplianceRates(db, sourceQuery));
  const dailyReports = sumRatios(await dailyReportRates(db, sourceQuery));

  return {
    kind: o.kind,
    title: `${o.scopeName}${o.kind === 'daily' ? '安保日报' : '安保周报'}`,
    date: o.date,
    period,
    generatedAt: nowIso,
    summary,
    kpis,
    topIssues,
    overdue,
    directives,
    patrol,
    dailyReports,
  };
}

export type Bulletin = Awaited<ReturnType<typeof buildBulletin>>;
