import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { systemActor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { inTransaction, type AppContext } from '../../context.ts';
import type { Executor, Trx } from '../../storage/db.ts';
import { chunksOf } from '../../storage/chunked.ts';
import type { AccountabilityRecordRow, CaseEventRow } from '../../storage/schema.ts';
import { pathOfCode } from '../../../shared/territory/codes.ts';
import { isDutyDay } from '../campaigns/dailyReports.ts';
import { caseResponsibilityChain, newChainLookups } from './responsibilityChain.ts';
import { chinaDay } from '../../../shared/time/china.ts';

type Draft = Omit<AccountabilityRecordRow, 'id' | 'state' | 'measure' | 'reason' | 'decided_by' | 'decided_at' | 'created_at' | 'person_name'>;
const iso = (v: string | Date) => new Date(v).toISOString();
const DAY_MS = 86_400_000;

const STAGE_ZH: Record<string, string> = { filing: '立案', dispatch: '派遣', handling: '处置', verification: '核查' };

/**
 * 超期: every stage deadline that passed in the period (before now) while the case sat in it — open and
 * overdue, or left late. The person and unit are the chain link's in which the deadline passed
 * (responsibilityChain.ts): the handler and department while handling, the grid (and whoever acted next)
 * in the other stages. One record per case and missed deadline (source id `caseId:dueAt`).
 */
async function missedDeadlines(db: Executor, o: { prefix: string; from: string; to: string; now: string }): Promise<Draft[]> {
  const end = o.now < o.to ? o.now : o.to;
  const rows = await db
    .selectFrom('cases')
    .selectAll()
    .where('territory_path', 'like', `${o.prefix}%`)
    .where('created_at', '<', end)
    .where((eb) => eb.or([eb('closed_at', 'is', null), eb('closed_at', '>=', o.from)]))
    .where((eb) => eb.or([eb('overdue_count', '>', 0), eb.and([eb('stage_due_at', 'is not', null), eb('stage_due_at', '<', end)])]))
    .execute();
  const out: Draft[] = [];
  const lookups = newChainLookups();
  // 200 cases per step: their events are read in one query, then each case's chain is walked.
  for (const batch of chunksOf(rows, 200)) {
    const events = new Map<string, CaseEventRow[]>();
    for (const e of await db.selectFrom('case_events').selectAll().where('case_id', 'in', batch.map((r) => r.id)).execute()) {
      const own = events.get(e.case_id);
      if (own) own.push(e);
      else events.set(e.case_id, [e]);
    }
    for (const r of batch) {
      const chain = await caseResponsibilityChain(db, r, events.get(r.id) ?? [], o.now, lookups);
      for (const link of chain) {
        if (!link.missedDeadline || !link.dueAt || link.dueAt < o.from || link.dueAt >= end) continue;
        out.push({
          source_kind: 'case_overdue', source_id: `${r.id}:${link.dueAt}`, case_id: r.id,
          person_id: link.holderId, department_id: link.unitKind === 'department' ? link.unitId : null,
          unit_code: r.grid_code, territory_path: r.territory_path, occurred_at: link.dueAt,
          summary: `案件 ${r.case_no} 超出${STAGE_ZH[link.stage ?? ''] ?? ''}时限（${link.unitName}${link.holderName ? ` · ${link.holderName}` : ''}）/ missed the ${link.stage ?? ''} deadline`,
        });
      }
    }
  }
  return out;
}

/** 核查未通过: each rework event in the period; the person is whoever reported the case handled just before it. */
async function failedVerifications(db: Executor, o: { prefix: string; from: string; to: string }): Promise<Draft[]> {
  const rows = await sql<{ id: string; at: string | Date; case_id: string; case_no: string; grid_code: string; territory_path: string; department_id: string | null; done_by: string | null }>`
    select e.id, e.at, c.id as case_id, c.case_no, c.grid_code, c.territory_path, c.department_id,
      (select p.actor_id from case_events p where p.case_id = e.case_id and p.action in ('complete', 'self_resolve') and p.at <= e.at order by p.at desc, p.id desc limit 1) as done_by
    from case_events e join cases c on c.id = e.case_id
    where e.action = 'rework' and e.at >= ${o.from} and e.at < ${o.to} and c.territory_path like ${`${o.prefix}%`}`.execute(db);
  return rows.rows.map((r) => ({
    source_kind: 'case_rework', source_id: r.id, case_id: r.case_id, person_id: r.done_by, department_id: r.department_id,
    unit_code: r.grid_code, territory_path: r.territory_path, occurred_at: iso(r.at), summary: `案件 ${r.case_no} 核查未通过，返工 / failed verification`,
  }));
}

/** 抽查不合格: failed spot-check items recorded in the period; the handler and department at closing (for a case resolved on the spot, the grid worker who resolved it). */
async function failedSpotChecks(db: Executor, o: { prefix: string; from: string; to: string }): Promise<Draft[]> {
  const rows = await db
    .selectFrom('spotcheck_items as i')
    .innerJoin('cases as c', 'c.id', 'i.case_id')
    .select(['i.id', 'i.case_id', 'i.handler_id', 'i.department_id', 'i.territory_path', 'i.recorded_at', 'c.case_no', 'c.grid_code', 'c.self_resolved_by'])
    .where('i.result', '=', 'failed')
    .where('i.recorded_at', '>=', o.from)
    .where('i.recorded_at', '<', o.to)
    .where('i.territory_path', 'like', `${o.prefix}%`)
    .execute();
  return rows.map((r) => ({
    source_kind: 'spotcheck_failed', source_id: r.id, case_id: r.case_id, person_id: r.handler_id ?? r.self_resolved_by, department_id: r.department_id,
    unit_code: r.grid_code, territory_path: r.territory_path, occurred_at: iso(r.recorded_at!), summary: `案件 ${r.case_no} 随机抽查不合格 / failed a spot check`,
  }));
}

/** 未签收: deliveries still unsigned whose directive's sign deadline passed in the period (before now). */
async function unsignedDirectives(db: Executor, o: { prefix: string; from: string; to: string; now: string }): Promise<Draft[]> {
  const end = o.now < o.to ? o.now : o.to;
  const rows = await db
    .selectFrom('directive_deliveries as d')
    .innerJoin('directives as x', 'x.id', 'd.directive_id')
    .select(['d.directive_id', 'd.assignment_id', 'd.person_id', 'd.unit_code', 'd.territory_path', 'x.title', 'x.sign_deadline'])
    .where('d.signed_at', 'is', null)
    .where('x.sign_deadline', '>=', o.from)
    .where('x.sign_deadline', '<', end)
    .where('d.territory_path', 'like', `${o.prefix}%`)
    .execute();
  return rows.map((r) => ({
    source_kind: 'directive_unsigned', source_id: `${r.directive_id}:${r.assignment_id}`, case_id: null, person_id: r.person_id, department_id: null,
    unit_code: r.unit_code, territory_path: r.territory_path, occurred_at: iso(r.sign_deadline!), summary: `指令「${r.title}」逾期未签收 / directive not signed in time`,
  }));
}

/** 日报缺报: campaign duty days (ended before now) in the period with no report from a grid; the grid leader answers for it. */
async function missedDailyReports(db: Executor, o: { prefix: string; from: string; to: string; now: string }): Promise<Draft[]> {
  const out: Draft[] = [];
  const campaigns = await db.selectFrom('campaigns').selectAll().where('starts_at', '<', o.to).where('ends_at', '>', o.from).execute();
  for (const c of campaigns) {
    const phases = await db.selectFrom('campaign_phases').selectAll().where('campaign_id', '=', c.id).execute();
    const endMs = Math.min(Date.parse(o.to), new Date(c.ends_at).getTime(), Date.parse(o.now));
    const days: string[] = [];
    for (let ms = Math.max(Date.parse(o.from), new Date(c.starts_at).getTime()); ms + DAY_MS <= endMs + DAY_MS; ms += DAY_MS) {
      const day = chinaDay(ms);
      const dayEnd = Date.parse(`${day}T00:00:00+08:00`) + DAY_MS;
      if (dayEnd <= Date.parse(o.now) && !days.includes(day) && isDutyDay(phases, day)) days.push(day);
    }
    if (!days.length) continue;
    const grids = await db.selectFrom('territory_nodes').select(['code', 'path']).where('level', '=', 'grid').where('path', 'like', `${c.territory_path}%`).where('path', 'like', `${o.prefix}%`).execute();
    const filed = new Set((await db.selectFrom('campaign_daily_reports').select(['grid_code', 'report_date']).where('campaign_id', '=', c.id).execute()).map((f) => `${f.grid_code}|${f.report_date}`));
    const leaders = new Map((await db.selectFrom('role_assignments').select(['scope_code', 'user_id']).where('role', '=', 'grid_leader').execute()).map((r) => [r.scope_code, r.user_id]));
    for (const g of grids) for (const d of days) {
      if (filed.has(`${g.code}|${d}`)) continue;
      out.push({
        source_kind: 'daily_report_missed', source_id: `${c.id}:${g.code}:${d}`, case_id: null, person_id: leaders.get(g.code) ?? null, department_id: null,
        unit_code: g.code, territory_path: g.path, occurred_at: new Date(Date.parse(`${d}T00:00:00+08:00`) + DAY_MS).toISOString(), summary: `「${c.name}」${d} 日报未报 / daily report missing`,
      });
    }
  }
  return out;
}

/** 巡逻空档: missed patrol slots (gap alerts) in the period; the worker planned for that slot, if any. */
async function uncoveredPatrols(db: Executor, o: { prefix: string; from: string; to: string }): Promise<Draft[]> {
  const rows = await db
    .selectFrom('patrol_gap_alerts as g')
    .innerJoin('patrol_sites as s', 's.id', 'g.site_id')
    .select([
      'g.site_id', 'g.slot_start', 'g.slot_end', 's.name', 's.grid_code', 's.territory_path',
      sql<string | null>`(select v.worker_id from patrol_plan_visits v where v.site_id = g.site_id and v.slot_start < g.slot_end and v.slot_end > g.slot_start order by v.id limit 1)`.as('worker_id'),
    ])
    .where('g.slot_end', '>=', o.from)
    .where('g.slot_end', '<', o.to)
    .where('s.territory_path', 'like', `${o.prefix}%`)
    .execute();
  return rows.map((r) => ({
    source_kind: 'patrol_gap', source_id: `${r.site_id}:${iso(r.slot_start)}`, case_id: null, person_id: r.worker_id, department_id: null,
    unit_code: r.grid_code, territory_path: r.territory_path, occurred_at: iso(r.slot_end), summary: `重点部位「${r.name}」巡逻空档 / patrol window uncovered`,
  }));
}

/**
 * 责任追究 records from the data for [from, to) under a territory: idempotent — one record per source
 * (unique source_kind + source_id; reruns insert only what is new). Returns the counts inserted per kind.
 */
export async function generateAccountabilityRecords(trx: Trx, o: { actor: Actor; from: string; to: string; scopePath: string; now: Date }) {
  const q = { prefix: o.scopePath, from: o.from, to: o.to, now: o.now.toISOString() };
  const drafts = [
    ...(await missedDeadlines(trx, q)),
    ...(await failedVerifications(trx, q)),
    ...(await failedSpotChecks(trx, q)),
    ...(await unsignedDirectives(trx, q)),
    ...(await missedDailyReports(trx, q)),
    ...(await uncoveredPatrols(trx, q)),
  ];
  const people = [...new Set(drafts.map((d) => d.person_id).filter((x): x is string => !!x))];
  const names = new Map(people.length ? (await trx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', people).execute()).map((u) => [u.id, u.display_name]) : []);
  const inserted: Record<string, number> = {};
  const nowIso = o.now.toISOString();
  for (const d of drafts) {
    const r = await trx
      .insertInto('accountability_records')
      .values({ ...d, id: uuidv7(), person_name: d.person_id ? names.get(d.person_id) ?? null : null, state: 'pending', measure: null, reason: null, decided_by: null, decided_at: null, created_at: nowIso, territory_path: d.territory_path || pathOfCode(d.unit_code) })
      .onConflict((oc) => oc.columns(['source_kind', 'source_id']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) inserted[d.source_kind] = (inserted[d.source_kind] ?? 0) + 1;
  }
  const total = Object.values(inserted).reduce((a, b) => a + b, 0);
  if (total > 0) await appendAudit(trx, o.actor, { action: 'accountability.generate', recordType: 'accountability', after: { from: o.from, to: o.to, scope: o.scopePath, inserted } });
  return { inserted, total, candidates: drafts.length };
}

/** Job entry point: generate everywhere for [from, to) as the system. */
export async function generateAccountability(ctx: AppContext, o: { from: string; to: string }) {
  return inTransaction(ctx, (trx) => generateAccountabilityRecords(trx, { actor: systemActor('accountability-job'), from: o.from, to: o.to, scopePath: '', now: ctx.now() }));
}
