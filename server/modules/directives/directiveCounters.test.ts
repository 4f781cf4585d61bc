import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { insertUser, seedSmallCity, type TestUser } from '../../../test/factories.ts';
import type { Executor } from '../../storage/db.ts';
import { REPORTING_ROLES } from './directive.ts';
import { deleteDirectiveCounters, fillDirectiveCounters } from './directives.repository.ts';
import { ancestorPaths } from '../territory/lookups.ts';

let keyCounter = 0;
const key = () => `dir-counter-${++keyCounter}-${Date.now()}`;

/** An independent recount of every counter row from the deliveries, in plain code. */
async function recount(db: Executor, directiveId: string) {
  const rows = await db.selectFrom('directive_deliveries').selectAll().where('directive_id', '=', directiveId).execute();
  const out = new Map<string, Record<string, number>>();
  const implementedPaths = new Set(rows.filter((r) => r.reported_at !== null).map((r) => r.territory_path));
  const unitPaths = new Set(rows.map((r) => r.territory_path));
  for (const r of rows) {
    for (const p of ancestorPaths(r.territory_path)) {
      const c = out.get(p) ?? { reached: 0, signed: 0, reported: 0, responsible: 0, responsible_reported: 0, own_reached: 0, own_signed: 0, own_reported: 0 };
      const responsible = (REPORTING_ROLES as readonly string[]).includes(r.role);
      c.reached! += 1;
      if (r.signed_at) c.signed! += 1;
      if (r.reported_at) c.reported! += 1;
      if (responsible) c.responsible! += 1;
      if (responsible && r.reported_at) c.responsible_reported! += 1;
      if (p === r.territory_path) {
        c.own_reached! += 1;
        if (r.signed_at) c.own_signed! += 1;
        if (r.reported_at) c.own_reported! += 1;
      }
      out.set(p, c);
    }
  }
  for (const [p, c] of out) {
    c.units = [...unitPaths].filter((u) => u.startsWith(p)).length;
    c.implemented_units = [...implementedPaths].filter((u) => u.startsWith(p)).length;
  }
  return out;
}

async function stored(db: Executor, directiveId: string) {
  const rows = await db.selectFrom('directive_counters').selectAll().where('directive_id', '=', directiveId).execute();
  return new Map(rows.map((r) => {
    const { directive_id: _d, unit_path, path_len, ...counts } = r;
    assert.equal(path_len, unit_path.length);
    return [unit_path, Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)]))];
  }));
}

forEachDatabase('directive roll-up counters', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  const u: Record<string, TestUser> = {};
  const cookies: Record<string, string> = {};
  let directiveId = '';
  const post = (url: string, who: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: cookies[who]!, 'idempotency-key': key() } });
  const get = (url: string, who: string) => t.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]! } });

  before(async () => {
    t = await createTestApp(kind);
    city = await seedSmallCity(t.storage.db);
    const people: [string, Parameters<typeof insertUser>[1]['role'], string][] = [
      ['provleader', 'leader', city.province],
      ['cityduty', 'duty_officer', city.city],
      ['streetleader', 'leader', city.streetA],
      ['commduty', 'duty_officer', city.communityA],
      ['gla1', 'grid_leader', city.gridA1],
      ['wa1', 'grid_worker', city.gridA1],
      ['wa1b', 'grid_worker', city.gridA1],
      ['gla2', 'grid_leader', city.gridA2],
      ['wa2', 'grid_worker', city.gridA2],
      ['glb1', 'grid_leader', city.gridB1],
      ['wb1', 'grid_worker', city.gridB1],
    ];
    for (const [username, role, scope] of people) u[username] = await insertUser(t.storage.db, { username, role, scope, displayName: `名${username}` });
    for (const name of Object.keys(u)) cookies[name] = await loginAs(t.app, name, u[name]!.password);
  });
  after(async () => t.close());

  describe('counters', () => {
    it('equal a recount from the deliveries after fan-out and a mix of signs, reports and corrections', async () => {
      const res = await post('/api/directives', 'provleader', { title: '全省部署', body: '传达到每个网格', issuingUnit: city.province });
      assert.equal(res.statusCode, 201, res.body);
      directiveId = res.json().directive.id;
      assert.deepEqual(await stored(t.storage.db, directiveId), await recount(t.storage.db, directiveId));

      for (const who of ['wa1', 'gla1', 'commduty', 'glb1', 'streetleader']) assert.equal((await post(`/api/directives/${directiveId}/sign`, who, {})).statusCode, 200);
      assert.equal((await post(`/api/directives/${directiveId}/sign`, 'wa1', {})).json().alreadySigned, true);
      assert.equal((await post(`/api/directives/${directiveId}/report`, 'gla1', { text: '已落实' })).statusCode, 200);
      assert.equal((await post(`/api/directives/${directiveId}/report`, 'gla1', { text: '更正：已落实' })).statusCode, 200);
      assert.equal((await post(`/api/directives/${directiveId}/report`, 'commduty', { text: '社区已部署' })).statusCode, 200);
      assert.equal((await post(`/api/directives/${directiveId}/report`, 'gla2', { text: '未签收先反馈' })).statusCode, 200);

      const now = await stored(t.storage.db, directiveId);
      assert.deepEqual(now, await recount(t.storage.db, directiveId));
      const gridA1 = [...now.entries()].find(([p]) => p.endsWith(`/${city.gridA1}/`))![1];
      assert.deepEqual([gridA1.reported, gridA1.own_reported, gridA1.implemented_units, gridA1.signed], [1, 1, 1, 2]);

      // A rebuild from scratch (what a repair would do) gives the same rows as the incremental updates.
      await t.storage.db.transaction().execute(async (trx) => {
        await deleteDirectiveCounters(trx, directiveId);
        await fillDirectiveCounters(trx, directiveId, REPORTING_ROLES);
      });
      assert.deepEqual(await stored(t.storage.db, directiveId), now);
    });

    it('the roll-up reads them: totals and per-child counts match the recount', async () => {
      const counts = await recount(t.storage.db, directiveId);
      const res = await get(`/api/directives/${directiveId}/rollup?unit=${city.city}`, 'provleader');
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      const cityPath = [...counts.keys()].find((p) => p.endsWith(`/${city.city}/`))!;
      assert.equal(body.totals.reached, counts.get(cityPath)!.reached);
      assert.equal(body.totals.signed, counts.get(cityPath)!.signed);
      assert.equal(body.totals.implementedUnits, counts.get(cityPath)!.implemented_units);
      const own = body.children.find((c: { ownLevel: boolean }) => c.ownLevel);
      assert.equal(own.reached, counts.get(cityPath)!.own_reached);
      for (const child of body.children.filter((c: { ownLevel: boolean }) => !c.ownLevel)) {
        const p = [...counts.keys()].find((k) => k.endsWith(`/${child.code}/`))!;
        assert.equal(child.reached, counts.get(p)!.reached);
        assert.equal(child.signed, counts.get(p)!.signed);
        assert.equal(child.units, counts.get(p)!.units);
        assert.equal(child.implementedUnits, counts.get(p)!.implemented_units);
      }
    });
  });
});
