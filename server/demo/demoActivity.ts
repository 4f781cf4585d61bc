import { systemActor, type Actor, type Assignment } from '../access/actor.ts';
import { FsAttachmentStore } from '../attachments/store.ts';
import { storeAttachment } from '../attachments/storeAttachment.ts';
import { appendAudit } from '../audit/audit.ts';
import type { Config } from '../config.ts';
import { slaPolicyOf, type AppContext } from '../context.ts';
import type { Storage } from '../storage/db.ts';
import { CLOSED_STATES } from '../../shared/cases/stateMachine.ts';
import { isRole } from '../../shared/access/roles.ts';
import { localDay, visitSlots, type RiskLevel, type SiteCategory } from '../../shared/patrols/dosage.ts';
import { seedCategories } from '../modules/cases/seedCategories.ts';
import { getGridIndex, locatePoint } from '../modules/territory/gridIndex.ts';
import { createSite } from '../modules/patrols/createSite.ts';
import { createPlan, getPlan } from '../modules/patrols/createPlan.ts';
import { QrSigner } from '../modules/patrols/qrSigner.ts';
import { recordCheckins, type PendingCheckin } from '../modules/patrols/recordCheckins.ts';
import { scanPatrolGaps } from '../modules/patrols/scanPatrolGaps.ts';
import type { Site } from '../modules/patrols/sites.ts';
import { createRosterUnit } from '../modules/rosters/createRosterUnit.ts';
import { addShiftTemplate } from '../modules/rosters/addShiftTemplate.ts';
import { setRosterMember } from '../modules/rosters/setRosterMember.ts';
import { generateRoster } from '../modules/rosters/generateRoster.ts';
import { findUnit } from '../modules/rosters/rosters.repository.ts';
import { demoPhotoPng } from './demoPhoto.ts';
import { chinaMidnight, planDemoCases, pointIn, replayCases, type DemoCaseWorld, type DemoGrid } from './demoCases.ts';
import { departmentIdsByCode, peopleWithAssignments, territoryForActivity } from './demo.repository.ts';
import { DEFAULT_DEMO_SEED } from './planDemoCity.ts';
import { createRng, type Rng } from './random.ts';

/**
 * The demo city's history of activity (演示业务数据): cases over the last 45 days, key sites with today's
 * patrol plans and check-ins, and duty rosters for this week and next — so every main screen shows
 * something true on first start. Everything goes through the modules' own use cases as the demo person
 * holding the post, with the clock set to each step's time; it is a function of the seed and `now`
 * (only ids, case numbers and tracking codes are random). Build the city first (buildDemoCity).
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 新街口街道 (玄武区): worker.demo's street; its patrol plans are today's routes. */
const PATROL_STREET = '320102003';
const DISTRICT = '320102';

export interface DemoActivityOptions {
  seed?: number;
  /** The moment the history leads up to (default: the wall clock). */
  now?: Date;
  /** Progress lines for a terminal; silent by default. */
  onProgress?: (message: string) => void;
}

export interface DemoActivitySummary {
  seed: number;
  counts: {
    cases: number;
    caseSteps: number;
    open: number;
    closed: number;
    overdue: number;
    notices: { warned: number; supervised: number; escalated: number };
    keySites: number;
    patrolPlans: number;
    plannedVisits: number;
    checkins: number;
    rosterUnits: number;
    rosterAssignments: number;
  };
  /** Cases per state, for the startup line and tests. */
  byState: Record<string, number>;
}

/** The demo people as actors (what a login would resolve), by username. */
async function loadActors(storage: Storage): Promise<Map<string, Actor>> {
  const actors = new Map<string, Actor>();
  for (const r of await peopleWithAssignments(storage.db)) {
    let actor = actors.get(r.username);
    if (!actor) {
      actor = { id: r.id, username: r.username, displayName: r.display_name, assignments: [], sourceIp: null, via: 'system' };
      actors.set(r.username, actor);
    }
    if (isRole(r.role)) actor.assignments.push({ role: r.role, scopeCode: r.scope_code, scopePath: r.scope_path, departmentId: r.department_id } satisfies Assignment);
  }
  return actors;
}

