import { scrubPersonalData } from '../../../shared/privacy/scrub.ts';
import { allowedIds } from '../../access/access.ts';
import { sql } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import { AppError } from '../../errors.ts';
import type { AccountabilitySourceKind } from '../../../shared/supervision/accountability.ts';
import type { Executor } from '../../storage/db.ts';
import { getKpis, type KpiTable } from '../analytics/getKpis.ts';
import { resolveScope } from '../cases/resolveScope.ts';
import { getEvaluation, narrowedPaths } from '../evaluation/getEvaluation.ts';
import { dailyReportRates, directiveSignRates, patrolComplianceRates, pathsCondition, type EvaluationLevel, type RatioMap } from '../evaluation/sources.ts';
import { presentFollowup } from '../followups/followup.ts';
import { followupsOfCampaign } from '../followups/lookups.ts';

const iso = (v: string | Date) => new Date(v).toISOString();
const num = (v: unknown) => Number(v ?? 0);
const round4 = (v: number) => Math.round(v * 10_000) / 10_000;

/** 下一级: the level the weakest-unit ranking compares inside a campaign's territory. */
const LEVEL_BELOW: Record<string, EvaluationLevel> = { province: 'county', city: 'county', county: 'street', street: 'community', community: 'grid', grid: 'grid' };

/** Every source kind is named (a new kind fails the typecheck here until it has a label). */
const ACCOUNTABILITY_KINDS: Record<AccountabilitySourceKind, string> = {
  case_overdue: '案件超时',
  case_rework: '核查返工',
  spotcheck_failed: '抽查不合格',
  directive_unsigned: '指令逾期未签收',
  daily_report_missed: '日报未报',
  patrol_gap: '巡逻空档',
  followup_overdue: '整改项逾期',
};

export interface AarOptions {
  actor: Actor;
  campaignId: string;
  now: Date;
}

function sumRatios(m: RatioMap): { numerator: number; denominator: number; rate: number | null } {
  let numerator = 0;
  let denominator = 0;
  for (const r of m.values()) {
    numerator += r.numerator;
    denominator += r.denominator;
  }
  return { numerator, denominator, rate: denominator ? round4(numerator / denominator) : null };
}

/**
 * 专项行动总结评估 (after-action review) of one campaign: timeline of key events, KPI deltas against the
 * same length of time immediately before, hotspots, weakest units, accountability summary and the
 * follow-up items (长效机制). The campaign period is [starts_at, min(ends_at, now)). Reads only.
 */
