import type { Actor } from '../access/actor.ts';
import { publicActor } from '../access/actor.ts';
import { runSlaScan } from '../jobs/slaScan.ts';
import type { AppContext } from '../context.ts';
import type { Trx } from '../storage/db.ts';
import { CATEGORIES, type CategoryDef } from '../modules/cases/taxonomy.ts';
import { reportCase } from '../modules/cases/reportCase.ts';
import { applyCaseAction } from '../modules/cases/applyCaseAction.ts';
import { planHazardRectification } from '../modules/cases/planHazardRectification.ts';
import { reinspectHazard } from '../modules/cases/reinspectHazard.ts';
import { signOffHazard } from '../modules/cases/signOffHazard.ts';
import { recordMediationSession } from '../modules/cases/recordMediationSession.ts';
import { recordMediationAgreement } from '../modules/cases/recordMediationAgreement.ts';
import { decideDisputeEscalation, requestDisputeEscalation } from '../modules/cases/escalateDispute.ts';
import { locatePoint, type PolygonIndex } from '../modules/territory/gridIndex.ts';
import { CST_OFFSET_MS as CST, localDay as chinaDate } from '../../shared/patrols/dosage.ts';
import { DISTRICT_PROFILES } from './sources.ts';
import { createRng, personName, phoneNumber, type Rng } from './random.ts';
import type { SlaPolicy } from '../../shared/sla/policy.ts';
import {
  caseText,
  EVALUATE_NOTES,
  EXTENSION_REASONS,
  HAZARD_PLANS,
  MEDIATION_SUMMARIES,
  REJECT_REASONS,
  REWORK_REASONS,
  roadName,
  SUSPENSION_REASONS,
} from './demoTexts.ts';

/**
 * The demo's case history (案件历史), replayed through the real use cases: every case is reported with
 * reportCase and moved with applyCaseAction (and the hazard / mediation / dispute-ladder use cases) by
 * the demo person who holds that post, with the clock set to the moment of each step. Step times follow
 * the stage deadlines the use cases computed (mostly inside them, sometimes late), so deadlines,
 * ledgers, overdue counts and KPIs agree. The SLA scan runs every few simulated hours, so 预警 / 督办 /
 * 升级 notices carry the time they would have been sent.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Who performs a step, resolved per case to a demo username. */
type Who = 'reporter' | 'gridWorker' | 'gridLeader' | 'streetSupervisor' | 'streetDispatcher' | 'districtDispatcher' | 'districtLeader' | 'handler';

type Op =
  | 'file' | 'reject' | 'self_resolve' | 'dispatch' | 'accept' | 'complete' | 'verify' | 'rework' | 'close' | 'evaluate'
  | 'request_extension' | 'approve_extension' | 'request_suspension' | 'approve_suspension' | 'request_void' | 'approve_void'
  | 'hazard_plan' | 'hazard_reinspect' | 'hazard_signoff' | 'mediation' | 'agreement' | 'escalate_request' | 'escalate_approve';

interface Step {
  op: Op;
  by: Who;
  /** Done after the stage deadline (超期). */
  late?: boolean;
}

/** What a case is meant to go through; where it stands now is wherever the clock cut it off. */
export type Script =
  | 'closed' | 'closed_late' | 'rework' | 'self_resolved' | 'rejected' | 'voided' | 'extension_pending' | 'extension_closed'
  | 'suspended' | 'stuck_handling' | 'stuck_dispatched' | 'stuck_filing' | 'awaiting_verification'
  | 'hazard_signed_off' | 'hazard_rectifying' | 'dispute_agreed' | 'dispute_ladder';

