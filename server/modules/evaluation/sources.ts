import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../storage/db.ts';
import { isDutyDay } from '../campaigns/dailyReports.ts';
import { chinaDay } from '../../../shared/time/china.ts';

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

/** One record behind a non-case component: its group key and whether it counts in the numerator. */
export interface SourceRecord {
  key: string | null;
  counted: boolean;
  /** What the console lists in the drill-down. */
  detail: Record<string, string | number | boolean | null>;
}

/** Numerator/denominator per group from the records behind a component (the trace lists the same records). */
export function ratiosOf(records: readonly SourceRecord[]): RatioMap {
  const out: RatioMap = new Map();
  for (const r of records) add(out, r.key, r.counted ? 1 : 0, 1);
  return out;
}

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

/** 抽查合格率 records: recorded spot-check items in the period (passed counts); by the case's area, department at closing, or handler at closing. */
export async function spotCheckRecords(db: Executor, q: SourceQuery): Promise<SourceRecord[]> {
  const rows = await db
    .selectFrom('spotcheck_items as i')
    .innerJoin('cases as c', 'c.id', 'i.case_id')
    .leftJoin('users as u', 'u.id', 'i.inspector_id')
    .select(['i.id', 'i.case_id', 'i.result', 'i.department_id', 'i.handler_id', 'i.recorded_at', 'i.note', 'c.grid_code', 'c.case_no', 'u.display_name as inspector_name'])
    .where('i.result', '<>', 'pending')
    .where('i.recorded_at', '>=', q.period.from)
    .where('i.recorded_at', '<', q.period.to)
    .where(pathsCondition(sql.ref('i.territory_path'), q.paths) as never)
    .orderBy('i.id')
    .execute();
  return rows.map((r) => ({
    key: q.level === 'department' ? r.department_id : q.level === 'handler' ? r.handler_id : areaKey(r.grid_code, q.level),
    counted: r.result === 'passed',
    detail: { id: r.id, caseId: r.case_id, caseNo: r.case_no, result: r.result, inspector: r.inspector_name, at: iso(r.recorded_at), note: r.note },
  }));
}

/** 抽查合格率: passed ÷ recorded per group. */
export async function spotCheckPassRates(db: Executor, q: SourceQuery): Promise<RatioMap> {
  return ratiosOf(await spotCheckRecords(db, q));
}

/** 指令签收率 records: deliveries made in the period (signed by the sign deadline counts); by the receiving unit's area or the person (posts). */
export async function directiveRecords(db: Executor, q: SourceQuery): Promise<SourceRecord[]> {
  if (q.level === 'department') return [];
  const rows = await db
    .selectFrom('directive_deliveries as d')
    .innerJoin('directives as x', 'x.id', 'd.directive_id')
    .leftJoin('users as u', 'u.id', 'd.person_id')
    .select(['d.directive_id', 'd.assignment_id', 'd.unit_code', 'd.person_id', 'd.delivered_at', 'd.signed_at', 'x.sign_deadline', 'x.title', 'u.display_name as person_name'])
    .where('d.delivered_at', '>=', q.period.from)
    .where('d.delivered_at', '<', q.period.to)
    .where(pathsCondition(sql.ref('d.territory_path'), q.paths) as never)
    .orderBy('d.delivered_at')
    .orderBy('d.directive_id')
    .orderBy('d.assignment_id')
    .execute();
  return rows.map((r) => {
    // Signed late (after the sign deadline) does not count as signed.
    const signed = r.signed_at !== null && (!r.sign_deadline || new Date(r.signed_at).getTime() <= new Date(r.sign_deadline).getTime());
    return {
      key: q.level === 'handler' ? r.person_id : areaKey(r.unit_code, q.level),
      counted: signed,
      detail: { directiveId: r.directive_id, title: r.title, person: r.person_name, unitCode: r.unit_code, deliveredAt: iso(r.delivered_at), signDeadline: iso(r.sign_deadline), signedAt: iso(r.signed_at) },
    };
  });
}