export async function buildAar(db: Executor, o: AarOptions) {
  const missing = () => new AppError('NOT_FOUND', `campaign: 专项行动 ${o.campaignId} 不存在 / campaign not found`, 'campaign');
  // A campaign the caller may not see is missing (404), whatever their reporting rights.
  if (!(await allowedIds(db, { actor: o.actor, action: 'campaign.read', resource: 'campaign', ids: [o.campaignId] })).has(o.campaignId)) throw missing();
  const campaign = await db.selectFrom('campaigns').selectAll().where('id', '=', o.campaignId).executeTakeFirst();
  if (!campaign) throw missing();
  let scoped: Awaited<ReturnType<typeof resolveScope>>;
  try {
    scoped = await resolveScope(db, o.actor, 'report.read', campaign.territory_code);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') throw missing();
    throw err;
  }
  const { scope, prefix } = scoped;
  const nowIso = o.now.toISOString();
  if (nowIso <= campaign.starts_at) throw new AppError('VALIDATION_FAILED', 'campaign: 专项行动尚未开始，无法总结 / the campaign has not started yet', 'campaign');
  const during = { from: campaign.starts_at, to: campaign.ends_at < nowIso ? campaign.ends_at : nowIso };
  const lengthMs = Date.parse(during.to) - Date.parse(during.from);
  const before = { from: new Date(Date.parse(during.from) - lengthMs).toISOString(), to: during.from };
  const paths = narrowedPaths(scope, prefix);
  const inScope = pathsCondition(sql.ref('c.territory_path'), paths);
  const node = await db.selectFrom('territory_nodes').select(['name_zh', 'level']).where('code', '=', campaign.territory_code).executeTakeFirst();
  const phases = await db.selectFrom('campaign_phases').selectAll().where('campaign_id', '=', campaign.id).orderBy('starts_at').execute();

  // ---- KPI deltas (analytics KPI functions over both periods) ----
  const kpisOf = (period: { from: string; to: string }) => getKpis(db, { scope, prefix, period, now: o.now, groupBy: 'total' });
  const reportedIn = async (period: { from: string; to: string }) =>
    num((await sql<{ n: number | string }>`select count(*) as n from cases c where ${inScope} and c.created_at >= ${period.from} and c.created_at < ${period.to}`.execute(db)).rows[0]?.n);
  const sourcesOf = async (period: { from: string; to: string }) => {
    const q = { paths, period, level: 'county' as const };
    return { directiveSign: sumRatios(await directiveSignRates(db, q)), dailyReport: sumRatios(await dailyReportRates(db, q)), patrolCompliance: sumRatios(await patrolComplianceRates(db, q)) };
  };
  const [kBefore, kDuring, rBefore, rDuring, sBefore, sDuring] = [await kpisOf(before), await kpisOf(during), await reportedIn(before), await reportedIn(during), await sourcesOf(before), await sourcesOf(during)];
  const delta = (b: number | null, d: number | null) => (b === null || d === null ? null : round4(d - b));
  const countRow = (key: string, labelZh: string, b: number, d: number) => ({ key, labelZh, unit: 'count' as const, before: b, during: d, delta: d - b });
  const rateRow = (key: string, labelZh: string, b: number | null, d: number | null, lowerIsBetter = false) => ({ key, labelZh, unit: 'rate' as const, before: b, during: d, delta: delta(b, d), lowerIsBetter });
  const t = (k: KpiTable) => k.total;
  const kpiDeltas = [
    countRow('reported', '新上报案件', rBefore, rDuring),
    countRow('due', '应结案数', t(kBefore).counts.due, t(kDuring).counts.due),
    countRow('closed', '结案数', t(kBefore).counts.closed, t(kDuring).counts.closed),
    countRow('overdueUnclosed', '超期未结案数', t(kBefore).counts.overdue_unclosed, t(kDuring).counts.overdue_unclosed),
    rateRow('closure', '结案率', t(kBefore).rates.closure, t(kDuring).rates.closure),
    rateRow('onTime', '按期结案率', t(kBefore).rates.onTime, t(kDuring).rates.onTime),
    rateRow('rework', '返工率', t(kBefore).rates.rework, t(kDuring).rates.rework, true),
    rateRow('extension', '延期率', t(kBefore).rates.extension, t(kDuring).rates.extension, true),
    rateRow('gridResolution', '就地化解率', t(kBefore).rates.gridResolution, t(kDuring).rates.gridResolution),
    rateRow('directiveSign', '指令签收率', sBefore.directiveSign.rate, sDuring.directiveSign.rate),
    rateRow('dailyReport', '日报报送率', sBefore.dailyReport.rate, sDuring.dailyReport.rate),
    rateRow('patrolCompliance', '巡逻达标率', sBefore.patrolCompliance.rate, sDuring.patrolCompliance.rate),
  ];

  // ---- Hotspots: grids and categories with the most new cases during the campaign ----
  // New cases per grid / per category, during the campaign and in the equal period before it.
  const countBy = async (key: 'grid_code' | 'category_code', names: 'territory_nodes' | 'case_categories') =>
    (
      await sql<{ code: string; name: string | null; during: number | string; before: number | string }>`
        select c.${sql.ref(key)} as code, n.name_zh as name,
          sum(case when c.created_at >= ${during.from} then 1 else 0 end) as during,
          sum(case when c.created_at < ${during.from} then 1 else 0 end) as before
        from cases c left join ${sql.table(names)} n on n.code = c.${sql.ref(key)}
        where ${inScope} and c.created_at >= ${before.from} and c.created_at < ${during.to}
        group by c.${sql.ref(key)}, n.name_zh`.execute(db)
    ).rows.map((r) => ({ code: r.code, name: r.name ?? r.code, during: num(r.during), before: num(r.before) }));
  const grids = await countBy('grid_code', 'territory_nodes');
  const categories = await countBy('category_code', 'case_categories');
  const top = <T extends { code: string; during: number }>(rows: T[]) => rows.filter((r) => r.during > 0).sort((a, b) => b.during - a.during || (a.code < b.code ? -1 : 1)).slice(0, 10);
  const hotspots = { grids: top(grids), categories: top(categories) };

  // ---- Weakest units: lowest evaluation scores one level below the campaign's territory ----
  const level = LEVEL_BELOW[node?.level ?? 'county'] ?? 'street';
  const evaluation = await getEvaluation(db, { scope, prefix, period: during, now: o.now, level });
  const weakestUnits = {
    level,
    rows: evaluation.rows
      .filter((r) => r.score !== null)
      .sort((a, b) => a.score! - b.score! || (a.key < b.key ? -1 : 1))
      .slice(0, 5)
      .map((r) => ({ key: r.key, name: r.name, score: r.score, grade: r.grade?.grade ?? null, onTime: r.components.find((c) => c.key === 'onTime')?.rate ?? null, closure: r.components.find((c) => c.key === 'closure')?.rate ?? null })),
  };

  // ---- Accountability summary (records of the campaign period inside its territory) ----
  const records = await db
    .selectFrom('accountability_records')
    .select(['id', 'source_kind', 'state', 'measure', 'person_name', 'summary', 'decided_at', 'occurred_at'])
    .where(pathsCondition(sql.ref('territory_path'), paths) as never)
    .where('occurred_at', '>=', during.from)
    .where('occurred_at', '<', during.to)
    .execute();
  const byKind = new Map<string, { kind: string; labelZh: string; total: number; pending: number; confirmed: number; waived: number }>();
  const byMeasure = { reminder: 0, criticism: 0, referral: 0 };
  const byPerson = new Map<string, number>();
  for (const r of records) {
    const k = byKind.get(r.source_kind) ?? { kind: r.source_kind, labelZh: ACCOUNTABILITY_KINDS[r.source_kind as AccountabilitySourceKind] ?? r.source_kind, total: 0, pending: 0, confirmed: 0, waived: 0 };
    k.total += 1;
    if (r.state === 'pending' || r.state === 'confirmed' || r.state === 'waived') k[r.state] += 1;
    byKind.set(r.source_kind, k);
    if (r.state === 'confirmed' && r.measure && r.measure in byMeasure) byMeasure[r.measure as keyof typeof byMeasure] += 1;
    if (r.person_name) byPerson.set(r.person_name, (byPerson.get(r.person_name) ?? 0) + 1);
  }
  const accountability = {
    total: records.length,
    byKind: [...byKind.values()].sort((a, b) => b.total - a.total || (a.kind < b.kind ? -1 : 1)),
    confirmedByMeasure: byMeasure,
    topPersons: [...byPerson.entries()].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1)).slice(0, 5),
  };

  // ---- Timeline of key events ----
  type Event = { at: string; kind: string; title: string; detail: string | null; ref: string | null };
  const timeline: Event[] = [];
  for (const p of phases) {
    timeline.push({ at: iso(p.starts_at), kind: 'phase_start', title: `${p.name}开始`, detail: null, ref: p.id });
    if (p.ends_at <= during.to) timeline.push({ at: iso(p.ends_at), kind: 'phase_end', title: `${p.name}结束`, detail: null, ref: p.id });
  }
  const directives = (
    await sql<{ id: string; title: string; created_at: string | Date; issuer_name: string; delivered: number | string; signed: number | string }>`
      select x.id, x.title, x.created_at, x.issuer_name, count(d.person_id) as delivered, sum(case when d.signed_at is not null then 1 else 0 end) as signed
      from directives x left join directive_deliveries d on d.directive_id = x.id
      where x.campaign_id = ${campaign.id}
      group by x.id, x.title, x.created_at, x.issuer_name`.execute(db)
  ).rows;
  for (const d of directives) timeline.push({ at: iso(d.created_at), kind: 'directive', title: `下发指令「${d.title}」`, detail: `${d.issuer_name} · 签收 ${num(d.signed)}/${num(d.delivered)}`, ref: d.id });
  const escalatedCases = (
    await sql<{ id: string; case_no: string; description: string; supervised_at: string | Date | null; escalated_at: string | Date | null; escalation_level: number }>`
      select c.id, c.case_no, c.description, c.supervised_at, c.escalated_at, c.escalation_level from cases c
      where ${inScope} and ((c.supervised_at >= ${during.from} and c.supervised_at < ${during.to}) or (c.escalated_at >= ${during.from} and c.escalated_at < ${during.to}))
      order by c.case_no limit 100`.execute(db)
  ).rows;
  for (const c of escalatedCases) {
    if (c.escalated_at && iso(c.escalated_at) >= during.from && iso(c.escalated_at) < during.to) timeline.push({ at: iso(c.escalated_at), kind: 'case_escalated', title: `案件 ${c.case_no} 超时升级`, detail: scrubPersonalData(c.description).slice(0, 60), ref: c.id });
    else if (c.supervised_at) timeline.push({ at: iso(c.supervised_at), kind: 'case_supervised', title: `案件 ${c.case_no} 督办`, detail: scrubPersonalData(c.description).slice(0, 60), ref: c.id });
  }
  const missed = await db.selectFrom('campaign_daily_escalations').selectAll().where('campaign_id', '=', campaign.id).execute();
  for (const m of missed) timeline.push({ at: iso(m.at), kind: 'daily_report_missed', title: `${m.date} 日报催报`, detail: `${m.missing} 个网格未报`, ref: null });
  const MEASURE_ZH: Record<string, string> = { reminder: '提醒', criticism: '通报批评', referral: '移交' };
  for (const r of records) {
    if (r.state === 'confirmed' && r.decided_at) timeline.push({ at: iso(r.decided_at), kind: 'accountability', title: `责任追究：${MEASURE_ZH[r.measure ?? ''] ?? r.measure ?? ''}${r.person_name ? ` · ${r.person_name}` : ''}`, detail: r.summary, ref: r.id });
  }
  timeline.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.kind < b.kind ? -1 : 1));

  // ---- Follow-up items (长效机制) ----
  const items = (await followupsOfCampaign(db, campaign.id)).map((r) => presentFollowup(r, o.now, o.actor));
  const followups = {
    total: items.length,
    open: items.filter((i) => i.state === 'open').length,
    inProgress: items.filter((i) => i.state === 'in_progress').length,
    completed: items.filter((i) => i.state === 'completed').length,
    verified: items.filter((i) => i.state === 'verified').length,
    overdue: items.filter((i) => i.overdue).length,
    items,
  };

  return {
    title: `${campaign.name}总结评估报告`,
    campaign: {
      id: campaign.id,
      name: campaign.name,
      territoryCode: campaign.territory_code,
      territoryName: node?.name_zh ?? campaign.territory_code,
      startsAt: campaign.starts_at,
      endsAt: campaign.ends_at,
      status: nowIso >= campaign.ends_at ? ('ended' as const) : ('running' as const),
      phases: phases.map((p) => ({ kind: p.kind, name: p.name, startsAt: p.starts_at, endsAt: p.ends_at })),
    },
    period: { during, before },
    generatedAt: nowIso,
    timeline: timeline.slice(0, 300),
    kpiDeltas,
    hotspots,
    weakestUnits,
    accountability,
    followups,
  };
}

export type Aar = Awaited<ReturnType<typeof buildAar>>;