async function loadWorld(storage: Storage, config: Readonly<Config>, seed: number, now: Date): Promise<DemoCaseWorld> {
  const nodes = await territoryForActivity(storage.db);
  const names = new Map(nodes.map((n) => [n.code, n.name_zh]));
  const gridsByDistrict = new Map<string, DemoGrid[]>();
  for (const n of nodes) {
    if (n.level !== 'grid' || n.min_lat === null || n.max_lat === null || n.min_lng === null || n.max_lng === null) continue;
    const district = n.code.slice(0, 6);
    if (!gridsByDistrict.has(district)) gridsByDistrict.set(district, []);
    gridsByDistrict.get(district)!.push({
      code: n.code,
      nameZh: n.name_zh,
      streetName: names.get(n.code.slice(0, 9)) ?? '',
      communityName: names.get(n.code.slice(0, 12)) ?? '',
      minLat: n.min_lat,
      maxLat: n.max_lat,
      minLng: n.min_lng,
      maxLng: n.max_lng,
    });
  }
  const xuanwu = gridsByDistrict.get(DISTRICT);
  if (!xuanwu?.length) throw new Error('demo activity: build the demo city first (no grids in 玄武区)');
  const demoGridCode = xuanwu.filter((g) => g.code.startsWith(PATROL_STREET)).map((g) => g.code).sort()[0]!;
  const actors = await loadActors(storage);
  // The stand-in photo for passed re-inspections, stored like any upload (content-addressed, audited).
  // Each street supervisor who re-inspects has "taken" it too: a record may only reference a photo its
  // author may use (their own upload, or one they can already read), so one shared upload would not do.
  const reinspectors = ['inspector.demo', ...[...actors.keys()].filter((u) => /^s32010[26]\d{3}\.supervisor$/.test(u)).sort()];
  const photo = await storage.db.transaction().execute(async (trx) => {
    let stored: Awaited<ReturnType<typeof storeAttachment>> | undefined;
    for (const username of reinspectors) {
      stored = await storeAttachment(trx, { actor: actors.get(username)!, store: new FsAttachmentStore(config.dataDir), bytes: demoPhotoPng(seed), originalName: '复查现场.png', maxBytes: config.maxUploadBytes, stripLocation: false, now });
    }
    return stored!;
  });
  return { actors, departments: await departmentIdsByCode(storage.db), gridsByDistrict, demoGridCode, gridIndex: await getGridIndex(storage.db), photo: photo.sha256 };
}

/**
 * Build the activity into a database that holds the demo city and no activity yet. Runs many short
 * transactions (the SLA scan owns its own), so a failure leaves part of the history behind: start
 * from an empty database (or `wangge demo --reset`) to try again.
 */
export async function buildDemoActivity(storage: Storage, config: Readonly<Config>, options: DemoActivityOptions = {}): Promise<DemoActivitySummary> {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const now = options.now ?? new Date();
  const progress = options.onProgress ?? (() => {});
  const ctx: AppContext = { config, storage, now: () => now, slaPolicy: slaPolicyOf(config) };
  // What createApp does at boot: the shipped categories (the SLA policy rides on ctx).
  await seedCategories(storage.db, { now: new Date(now.getTime() - 60 * DAY) });

  let started = Date.now();
  const world = await loadWorld(storage, config, seed, now);
  const planned = planDemoCases(world, seed, now.getTime());
  const history = await replayCases(ctx, world, planned, seed, now.getTime());
  progress(`replayed ${history.cases} cases (${history.steps} steps, ${history.scans} SLA scans) in ${Date.now() - started} ms`);

  started = Date.now();
  const patrols = await buildPatrols(storage, world, seed, now, config.dataDir);
  // The gap scan the server runs every five minutes: missed slots of today become 巡逻缺失提醒.
  await scanPatrolGaps(ctx, now);
  progress(`planned patrols (${patrols.sites} key sites, ${patrols.visits} visits, ${patrols.checkins} check-ins) in ${Date.now() - started} ms`);

  started = Date.now();
  const rosters = await buildRosters(storage, world, seed, now);
  progress(`generated rosters (${rosters.assignments} assignments) in ${Date.now() - started} ms`);

  const states = await storage.db.selectFrom('cases').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
  const byState = Object.fromEntries(states.map((s) => [s.state, Number(s.n)]));
  const overdue = await storage.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).where('stage_due_at', '<', now.toISOString()).executeTakeFirstOrThrow();
  const closedStates: readonly string[] = CLOSED_STATES;
  const counts = {
    cases: history.cases,
    caseSteps: history.steps,
    open: states.filter((s) => !closedStates.includes(s.state)).reduce((a, s) => a + Number(s.n), 0),
    closed: states.filter((s) => closedStates.includes(s.state)).reduce((a, s) => a + Number(s.n), 0),
    overdue: Number(overdue.n),
    notices: history.notices,
    keySites: patrols.sites,
    patrolPlans: patrols.plans,
    plannedVisits: patrols.visits,
    checkins: patrols.checkins,
    rosterUnits: rosters.units,
    rosterAssignments: rosters.assignments,
  };
  // One summary entry for the whole build, like demo.build; every step above has its own entry too.
  await storage.db.transaction().execute((trx) =>
    appendAudit(trx, systemActor('demo', 'cli'), { action: 'demo.activity', recordType: 'territory', recordId: '3201', after: { seed, now: now.toISOString(), ...counts, byState } }),
  );
  return { seed, counts, byState };
}