export interface DemoGrid {
  code: string;
  nameZh: string;
  streetName: string;
  communityName: string;
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

export interface DemoCaseWorld {
  /** username → actor, for every demo person. */
  actors: Map<string, Actor>;
  /** department code → id. */
  departments: Map<string, string>;
  /** grids by district code. */
  gridsByDistrict: Map<string, DemoGrid[]>;
  /** 香铺营第1网格 (worker.demo, leader.demo). */
  demoGridCode: string;
  gridIndex: PolygonIndex;
  /** sha256 of the stand-in site photo (re-inspections that pass need one). */
  photo: string;
}

interface PlannedCase {
  grid: DemoGrid;
  category: CategoryDef;
  script: Script;
  source: 'grid_worker' | 'public' | 'hotline';
  createdAt: number;
  location: { lat: number; lng: number };
  address: string;
  description: string;
  details: Record<string, unknown> | null;
  reporterName: string | null;
  reporterPhone: string | null;
  handlerSlot: 1 | 2;
  steps: Step[];
}

const byCode = new Map(CATEGORIES.map((c) => [c.code, c]));
const cat = (code: string) => byCode.get(code)!;

// Leaf categories by case kind; weights favour what grid workers meet most (garbage, street order, bikes).
const EVENT_CODES = ['0101', '0101', '0103', '0103', '0102', '0201', '0201', '0301', '0302', '0303', '0501', '0501', '0502', '0503', '0504', '0504', '0601', '0602', '0602', '2001', '2002', '4001', '4002', '0104', '0401', '0402', '0403', '0603', '0202'];
const PUBLIC_CODES = ['4001', '4001', '4002', '0101', '0501', '0602', '0301', '0504'];
const HAZARD_CODES = ['2101', '2102', '2103', '2201', '2202', '3101', '3102'];
const DISPUTE_CODES = ['3001', '3002', '3003', '3004'];

const SCRIPT_WEIGHTS: [Script, number][] = [
  ['closed', 56], ['closed_late', 10], ['rework', 6], ['self_resolved', 7], ['rejected', 3], ['voided', 1],
  ['extension_pending', 2], ['extension_closed', 2], ['suspended', 2], ['stuck_handling', 5], ['stuck_dispatched', 2],
  ['stuck_filing', 1], ['awaiting_verification', 3],
];

function weighted<T>(rng: Rng, items: readonly [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rng.next() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1]![0];
}

/** The steps of a script (the happy path of the closed loop with its variations). */
function stepsOf(script: Script, rng: Rng, selfReport: boolean): Step[] {
  const intake: Step[] = [{ op: 'file', by: 'streetSupervisor' }, { op: 'dispatch', by: rng.next() < 0.7 ? 'streetDispatcher' : 'districtDispatcher' }, { op: 'accept', by: 'handler' }];
  const verifier: Who = selfReport ? 'reporter' : 'gridWorker';
  const finish = (late?: Op): Step[] => [
    { op: 'complete', by: 'handler', late: late === 'complete' },
    { op: 'verify', by: verifier, late: late === 'verify' },
    { op: 'close', by: 'streetSupervisor' },
    ...(rng.next() < 0.4 ? [{ op: 'evaluate', by: 'districtLeader' } as Step] : []),
  ];
  switch (script) {
    case 'closed':
      return [...intake, ...finish()];
    case 'closed_late': {
      const late = rng.pick(['accept', 'complete', 'complete', 'verify'] as const);
      const steps = [...intake, ...finish(late)];
      if (late === 'accept') steps[2] = { ...steps[2]!, late: true };
      return steps;
    }
    case 'rework':
      return [...intake, { op: 'complete', by: 'handler' }, { op: 'rework', by: rng.next() < 0.5 ? verifier : 'streetSupervisor' }, ...finish()];
    case 'self_resolved':
      return [{ op: 'self_resolve', by: 'reporter' }, { op: 'verify', by: 'gridLeader' }, { op: 'close', by: 'streetSupervisor' }];
    case 'rejected':
      return [{ op: 'reject', by: 'streetSupervisor' }];
    case 'voided':
      return [{ op: 'file', by: 'streetSupervisor' }, { op: 'request_void', by: 'streetSupervisor' }, { op: 'approve_void', by: 'districtLeader' }];
    case 'extension_pending':
      return [...intake, { op: 'request_extension', by: 'handler' }];
    case 'extension_closed':
      return [...intake, { op: 'request_extension', by: 'handler' }, { op: 'approve_extension', by: 'streetDispatcher' }, ...finish()];
    case 'suspended':
      return [...intake, { op: 'request_suspension', by: 'handler' }, { op: 'approve_suspension', by: 'districtLeader' }];
    case 'stuck_handling':
      return intake;
    case 'stuck_dispatched':
      return intake.slice(0, 2);
    case 'stuck_filing':
      return [];
    case 'awaiting_verification':
      return [...intake, { op: 'complete', by: 'handler' }];
    case 'hazard_signed_off':
      return [...intake, { op: 'hazard_plan', by: 'handler' }, { op: 'complete', by: 'handler' }, { op: 'hazard_reinspect', by: 'streetSupervisor' }, { op: 'hazard_signoff', by: 'districtLeader' }, { op: 'verify', by: 'streetSupervisor' }, { op: 'close', by: 'streetSupervisor' }];
    case 'hazard_rectifying':
      return [...intake, { op: 'hazard_plan', by: 'handler' }];
    case 'dispute_agreed':
      return [...intake, { op: 'mediation', by: 'handler' }, { op: 'agreement', by: 'handler' }, { op: 'complete', by: 'handler' }, { op: 'verify', by: 'streetSupervisor' }, { op: 'close', by: 'streetSupervisor' }];
    case 'dispute_ladder':
      // 网格 → 社区 (the grid leader approves), then 社区 → 街道 (the district leader approves); mediation continues there.
      return [
        { op: 'escalate_request', by: 'reporter' }, { op: 'escalate_approve', by: 'gridLeader' }, { op: 'file', by: 'streetSupervisor' },
        { op: 'escalate_request', by: 'streetSupervisor' }, { op: 'escalate_approve', by: 'districtLeader' },
        { op: 'dispatch', by: 'streetDispatcher' }, { op: 'accept', by: 'handler' }, { op: 'mediation', by: 'handler' },
      ];
  }
}

/** Days before now a script's case is reported: long enough for its steps, recent enough to look current. */
function ageDays(script: Script, rng: Rng): number {
  switch (script) {
    case 'stuck_handling': return rng.int(7, 20) + rng.next();
    case 'stuck_dispatched': return rng.int(3, 8) + rng.next();
    case 'stuck_filing': return rng.int(1, 2) + rng.next();
    case 'extension_pending': case 'suspended': case 'hazard_rectifying': return rng.int(3, 12) + rng.next();
    case 'awaiting_verification': return rng.int(1, 3) + rng.next();
    case 'dispute_ladder': return rng.int(6, 14) + rng.next();
    // Hazards have 20 working days to be rectified, disputes 15: the settled ones started weeks ago.
    case 'hazard_signed_off': case 'dispute_agreed': return rng.int(25, 44) + rng.next();
    default:
      // Most of the history is settled; a fifth is from the last three days and still moving.
      return rng.next() < 0.2 ? rng.next() * 3 : 3 + rng.next() * 42;
  }
}

/** Local (China) midnight of the day holding `t`, as epoch ms. */
export function chinaMidnight(t: number): number {
  const local = t + CST;
  return local - (((local % DAY) + DAY) % DAY) - CST;
}

/** A China-time instant during the day shift (07:30–21:00) on the day `daysAgo` before `now`. */
function dayTime(now: number, daysAgo: number, rng: Rng): number {
  const at = chinaMidnight(now - daysAgo * DAY) + (7.5 + rng.next() * 13.5) * HOUR;
  return Math.min(at, now - rng.int(5, 90) * 60_000);
}

/** Move an instant into office hours (08:00–19:00 China time), the same day or the next morning. */
function officeHours(t: number, rng: Rng): number {
  const h = (((t + CST) % DAY) + DAY) % DAY / HOUR;
  if (h >= 8 && h < 19) return t;
  const toMorning = h < 8 ? 8 - h : 32 - h;
  return t + toMorning * HOUR + rng.int(0, 90) * 60_000;
}

/** A point inside the grid's polygon, kept `margin` (share of the bounding box) away from the box's edges. */
export function pointIn(grid: DemoGrid, index: PolygonIndex, rng: Rng, margin = 0.1): { lat: number; lng: number } {
  const span = 1 - 2 * margin;
  for (let i = 0; i < 80; i++) {
    const lat = grid.minLat + (grid.maxLat - grid.minLat) * (margin + span * rng.next());
    const lng = grid.minLng + (grid.maxLng - grid.minLng) * (margin + span * rng.next());
    if (locatePoint(index, lat, lng) === grid.code) return { lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 };
  }
  throw new Error(`demo activity: no point found inside grid ${grid.code}`);
}

/** Plan the cases (pure apart from the grid index lookups): which grid, category, script and day. */
export function planDemoCases(world: DemoCaseWorld, seed: number, now: number): PlannedCase[] {
  const rng = createRng(seed, 11);
  const out: PlannedCase[] = [];
  const xuanwu = world.gridsByDistrict.get('320102')!;
  const gulou = world.gridsByDistrict.get('320106')!;
  const others = [...world.gridsByDistrict.entries()].filter(([d]) => d !== '320102' && d !== '320106').flatMap(([, g]) => g);
  // Hot spots: a quarter of the central grids draw most of the cases, as real problem areas do.
  const hot = (grids: DemoGrid[]) => rng.shuffle(grids).slice(0, Math.max(3, Math.round(grids.length / 4)));
  const xuanwuHot = hot(xuanwu);
  const gulouHot = hot(gulou);
  const demoGrid = xuanwu.find((g) => g.code === world.demoGridCode)!;

  const add = (grid: DemoGrid, script: Script, source: PlannedCase['source'], kind: 'event' | 'hazard' | 'dispute' = 'event') => {
    const codes = kind === 'hazard' ? HAZARD_CODES : kind === 'dispute' ? DISPUTE_CODES : source === 'public' ? PUBLIC_CODES : EVENT_CODES;
    const category = cat(rng.pick(codes));
    const place = `${grid.communityName}${rng.int(1, 36)}栋`;
    const road = roadName(rng);
    const details: Record<string, unknown> | null =
      category.kind === 'hazard'
        ? { grade: weighted(rng, [['一般', 5], ['较大', 3], ['重大', 1], ['低', 2]] as [string, number][]) }
        : category.kind === 'dispute'
          ? { parties: [{ name: personName(rng), phone: phoneNumber(rng) }, { name: personName(rng), phone: phoneNumber(rng) }], type: category.nameZh }
          : null;
    out.push({
      grid,
      category,
      script,
      source,
      createdAt: dayTime(now, ageDays(script, rng), rng),
      location: pointIn(grid, world.gridIndex, rng),
      address: `${grid.streetName}${rng.next() < 0.5 ? place : road}`,
      description: caseText(rng, category.code, place, road),
      details,
      reporterName: source === 'public' ? `${personName(rng).slice(0, 1)}先生` : source === 'hotline' ? '12345热线转办' : null,
      reporterPhone: source === 'grid_worker' ? null : phoneNumber(rng),
      handlerSlot: rng.next() < 0.6 ? 1 : 2,
      steps: stepsOf(script, rng, source === 'grid_worker'),
    });
  };
  const pickGrid = (): DemoGrid => {
    const x = rng.next();
    if (x < 0.45) return rng.next() < 0.7 ? rng.pick(xuanwuHot) : rng.pick(xuanwu);
    if (x < 0.7) return rng.next() < 0.7 ? rng.pick(gulouHot) : rng.pick(gulou);
    return rng.pick(others);
  };

  // worker.demo's grid is the busiest: a bit of everything, including work waiting for them today.
  for (const script of ['closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed_late', 'rework', 'self_resolved', 'self_resolved', 'awaiting_verification', 'awaiting_verification', 'stuck_handling', 'extension_pending', 'closed', 'closed', 'closed', 'closed'] as Script[]) {
    add(demoGrid, script, 'grid_worker');
  }
  add(demoGrid, 'hazard_rectifying', 'grid_worker', 'hazard');
  add(demoGrid, 'dispute_ladder', 'grid_worker', 'dispute');
  add(demoGrid, 'closed', 'public');
  for (let i = 0; i < 250; i++) {
    const script = weighted(rng, SCRIPT_WEIGHTS);
    const source = script === 'self_resolved' ? 'grid_worker' : weighted(rng, [['grid_worker', 80], ['public', 12], ['hotline', 8]] as ['grid_worker' | 'public' | 'hotline', number][]);
    add(pickGrid(), script, source);
  }
  for (let i = 0; i < 10; i++) add(i < 6 ? rng.pick(xuanwuHot) : pickGrid(), i < 6 ? 'hazard_signed_off' : 'hazard_rectifying', 'grid_worker', 'hazard');
  for (let i = 0; i < 9; i++) add(i < 5 ? rng.pick(xuanwuHot) : pickGrid(), i === 0 ? 'dispute_ladder' : i < 7 ? 'dispute_agreed' : 'stuck_handling', 'grid_worker', 'dispute');
  // Housing cases for handler.housing (玄武区住建局): new ones waiting for acceptance and some in hand.
  for (const script of ['stuck_dispatched', 'closed', 'closed', 'awaiting_verification', 'extension_pending'] as Script[]) {
    const before = out.length;
    add(rng.pick(xuanwuHot), script, 'grid_worker');
    const planned = out[before]!;
    planned.category = cat(rng.pick(['0301', '0302', '0303', '0401']));
    const place = `${planned.grid.communityName}${rng.int(1, 36)}栋`;
    planned.description = caseText(rng, planned.category.code, place, roadName(rng));
    planned.handlerSlot = 1;
  }
  return out;
}

interface Running {
  plan: PlannedCase;
  caseId: string | null;
  next: number;
  stepIndex: number;
  lastAt: number;
  dueAt: number | null;
}

export interface CaseHistorySummary {
  cases: number;
  steps: number;
  scans: number;
  notices: { warned: number; supervised: number; escalated: number };
}

/** The username holding a post for this case. */
function usernameFor(world: DemoCaseWorld, c: PlannedCase, who: Who): string {
  const grid = c.grid.code;
  const street = grid.slice(0, 9);
  const district = grid.slice(0, 6);
  const slug = DISTRICT_PROFILES[district]!.slug;
  const isDemo = grid === world.demoGridCode;
  switch (who) {
    case 'reporter':
      if (c.source === 'hotline') return `s${street}.dispatcher`;
      return isDemo ? 'worker.demo' : `g${grid}.w1`;
    case 'gridWorker':
      return isDemo ? 'worker.demo' : `g${grid}.w1`;
    case 'gridLeader':
      return isDemo ? 'leader.demo' : `g${grid}.leader`;
    case 'streetSupervisor':
      return `s${street}.supervisor`;
    case 'streetDispatcher':
      return `s${street}.dispatcher`;
    case 'districtDispatcher':
      return `${slug}.dispatcher`;
    case 'districtLeader':
      return `${slug}.leader`;
    case 'handler': {
      const dept = departmentCodeFor(c);
      return dept === '320102-housing' && c.handlerSlot === 1 ? 'handler.housing' : `d${dept}.h${c.handlerSlot}`;
    }
  }
}

function departmentCodeFor(c: PlannedCase): string {
  const level = c.category.departmentLevel === 'city' ? '3201' : c.grid.code.slice(0, 6);
  return `${level}-${c.category.departmentKind}`;
}

/** Run one step of one case through its use case at `at`. */
async function runStep(trx: Trx, world: DemoCaseWorld, r: Running, step: Step, at: Date, rng: Rng, slaPolicy: Readonly<SlaPolicy>): Promise<void> {
  const c = r.plan;
  const actor = world.actors.get(usernameFor(world, c, step.by));
  if (!actor) throw new Error(`demo activity: no demo person ${usernameFor(world, c, step.by)}`);
  const caseId = r.caseId!;
  const track = (row: { stage_due_at: string | null }) => {
    r.dueAt = row.stage_due_at ? Date.parse(row.stage_due_at) : null;
  };
  const act = async (action: string, extra: { reason?: string; note?: string; extendBy?: string; departmentId?: string } = {}) =>
    track(await applyCaseAction(trx, { actor, now: at, caseId, action, reason: extra.reason ?? null, note: extra.note ?? null, extendBy: extra.extendBy ?? null, departmentId: extra.departmentId ?? null, photos: [], slaPolicy }));
  switch (step.op) {
    case 'dispatch': {
      const departmentId = world.departments.get(departmentCodeFor(c));
      if (!departmentId) throw new Error(`demo activity: no department ${departmentCodeFor(c)}`);
      return act('dispatch', { departmentId, note: '请按时限处置并反馈 / please handle within the limit' });
    }
    case 'reject':
      return act('reject', { reason: rng.pick(REJECT_REASONS) });
    case 'rework':
      return act('rework', { reason: rng.pick(REWORK_REASONS) });
    case 'request_extension':
      return act('request_extension', { reason: rng.pick(EXTENSION_REASONS), extendBy: '3wd' });
    case 'approve_extension':
      return act('approve_extension', { reason: '同意延期 / extension approved' });
    case 'request_suspension':
      return act('request_suspension', { reason: rng.pick(SUSPENSION_REASONS) });
    case 'approve_suspension':
      return act('approve_suspension', { reason: '同意缓办 / suspension approved' });
    case 'request_void':
      return act('request_void', { reason: '与已立案件重复上报 / reported twice' });
    case 'approve_void':
      return act('approve_void', { reason: '核实为重复上报，同意作废 / confirmed duplicate' });
    case 'complete':
      return act('complete', { note: c.category.closingCriteria || '已处置完毕 / done' });
    case 'evaluate':
      return act('evaluate', { note: rng.pick(EVALUATE_NOTES) });
    case 'hazard_plan': {
      const handler = world.actors.get(usernameFor(world, c, 'handler'))!;
      await planHazardRectification(trx, {
        actor,
        now: at,
        caseId,
        plan: rng.pick(HAZARD_PLANS),
        responsibleUnit: `${c.grid.communityName}相关责任单位`,
        responsiblePerson: { name: handler.displayName, userId: handler.id },
        deadline: chinaDate(at.getTime() + rng.int(7, 20) * DAY),
      });
      return;
    }
    case 'hazard_reinspect':
      await reinspectHazard(trx, { actor, now: at, caseId, result: 'pass', note: '现场复查：整改措施已落实，隐患消除 / rectified on site', photos: [world.photo] });
      return;
    case 'hazard_signoff':
      await signOffHazard(trx, { actor, now: at, caseId, note: '复查合格，同意销号 / signed off' });
      return;
    case 'mediation': {
      const parties = ((c.details?.['parties'] as { name: string }[] | undefined) ?? []).map((p) => ({ name: p.name }));
      const ladder = c.script === 'dispute_ladder';
      await recordMediationSession(trx, {
        actor,
        now: at,
        caseId,
        date: chinaDate(at.getTime()),
        mediator: actor.displayName,
        place: `${c.grid.communityName}人民调解室`,
        partiesPresent: parties.length ? parties : [{ name: '当事人' }],
        summary: ladder ? '街道调委会组织第二次调解，双方分歧仍大，约定补充材料后再次调解' : rng.pick(MEDIATION_SUMMARIES),
        outcome: ladder ? 'adjourned' : 'agreed',
      });
      return;
    }
    case 'agreement':
      await recordMediationAgreement(trx, {
        actor,
        now: at,
        caseId,
        text: '双方自愿达成协议：责任方于履行期限内完成赔偿或修复，双方不再就此事发生争执。',
        amount: c.category.code === '3001' ? rng.int(5, 40) * 1000 : null,
        performanceDeadline: chinaDate(at.getTime() + rng.int(5, 15) * DAY),
        outcome: 'agreed',
      });
      return;
    case 'escalate_request':
      track(await requestDisputeEscalation(trx, { actor, now: at, caseId, reason: '本级多次调解未果，申请上交上级调解 / not resolved at this level' }));
      return;
    case 'escalate_approve':
      track(await decideDisputeEscalation(trx, { actor, now: at, caseId, approve: true, reason: '同意上交 / approved' }));
      return;
    default:
      return act(step.op);
  }
}

const QUICK_OPS = new Set<Op>(['accept', 'request_extension', 'request_suspension', 'request_void', 'escalate_request', 'hazard_plan', 'mediation']);

/** When the next step of a running case happens: inside the stage limit (or after it, when late). */
function scheduleNext(r: Running, rng: Rng): number {
  const step = r.plan.steps[r.stepIndex];
  if (!step) return Infinity;
  const last = r.lastAt;
  const due = r.dueAt;
  let t: number;
  if (step.late && due) {
    t = officeHours(Math.max(due, last) + rng.int(2, 30) * HOUR, rng);
  } else if (step.op === 'evaluate') {
    t = officeHours(last + rng.int(4, 40) * HOUR, rng);
  } else if (QUICK_OPS.has(step.op)) {
    // A handler accepts (or asks for something) within hours of the dispatch, not days.
    t = officeHours(last + rng.int(20, 300) * 60_000, rng);
    if (due && t > due) t = last + (0.2 + 0.5 * rng.next()) * Math.max(due - last, 60 * 60_000);
  } else if (due && due > last + 30 * 60_000) {
    t = last + (0.15 + 0.6 * rng.next()) * (due - last);
    const office = officeHours(t, rng);
    if (office < due) t = office;
  } else {
    t = last + rng.int(15, 120) * 60_000;
  }
  return Math.max(t, last + 60_000);
}

/**
 * Replay the planned cases in time order through the use cases, one transaction per six simulated
 * hours, each followed by the SLA scan at that time; the last scan runs at `now`.
 */
export async function replayCases(ctx: AppContext, world: DemoCaseWorld, planned: PlannedCase[], seed: number, now: number): Promise<CaseHistorySummary> {
  const rng = createRng(seed, 12);
  const running: Running[] = planned.map((plan) => ({ plan, caseId: null, next: plan.createdAt, stepIndex: -1, lastAt: plan.createdAt, dueAt: null }));
  const start = Math.min(...running.map((r) => r.next));
  const summary: CaseHistorySummary = { cases: 0, steps: 0, scans: 0, notices: { warned: 0, supervised: 0, escalated: 0 } };
  const WINDOW = 6 * HOUR;
  for (let windowEnd = start + WINDOW; ; windowEnd += WINDOW) {
    const end = Math.min(windowEnd, now);
    await ctx.storage.db.transaction().execute(async (trx) => {
      for (;;) {
        let r: Running | null = null;
        for (const x of running) if (x.next <= end && (!r || x.next < r.next)) r = x;
        if (!r) break;
        const at = new Date(r.next);
        if (r.stepIndex < 0) {
          const c = r.plan;
          const actor = c.source === 'public' ? publicActor(null) : world.actors.get(usernameFor(world, c, 'reporter'))!;
          const reported = await reportCase(trx, {
            actor,
            now: at,
            gridIndex: world.gridIndex,
            source: c.source,
            categoryCode: c.category.code,
            description: c.description,
            location: c.location,
            address: c.address,
            photos: [],
            reporterName: c.reporterName,
            reporterPhone: c.reporterPhone,
            details: c.details,
            slaPolicy: ctx.slaPolicy,
          });
          r.caseId = reported.row.id;
          r.dueAt = reported.row.stage_due_at ? Date.parse(reported.row.stage_due_at) : null;
          summary.cases++;
        } else {
          await runStep(trx, world, r, r.plan.steps[r.stepIndex]!, at, rng, ctx.slaPolicy);
          summary.steps++;
        }
        r.lastAt = r.next;
        r.stepIndex++;
        r.next = scheduleNext(r, rng);
      }
    });
    const scan = await runSlaScan(ctx, new Date(end));
    summary.scans++;
    summary.notices.warned += scan.warned;
    summary.notices.supervised += scan.supervised;
    summary.notices.escalated += scan.escalated;
    if (end >= now) break;
  }
  return summary;
}
