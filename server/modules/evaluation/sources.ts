import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../storage/db.ts';
import { isDutyDay } from '../campaigns/dailyReports.ts';

/**
 * Non-case evaluation sources, each a small function returning numerator/denominator per group key.
 * Group keys: a territory code prefix of `codeLength` digits (areas), a department id, or a person id
 * (posts). A source that has nothing for a group simply has no entry: its weight is renormalised away.
 */
export type EvaluationLevel = 'grid' | 'community' | 'street' | 'county' | 'department' | 'handler';
export const CODE_LENGTH: Partial<Record<EvaluationLevel, number>> = { grid: 15, community: 12, street: 9, county: 6 };

export interface Ratio {
  numerator: number;
  denominator: number;
}
export type RatioMap = Map<string, Ratio>;

export interface SourceQuery {
  /** Territory prefixes the caller may evaluate (OR), already narrowed to the requested scope. */
  paths: string[];
  period: { from: string; to: string };
  level: EvaluationLevel;
}

/** `column like p1% or column like p2% …` — the caller's scopes on a record's territory path. */
export function pathsCondition(column: RawBuilder<unknown>, paths: readonly string[]): RawBuilder<unknown> {
  if (paths.length === 0) return sql`1 = 0`;
  return sql`(${sql.join(paths.map((p) => sql`${column} like ${`${p}%`}`), sql` or `)})`;
}

/** The code at `length` digits of the last code segment of a materialised path ('32/3201/…/320106001001001/'). */
export function codeOfPath(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? '';
}

function add(map: RatioMap, key: string | null, num: number, den: number): void {
  if (!key) return;
  const r = map.get(key) ?? { numerator: 0, denominator: 0 };
  r.numerator += num;
  r.denominator += den;
  map.set(key, r);
}

function areaKey(code: string, level: EvaluationLevel): string | null {
  const len = CODE_LENGTH[level];
  return len && code.length >= len ? code.slice(0, len) : null;
}

/** 抽查合格率: recorded spot-check items in the period, passed ÷ recorded; by the case's area, department at closing, or handler at closing. */
export async function spotCheckPassRates(db: Executor, q: SourceQuery): Promise<RatioMap> {
  const rows = await db
    .selectFrom('spotcheck_items as i')
    .innerJoin('cases as c', 'c.id', 'i.case_id')
    .select(['i.id', 'i.result', 'i.department_id', 'i.handler_id', 'c.grid_code'])
    .where('i.result', '<>', 'pending')
    .where('i.recorded_at', '>=', q.period.from)
    .where('i.recorded_at', '<', q.period.to)
    .where(pathsCondition(sql.ref('i.territory_path'), q.paths) as never)
    .execute();
  const out: RatioMap = new Map();
  for (const r of rows) {
    const key = q.level === 'department' ? r.department_id : q.level === 'handler' ? r.handler_id : areaKey(r.grid_code, q.level);
    add(out, key, r.result === 'passed' ? 1 : 0, 1);
  }
  return out;
}

/** Spot-check items behind a group's pass rate (for the trace). */
export async function spotCheckItemsOf(db: Executor, q: SourceQuery, key: string): Promise<{ id: string; caseId: string; result: string }[]> {
  const rows = await db
    .selectFrom('spotcheck_items as i')
    .innerJoin('cases as c', 'c.id', 'i.case_id')
    .select(['i.id', 'i.case_id', 'i.result', 'i.department_id', 'i.handler_id', 'c.grid_code'])
    .where('i.result', '<>', 'pending')
    .where('i.recorded_at', '>=', q.period.from)
    .where('i.recorded_at', '<', q.period.to)
    .where(pathsCondition(sql.ref('i.territory_path'), q.paths) as never)
    .orderBy('i.id')
    .execute();
  return rows
    .filter((r) => (q.level === 'department' ? r.department_id : q.level === 'handler' ? r.handler_id : areaKey(r.grid_code, q.level)) === key)
    .map((r) => ({ id: r.id, caseId: r.case_id, result: r.result }));
}