/** 指令签收率: signed on time ÷ delivered per group. */
export async function directiveSignRates(db: Executor, q: SourceQuery): Promise<RatioMap> {
  return ratiosOf(await directiveRecords(db, q));
}

const DAY_MS = 86_400_000;
const chinaDate = (ms: number): string => chinaDay(ms);

/**
 * 日报报送率 records: for each campaign duty day (a phase with daily_report) inside the period and each
 * grid under the campaign's territory, one report is expected (filed counts); by the grid's area.
 */
export async function dailyReportRecords(db: Executor, q: SourceQuery): Promise<SourceRecord[]> {
  if (q.level === 'department' || q.level === 'handler') return [];
  const campaigns = await db.selectFrom('campaigns').selectAll().where('starts_at', '<', q.period.to).where('ends_at', '>', q.period.from).orderBy('id').execute();
  const out: SourceRecord[] = [];
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
      .select(['code', 'path', 'name_zh'])
      .where('level', '=', 'grid')
      .where('path', 'like', `${c.territory_path}%`)
      .where(pathsCondition(sql.ref('path'), q.paths) as never)
      .orderBy('code')
      .execute();
    const filed = await db
      .selectFrom('campaign_daily_reports')
      .select(['grid_code', 'report_date', 'reporter_name'])
      .where('campaign_id', '=', c.id)
      .where('report_date', 'in', days)
      .execute();
    const filedBy = new Map(filed.map((f) => [`${f.grid_code}|${f.report_date}`, f.reporter_name]));
    for (const g of grids) {
      for (const d of days) {
        const by = filedBy.get(`${g.code}|${d}`);
        out.push({ key: areaKey(g.code, q.level), counted: by !== undefined, detail: { campaignId: c.id, campaign: c.name, gridCode: g.code, grid: g.name_zh, date: d, filedBy: by ?? null } });
      }
    }
  }
  return out;
}

/** 日报报送率: filed ÷ expected per group. */
export async function dailyReportRates(db: Executor, q: SourceQuery): Promise<RatioMap> {
  return ratiosOf(await dailyReportRecords(db, q));
}

/**
 * 巡逻达标率 records: planned patrol visits whose slot ended in the period; a visit counts when the
 * planned worker checked in at the site within the slot. By the site's area or the worker.
 */
export async function patrolRecords(db: Executor, q: SourceQuery): Promise<SourceRecord[]> {
  if (q.level === 'department') return [];
  const rows = await db
    .selectFrom('patrol_plan_visits as v')
    .innerJoin('patrol_sites as s', 's.id', 'v.site_id')
    .leftJoin('users as u', 'u.id', 'v.worker_id')
    .select([
      'v.id',
      'v.worker_id',
      'v.slot_start',
      'v.slot_end',
      's.name',
      's.grid_code',
      'u.display_name as worker_name',
      sql<number>`case when exists (select 1 from patrol_checkins k where k.site_id = v.site_id and k.worker_id = v.worker_id and k.at >= v.slot_start and k.at < v.slot_end) then 1 else 0 end`.as('done'),
    ])
    .where('v.slot_end', '>=', q.period.from)
    .where('v.slot_end', '<', q.period.to)
    .where(pathsCondition(sql.ref('s.territory_path'), q.paths) as never)
    .orderBy('v.slot_start')
    .orderBy('v.id')
    .execute();
  return rows.map((r) => ({
    key: q.level === 'handler' ? r.worker_id : areaKey(r.grid_code, q.level),
    counted: Number(r.done) === 1,
    detail: { visitId: r.id, site: r.name, gridCode: r.grid_code, worker: r.worker_name, slotStart: iso(r.slot_start), slotEnd: iso(r.slot_end) },
  }));
}

/** 巡逻达标率: fulfilled ÷ planned per group. */
export async function patrolComplianceRates(db: Executor, q: SourceQuery): Promise<RatioMap> {
  return ratiosOf(await patrolRecords(db, q));
}