// ---------------------------------------------------------------------------------------------------
// Patrols (巡逻防控)

const SITE_NAMES: Record<SiteCategory, readonly string[]> = {
  transport_hub: ['地铁站{n}号出入口', '公交换乘枢纽站'],
  school: ['{c}小学', '{c}幼儿园', '{c}中学'],
  hospital: ['{c}社区卫生服务中心', '{s}医院门急诊楼'],
  crowded_place: ['{c}农贸市场', '{c}文体广场', '{s}步行街'],
  construction_site: ['{c}地块在建项目工地', '{c}老旧小区改造工地'],
  hazardous_chemicals: ['{c}加油站'],
  government: ['{s}街道办事处', '{c}党群服务中心'],
  commercial: ['{s}商业综合体', '{c}沿街商铺集中区'],
  other: ['{c}地下停车场'],
};
const RISK: Record<SiteCategory, RiskLevel> = {
  transport_hub: 3, school: 3, hospital: 2, crowded_place: 3, construction_site: 2, hazardous_chemicals: 3, government: 2, commercial: 2, other: 1,
};
const STREET_MIX: SiteCategory[] = ['transport_hub', 'school', 'crowded_place', 'commercial', 'hospital', 'construction_site', 'school', 'government', 'crowded_place'];
const DISTRICT_MIX: SiteCategory[] = ['school', 'school', 'hospital', 'crowded_place', 'construction_site', 'construction_site', 'commercial', 'transport_hub', 'hazardous_chemicals', 'government', 'other'];

