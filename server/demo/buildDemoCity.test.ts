import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, it } from 'node:test';
import { kinks } from '@turf/kinks';
import type { MultiPolygon } from 'polygon-clipping';
import { createTestStorage, forEachDatabase, type TestStorage } from '../../test/harness.ts';
import { AppError } from '../errors.ts';
import { verifyPassword } from '../modules/people/password.ts';
import type { Executor } from '../storage/db.ts';
import { buildDemoCity, type DemoCitySummary } from './buildDemoCity.ts';
import { resetDemoCity } from './resetDemoCity.ts';
import { planDemoCity } from './planDemoCity.ts';
import { areaAndCentroid } from './geometry.ts';
import { loadNanjingSources } from './sources.ts';

const SEED = 11;
/** Passed explicitly, as WANGGE_DEMO_PASSWORD does for scripted demos; there is no built-in demo password. */
const DEMO_PASSWORD = 'build-demo-test';

async function territoryFingerprint(db: Executor): Promise<string> {
  const rows = await db.selectFrom('territory_nodes').select(['code', 'name_zh', 'geometry', 'households', 'residents']).orderBy('code').execute();
  const h = createHash('sha256');
  for (const r of rows) h.update(`${r.code}|${r.name_zh}|${r.geometry}|${r.households}|${r.residents}\n`);
  return h.digest('hex');
}

async function peopleFingerprint(db: Executor): Promise<string> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('role_assignments', 'role_assignments.user_id', 'users.id')
    .select(['users.username', 'users.display_name', 'users.phone', 'role_assignments.role', 'role_assignments.scope_code'])
    .orderBy('users.username')
    .execute();
  const h = createHash('sha256');
  for (const r of rows) h.update(`${r.username}|${r.display_name}|${r.phone}|${r.role}|${r.scope_code}\n`);
  return h.digest('hex');
}

function planFingerprints(seed: number): { territory: string; people: string } {
  const plan = planDemoCity(seed);
  const t = createHash('sha256');
  for (const n of [...plan.nodes].sort((a, b) => (a.code < b.code ? -1 : 1))) {
    t.update(`${n.code}|${n.nameZh}|${n.geometry ? JSON.stringify(n.geometry) : null}|${n.households}|${n.residents}\n`);
  }
  const p = createHash('sha256');
  for (const x of [...plan.people].sort((a, b) => (a.username < b.username ? -1 : 1))) p.update(`${x.username}|${x.displayName}|${x.phone}|${x.role}|${x.scopeCode}\n`);
  return { territory: t.digest('hex'), people: p.digest('hex') };
}