/** 指令签收率: deliveries made in the period, signed ÷ delivered; by the receiving unit's area or the person (posts). */
export async function directiveSignRates(db: Executor, q: SourceQuery): Promise<RatioMap> {
  if (q.level === 'department') return new Map();
  const rows = await db
    .selectFrom('directive_deliveries as d')
    .innerJoin('directives as x', 'x.id', 'd.directive_id')
    .select(['d.unit_code', 'd.person_id', 'd.signed_at', 'x.sign_deadline'])
    .where('d.delivered_at', '>=', q.period.from)
    .where('d.delivered_at', '<', q.period.to)
    .where(pathsCondition(sql.ref('d.territory_path'), q.paths) as never)
    .execute();
  const out: RatioMap = new Map();
  for (const r of rows) {
    // Signed late (after the sign deadline) does not count as signed.
    const signed = r.signed_at !== null && (!r.sign_deadline || new Date(r.signed_at).getTime() <= new Date(r.sign_deadline).getTime());
    add(out, q.level === 'handler' ? r.person_id : areaKey(r.unit_code, q.level), signed ? 1 : 0, 1);
  }
  return out;
}

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3600_000;

function chinaDate(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * 日报报送率: for each campaign duty day (a phase with daily_report) inside the period and each grid
 * under the campaign's territory, one report is expected; filed ÷ expected, by the grid's area.
 */
export async function dailyReportRates(db: Executor, q: SourceQuery): Promise<RatioMap> {
  if (q.level === 'department' || q.level === 'handler') return new Map();
  const campaigns = await db.selectFrom('campaigns').selectAll().where('starts_at', '<', q.period.to).where('ends_at', '>', q.period.from).execute();
  const out: RatioMap = new Map();
  for (const c of campaigns) {
    const phases = await db.selectFrom('campaign_phases').selectAll().where('campaign_id', '=', c.id).execute();
    const startMs = Math.max(Date.parse(q.period.from), new Date(c.starts_at).getTime());
    const endMs = Math.min(Date.parse(q.period.to), new Date(c.ends_at).getTime());
    const days: string[] = [];
    for (let ms = startMs; ms < endMs; ms += DAY_MS) {
      const day = chinaDate(ms);
      if (!days.includes(day) && isDutyDay(phases, day)) days.push(day);
    }
    if (days.length === 0) continue;
    const grids = await db
      .selectFrom('territory_nodes')
      .select(['code', 'path'])
      .where('level', '=', 'grid')
      .where('path', 'like', `${c.territory_path}%`)
      .where(pathsCondition(sql.ref('path'), q.paths) as never)
      .execute();
    const filed = await db
      .selectFrom('campaign_daily_reports')
      .select(['grid_code', 'report_date'])
      .where('campaign_id', '=', c.id)
      .where('report_date', 'in', days)
      .execute();
    const filedSet = new Set(filed.map((f) => `${f.grid_code}|${f.report_date}`));
    for (const g of grids) for (const d of days) add(out, areaKey(g.code, q.level), filedSet.has(`${g.code}|${d}`) ? 1 : 0, 1);
  }
  return out;
}

/**
 * 巡逻达标率: planned patrol visits whose slot ended in the period, fulfilled ÷ planned; a visit is
 * fulfilled when the planned worker checked in at the site within the slot. By the site's area or the worker.
 */
export async function patrolComplianceRates(db: Executor, q: SourceQuery): Promise<RatioMap> {
  if (q.level === 'department') return new Map();
  const rows = await db
    .selectFrom('patrol_plan_visits as v')
    .innerJoin('patrol_sites as s', 's.id', 'v.site_id')
    .select([
      'v.worker_id',
      's.grid_code',
      sql<number>`case when exists (select 1 from patrol_checkins k where k.site_id = v.site_id and k.worker_id = v.worker_id and k.at >= v.slot_start and k.at < v.slot_end) then 1 else 0 end`.as('done'),
    ])
    .where('v.slot_end', '>=', q.period.from)
    .where('v.slot_end', '<', q.period.to)
    .where(pathsCondition(sql.ref('s.territory_path'), q.paths) as never)
    .execute();
  const out: RatioMap = new Map();
  for (const r of rows) add(out, q.level === 'handler' ? r.worker_id : areaKey(r.grid_code, q.level), Number(r.done), 1);
  return out;
}