function siteName(rng: Rng, category: SiteCategory, grid: DemoGrid, used: Set<string>): string {
  const c = grid.communityName.replace(/(社区|村)$/, '');
  const s = grid.streetName.replace(/(街道|镇)$/, '');
  for (let i = 0; i < 10; i++) {
    const name = rng.pick(SITE_NAMES[category]).replace('{c}', c).replace('{s}', s).replace('{n}', String(rng.int(1, 8)));
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  const name = `${c}${SITE_NAMES[category][0]!.replace(/\{.\}/g, '')}${used.size}`;
  used.add(name);
  return name;
}

async function buildPatrols(storage: Storage, world: DemoCaseWorld, seed: number, now: Date, dataDir: string) {
  const rng = createRng(seed, 21);
  const xuanwu = world.gridsByDistrict.get(DISTRICT)!;
  const streetGrids = xuanwu.filter((g) => g.code.startsWith(PATROL_STREET));
  const demoGrid = streetGrids.find((g) => g.code === world.demoGridCode)!;
  // The demo grid and five neighbours nearest to it carry the street's key sites and patrol teams.
  const centre = (g: DemoGrid) => ({ lat: (g.minLat + g.maxLat) / 2, lng: (g.minLng + g.maxLng) / 2 });
  const d = (a: DemoGrid) => Math.hypot(centre(a).lat - centre(demoGrid).lat, centre(a).lng - centre(demoGrid).lng);
  const teamGrids = [...streetGrids].sort((a, b) => d(a) - d(b) || a.code.localeCompare(b.code)).slice(0, 6);
  const manager = world.actors.get('xuanwu.duty')!;
  const used = new Set<string>();
  const sites: Site[] = [];

  // Registered weeks ago: a site is only due from its creation on (compliance counts no earlier slot).
  const registered = new Date(now.getTime() - 40 * DAY);
  await storage.db.transaction().execute(async (trx) => {
    const add = async (grid: DemoGrid, category: SiteCategory, name?: string, location?: { lat: number; lng: number }) => {
      sites.push(
        await createSite(trx, {
          actor: manager,
          now: registered,
          gridIndex: world.gridIndex,
          name: name ?? siteName(rng, category, grid, used),
          category,
          riskLevel: RISK[category],
          location: location ?? pointIn(grid, world.gridIndex, rng, 0.2),
          radiusMeters: category === 'construction_site' || category === 'crowded_place' ? 150 : 100,
        }),
      );
    };
    // 南京站 at its real place (WGS84), when it lies in a demo grid of 玄武区.
    const station = { lat: 32.0917, lng: 118.7926 };
    const stationGrid = locatePoint(world.gridIndex, station.lat, station.lng);
    const stationDemoGrid = xuanwu.find((g) => g.code === stationGrid);
    if (stationDemoGrid) await add(stationDemoGrid, 'transport_hub', '南京站南广场', station);
    for (const [i, grid] of teamGrids.entries()) {
      const count = grid === demoGrid ? 4 : 3;
      for (let k = 0; k < count; k++) await add(grid, STREET_MIX[(i * 3 + k) % STREET_MIX.length]!);
    }
    const elsewhere = rng.shuffle(xuanwu.filter((g) => !g.code.startsWith(PATROL_STREET))).slice(0, 22);
    for (const [i, grid] of elsewhere.entries()) await add(grid, DISTRICT_MIX[i % DISTRICT_MIX.length]!);
  });

  // Today's two shifts in 新街口街道: grid workers by day, grid leaders in the evening.
  const midnight = chinaMidnight(now.getTime());
  const planner = world.actors.get(`s${PATROL_STREET}.duty`)!;
  const workerOf = (g: DemoGrid) => world.actors.get(g.code === world.demoGridCode ? 'worker.demo' : `g${g.code}.w1`)!;
  const leaderOf = (g: DemoGrid) => world.actors.get(g.code === world.demoGridCode ? 'leader.demo' : `g${g.code}.leader`)!;
  const shifts = [
    { start: midnight + 8 * HOUR, end: midnight + 16 * HOUR, people: teamGrids.map(workerOf) },
    { start: midnight + 16 * HOUR, end: midnight + 24 * HOUR, people: teamGrids.map(leaderOf) },
  ];
  // Planned at 07:00 before the first shift (or now, when the demo starts earlier in the day).
  const plannedAt = new Date(Math.min(now.getTime(), midnight + 7 * HOUR));
  const plans = await storage.db.transaction().execute(async (trx) => {
    const out = [];
    for (const [i, s] of shifts.entries()) {
      const plan = await createPlan(trx, { actor: planner, now: plannedAt, scopeCode: PATROL_STREET, shiftStart: new Date(s.start), shiftEnd: new Date(s.end), workerIds: s.people.map((p) => p.id!), seed: seed * 10 + i });
      out.push(await getPlan(trx, { actor: planner, id: plan.id }));
    }
    return out;
  });

  // Check-ins of the visits that are over: most kept (GPS inside the geofence), some too short, some missed.
  const people = new Map([...world.actors.values()].filter((a) => a.id).map((a) => [a.id!, a]));
  const siteById = new Map(sites.map((s) => [s.id, s]));
  const items: PendingCheckin[] = [];
  let nonce = 0;
  const nowMs = now.getTime();
  /** An arrival and, `dwellMinutes` later, a departure by GPS a few metres from the site's centre. */
  const visit = (worker: Actor, site: (typeof sites)[number], arrive: number, dwellMinutes: number) => {
    for (const [kind, at] of [['arrive', arrive], ['depart', arrive + dwellMinutes * 60_000]] as const) {
      items.push({
        actor: worker,
        input: {
          siteId: site.id,
          kind,
          at: new Date(Math.min(at, nowMs - 60_000)).toISOString(),
          clientNonce: `demo-${seed}-${(nonce++).toString().padStart(5, '0')}`,
          location: { lat: site.lat + (rng.next() - 0.5) * 0.0002, lng: site.lng + (rng.next() - 0.5) * 0.0002, accuracyMeters: rng.int(5, 15) },
        },
      });
    }
  };
  for (const plan of plans) {
    for (const v of plan.visits) {
      const worker = people.get(v.workerId)!;
      const site = siteById.get(v.siteId)!;
      const end = Date.parse(v.plannedEnd);
      const roll = rng.next();
      if (end + 5 * 60_000 > nowMs || roll < 0.15) continue;
      // The plan authorises the visit even when the site lies in another grid of the street.
      visit(worker, site, Date.parse(v.plannedStart) + rng.int(0, 4) * 60_000, roll < 0.25 ? rng.int(4, 7) : rng.int(11, 16));
    }
  }
  // Elsewhere in 玄武区 the grid's own worker keeps most of today's slots of their key sites (no plan).
  const planned = new Set(plans.flatMap((p) => p.visits.map((v) => v.siteId)));
  for (const site of sites) {
    if (planned.has(site.id)) continue;
    const worker = world.actors.get(`g${site.gridCode}.w1`);
    if (!worker) continue;
    for (const slot of visitSlots(site.dosage, midnight, nowMs, 1)) {
      if (slot.end > nowMs || rng.next() < 0.2) continue;
      visit(worker, site, slot.start + Math.floor(rng.next() * Math.max(1, slot.end - slot.start - 20 * 60_000)), rng.int(slot.dwellMinMinutes, slot.dwellMaxMinutes));
    }
  }
  let checkins = 0;
  if (items.length) {
    // GPS check-ins only: the validator takes the site-QR signer but never consults it for these.
    const signer = QrSigner.forDataDir(dataDir);
    const outcomes = await storage.db.transaction().execute((trx) => recordCheckins(trx, items, now, signer));
    checkins = outcomes.filter((o) => o.status === 'accepted').length;
  }
  return { sites: sites.length, plans: plans.length, visits: plans.reduce((n, p) => n + p.visits.length, 0), checkins };
}

// ---------------------------------------------------------------------------------------------------
// Duty rosters (值班排班)

/** Monday (China calendar) of the week holding `now`, as YYYY-MM-DD. */
function mondayOf(now: Date): string {
  const day = localDay(now.getTime());
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  const back = (weekday + 6) % 7;
  return new Date(Date.parse(`${day}T00:00:00Z`) - back * DAY).toISOString().slice(0, 10);
}

async function buildRosters(storage: Storage, world: DemoCaseWorld, seed: number, now: Date) {
  const actor = world.actors.get('xuanwu.leader')!;
  const from = mondayOf(now);
  const streets = [...new Set(world.gridsByDistrict.get(DISTRICT)!.map((g) => g.code.slice(0, 9)))].sort();
  const teamGrids = world.gridsByDistrict.get(DISTRICT)!.filter((g) => g.code.startsWith(PATROL_STREET)).sort((a, b) => a.code.localeCompare(b.code));
  const units = [
    {
      nameZh: '玄武区社会治理综合指挥中心',
      kind: 'command_centre',
      territoryCode: DISTRICT,
      templates: [
        { nameZh: '白班', startTime: '08:00', durationMinutes: 720, night: false, requirements: [{ role: '带班', count: 1 }, { role: '值班员', count: 2 }] },
        { nameZh: '夜班', startTime: '20:00', durationMinutes: 720, night: true, requirements: [{ role: '带班', count: 1 }, { role: '值班员', count: 1 }] },
      ],
      // District command staff lead shifts; street duty officers and dispatchers staff them.
      members: [
        ...['xuanwu.duty', 'xuanwu.dispatcher', 'xuanwu.supervisor'].map((u) => ({ username: u, skills: ['带班', '值班员'] })),
        ...streets.slice(0, 3).map((s) => ({ username: `s${s}.duty`, skills: ['带班', '值班员'] })),
        ...streets.flatMap((s) => [`s${s}.dispatcher`, `s${s}.supervisor`]).map((u) => ({ username: u, skills: ['值班员'] })),
      ],
    },
    {
      nameZh: '新街口街道巡防队',
      kind: 'patrol_team',
      territoryCode: PATROL_STREET,
      templates: [
        { nameZh: '日间巡逻', startTime: '08:00', durationMinutes: 480, night: false, requirements: [{ role: '巡逻员', count: 2 }] },
        { nameZh: '夜间巡逻', startTime: '20:00', durationMinutes: 480, night: true, requirements: [{ role: '巡逻员', count: 2 }] },
      ],
      members: teamGrids.slice(0, 12).map((g) => ({ username: g.code === world.demoGridCode ? 'worker.demo' : `g${g.code}.w1`, skills: ['巡逻员'] })),
    },
  ];
  let assignments = 0;
  await storage.db.transaction().execute(async (trx) => {
    for (const [i, u] of units.entries()) {
      const unit = await createRosterUnit(trx, { actor, nameZh: u.nameZh, kind: u.kind, territoryCode: u.territoryCode, now });
      for (const t of u.templates) await addShiftTemplate(trx, { actor, unitId: unit.id, ...t, now });
      for (const [k, m] of u.members.entries()) {
        const person = world.actors.get(m.username);
        if (!person?.id) continue;
        // A few ask for fewer night shifts, as real rosters have.
        await setRosterMember(trx, { actor, unitId: unit.id, userId: person.id, skills: m.skills, preferences: k % 5 === 4 ? { avoidNights: true } : undefined, now });
      }
      const row = (await findUnit(trx, unit.id))!;
      const generated = await generateRoster(trx, { actor, unit: row, from, days: 14, seed: seed + i, now });
      assignments += generated.assignments;
    }
  });
  return { units: units.length, assignments };
}