function asMulti(geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon): MultiPolygon {
  return (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as MultiPolygon;
}

forEachDatabase('demo city', (kind) => {
  let t: TestStorage;
  let summary: DemoCitySummary;

  before(async () => {
    t = await createTestStorage(kind);
    const started = Date.now();
    summary = await t.storage.db.transaction().execute((trx) => buildDemoCity(trx, { seed: SEED, password: DEMO_PASSWORD }));
    // A figure for the report, not an assertion: timings depend on the machine.
    console.log(`# demo build on ${kind}: ${Date.now() - started} ms, ${summary.counts.grids} grids, ${summary.counts.users} people`);
  });
  after(async () => t.cleanup());

  it('builds 1,000–3,000 grids in Nanjing’s 11 real districts and its real streets', async () => {
    const levels = await t.storage.db.selectFrom('territory_nodes').select(['level', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('level').execute();
    const n = Object.fromEntries(levels.map((l) => [l.level, Number(l.n)]));
    assert.equal(n['province'], 1);
    assert.equal(n['city'], 1);
    assert.equal(n['county'], 11);
    assert.equal(n['street'], summary.counts.streets);
    assert.ok(summary.counts.streets >= 95, `streets ${summary.counts.streets}`);
    assert.equal(n['grid'], summary.counts.grids);
    assert.ok(n['grid']! >= 1000 && n['grid']! <= 3000, `grids ${n['grid']}`);
    const xuanwu = await t.storage.db.selectFrom('territory_nodes').selectAll().where('code', '=', '320102').executeTakeFirstOrThrow();
    assert.equal(xuanwu.name_zh, '玄武区');
    assert.equal(xuanwu.name_en, 'Xuanwu District');
    assert.equal(xuanwu.path, '32/3201/320102/');
    assert.equal(xuanwu.source, 'demo');
  });

  it('codes every grid by the 15-digit rule under a community, street and district of its own', async () => {
    const nodes = await t.storage.db.selectFrom('territory_nodes').select(['code', 'level', 'parent_code', 'path', 'name_zh']).execute();
    const byCode = new Map(nodes.map((x) => [x.code, x]));
    const grids = nodes.filter((x) => x.level === 'grid');
    for (const g of grids) {
      assert.match(g.code, /^\d{15}$/);
      assert.notEqual(g.code.slice(12), '000', g.code);
      const community = byCode.get(g.parent_code!);
      assert.ok(community && community.level === 'community' && g.code.startsWith(community.code), `${g.code} under ${g.parent_code}`);
      const street = byCode.get(community.parent_code!);
      assert.ok(street && street.level === 'street' && community.code.startsWith(street.code));
      assert.equal(street.parent_code, g.code.slice(0, 6));
      assert.equal(g.path, `32/3201/${g.code.slice(0, 6)}/${g.code.slice(0, 9)}/${g.code.slice(0, 12)}/${g.code}/`);
      assert.match(g.name_zh, /第\d+网格$/);
    }
  });

  it('stores each grid as a valid polygon inside its district’s bounding box', async () => {
    const rows = await t.storage.db.selectFrom('territory_nodes').select(['code', 'level', 'geometry', 'min_lng', 'min_lat', 'max_lng', 'max_lat']).where('level', 'in', ['county', 'grid']).execute();
    const districts = new Map(rows.filter((r) => r.level === 'county').map((r) => [r.code, r]));
    const eps = 1e-6;
    for (const g of rows.filter((r) => r.level === 'grid')) {
      const geometry = JSON.parse(g.geometry!) as GeoJSON.Polygon | GeoJSON.MultiPolygon;
      assert.ok(geometry.type === 'Polygon' || geometry.type === 'MultiPolygon', g.code);
      for (const polygon of asMulti(geometry)) {
        for (const ring of polygon) {
          assert.ok(ring.length >= 4, `${g.code}: ring with ${ring.length} points`);
          assert.deepEqual(ring[0], ring[ring.length - 1], `${g.code}: ring not closed`);
        }
      }
      assert.equal(kinks(geometry).features.length, 0, `${g.code} intersects itself`);
      const d = districts.get(g.code.slice(0, 6))!;
      assert.ok(g.min_lng! >= d.min_lng! - eps && g.max_lng! <= d.max_lng! + eps && g.min_lat! >= d.min_lat! - eps && g.max_lat! <= d.max_lat! + eps, `${g.code} outside its district bbox`);
      assert.ok(g.min_lng! < g.max_lng! && g.min_lat! < g.max_lat!);
    }
  });

  it('stores WGS84: 玄武区’s centroid sits ~0.005° south-west of the GCJ-02 source', async () => {
    const row = await t.storage.db.selectFrom('territory_nodes').select('geometry').where('code', '=', '320102').executeTakeFirstOrThrow();
    const kx = Math.cos((32 * Math.PI) / 180);
    const stored = areaAndCentroid(asMulti(JSON.parse(row.geometry!)), kx);
    const source = areaAndCentroid(loadNanjingSources().boundariesGcj02.get('320102')!, kx);
    const dLng = stored.lng - source.lng;
    const dLat = stored.lat - source.lat;
    // GCJ-02 shifts Nanjing by roughly +0.005° longitude and −0.002° latitude; converting back undoes it.
    assert.ok(dLng < -0.003 && dLng > -0.008, `Δlng ${dLng}`);
    assert.ok(dLat > 0.001 && dLat < 0.004, `Δlat ${dLat}`);
    assert.ok(Math.hypot(dLng, dLat) > 0.004 && Math.hypot(dLng, dLat) < 0.008);
  });

  it('is deterministic: the stored city equals a fresh plan from the same seed', async () => {
    const expected = planFingerprints(SEED);
    assert.equal(await territoryFingerprint(t.storage.db), expected.territory);
    assert.equal(await peopleFingerprint(t.storage.db), expected.people);
  });

  it('gives every grid exactly one leader and 1–3 workers scoped to it', async () => {
    const rows = await t.storage.db
      .selectFrom('territory_nodes')
      .leftJoin('role_assignments', 'role_assignments.scope_code', 'territory_nodes.code')
      .select(['territory_nodes.code', 'role_assignments.role'])
      .where('territory_nodes.level', '=', 'grid')
      .execute();
    const perGrid = new Map<string, { leader: number; worker: number; other: number }>();
    for (const r of rows) {
      const c = perGrid.get(r.code) ?? { leader: 0, worker: 0, other: 0 };
      if (r.role === 'grid_leader') c.leader++;
      else if (r.role === 'grid_worker') c.worker++;
      else if (r.role) c.other++;
      perGrid.set(r.code, c);
    }
    assert.equal(perGrid.size, summary.counts.grids);
    for (const [code, c] of perGrid) {
      assert.equal(c.leader, 1, `${code} leaders`);
      assert.ok(c.worker >= 1 && c.worker <= 3, `${code} workers ${c.worker}`);
      assert.equal(c.other, 0);
    }
  });

  it('staffs command centres, departments, inspectors and one admin', async () => {
    const db = t.storage.db;
    const assignments = await db.selectFrom('role_assignments').innerJoin('territory_nodes', 'territory_nodes.code', 'role_assignments.scope_code').select(['role', 'scope_code', 'level', 'department_id']).execute();
    const has = (code: string, role: string) => assignments.some((a) => a.scope_code === code && a.role === role);
    const nodes = await db.selectFrom('territory_nodes').select(['code', 'level']).where('level', 'in', ['city', 'county', 'street', 'community']).execute();
    for (const n of nodes) {
      assert.ok(has(n.code, 'duty_officer'), `${n.code} duty officer`);
      if (n.level !== 'community') for (const role of ['dispatcher', 'supervisor']) assert.ok(has(n.code, role), `${n.code} ${role}`);
      if (n.level === 'city' || n.level === 'county') assert.ok(has(n.code, 'leader'), `${n.code} leader`);
    }
    assert.equal(assignments.filter((a) => a.role === 'inspector' && a.scope_code === '3201').length, 5);
    assert.equal(assignments.filter((a) => a.role === 'admin').length, 1);

    const departments = await db.selectFrom('departments').selectAll().execute();
    assert.equal(departments.length, 6 * 12);
    const housing = departments.find((d) => d.code === '320102-housing')!;
    assert.equal(housing.kind, 'housing');
    assert.equal(housing.name_zh, '玄武区住房和城乡建设局');
    assert.equal(housing.territory_path, '32/3201/320102/');
    for (const d of departments) {
      const handlers = assignments.filter((a) => a.department_id === d.id);
      assert.equal(handlers.length, 2, d.code);
      assert.ok(handlers.every((h) => h.role === 'handler' && h.scope_code === d.territory_code));
    }
    assert.ok(assignments.filter((a) => a.role === 'handler').every((a) => a.department_id !== null));
  });

  it('returns demo logins that exist with the roles they describe and the shared password', async () => {
    const expected: Record<string, string> = {
      admin: 'admin',
      'city.leader': 'leader',
      'city.dispatcher': 'dispatcher',
      'city.supervisor': 'supervisor',
      'xuanwu.dispatcher': 'dispatcher',
      'leader.demo': 'grid_leader',
      'worker.demo': 'grid_worker',
      'handler.housing': 'handler',
      'inspector.demo': 'inspector',
    };
    assert.deepEqual(summary.logins.map((l) => l.username).sort(), Object.keys(expected).sort());
    for (const login of summary.logins) {
      assert.match(login.description, /\p{Script=Han}.* — /u);
      const rows = await t.storage.db
        .selectFrom('users')
        .innerJoin('role_assignments', 'role_assignments.user_id', 'users.id')
        .select(['users.password_hash', 'role_assignments.role', 'role_assignments.scope_code', 'users.display_name'])
        .where('users.username', '=', login.username)
        .execute();
      assert.equal(rows.length, 1, login.username);
      assert.equal(rows[0]!.role, expected[login.username], login.username);
      if (login.username.endsWith('.demo') && login.username !== 'inspector.demo') {
        assert.equal(rows[0]!.scope_code, summary.demoGridCode);
        assert.ok(summary.demoGridCode.startsWith('320102003'), 'demo grid lies in 玄武区新街口街道');
      }
      if (login.username === 'handler.housing') assert.equal(rows[0]!.scope_code, '320102');
    }
    const admin = await t.storage.db.selectFrom('users').select('password_hash').where('username', '=', 'admin').executeTakeFirstOrThrow();
    assert.equal(await verifyPassword(DEMO_PASSWORD, admin.password_hash), true);
    assert.equal(await verifyPassword('wrong', admin.password_hash), false);
  });

  it('writes one summary audit entry, not one per row', async () => {
    const entries = await t.storage.db.selectFrom('audit_log').selectAll().execute();
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.action, 'demo.build');
    const after = JSON.parse(entries[0]!.after_json!);
    assert.equal(after.seed, SEED);
    assert.equal(after.grids, summary.counts.grids);
    assert.equal(after.users, summary.counts.users);
  });

  it('refuses to build over existing territory and rejects a bad seed with the field named', async () => {
    await assert.rejects(
      t.storage.db.transaction().execute((trx) => buildDemoCity(trx, { seed: SEED, password: DEMO_PASSWORD })),
      (err) => err instanceof AppError && err.code === 'CONFLICT' && /territory already exists/.test(err.message),
    );
    await assert.rejects(
      t.storage.db.transaction().execute((trx) => buildDemoCity(trx, { seed: -3, password: DEMO_PASSWORD })),
      (err) => err instanceof AppError && err.code === 'VALIDATION_FAILED' && err.field === 'seed',
    );
  });

  it('--reset replaces the demo with another seed and keeps hand-added territory safe', async () => {
    const before = await territoryFingerprint(t.storage.db);
    const rebuilt = await t.storage.db.transaction().execute(async (trx) => {
      const removed = await resetDemoCity(trx);
      assert.equal(removed.users, summary.counts.users);
      return buildDemoCity(trx, { seed: SEED + 1, password: DEMO_PASSWORD });
    });
    assert.notEqual(await territoryFingerprint(t.storage.db), before);
    assert.equal(await peopleFingerprint(t.storage.db), planFingerprints(SEED + 1).people);
    assert.equal(rebuilt.seed, SEED + 1);
    const actions = (await t.storage.db.selectFrom('audit_log').select('action').orderBy('seq').execute()).map((a) => a.action);
    assert.deepEqual(actions, ['demo.build', 'demo.reset', 'demo.build']);

    // A node from a real import makes reset refuse and change nothing.
    const now = new Date().toISOString();
    await t.storage.db.insertInto('territory_nodes').values({
      code: '320102003001999', level: 'grid', name_zh: '导入网格', name_en: null, parent_code: null, path: '32/3201/320102/320102003/320102003001/320102003001999/',
      geometry: null, min_lng: null, min_lat: null, max_lng: null, max_lat: null, households: null, residents: null, description: null,
      source: 'import', created_at: now, updated_at: now,
    }).execute();
    await assert.rejects(
      t.storage.db.transaction().execute((trx) => resetDemoCity(trx)),
      (err) => err instanceof AppError && err.code === 'CONFLICT' && /not built by the demo/.test(err.message),
    );
    assert.equal(await peopleFingerprint(t.storage.db), planFingerprints(SEED + 1).people);
  });
});
