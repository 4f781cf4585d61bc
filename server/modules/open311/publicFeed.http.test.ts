import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { insertUser } from '../../../test/factories.ts';
import { systemActor } from '../../access/actor.ts';
import { IN_A1, seedCaseWorld } from '../cases/caseTestKit.ts';
import { createOpen311Key } from './createOpen311Key.ts';
import { coarsenLocation } from '../../../shared/privacy/coarsen.ts';

// Issue #12, finding 2: the Open311 feed republished staff work (grid-worker reports) and personal data
// typed into descriptions. Now it lists only resident reports (portal, Open311) that staff marked public
// (公开), scrubbed and coarsened; never staff reports, disputes or hazards.

// Monday 2 March 2026, 09:00 China time.
const START = new Date('2026-03-02T01:00:00.000Z');
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
// Exact point, not on a cell centre: the feed must not show it.
const POINT = { lat: 32.06037, lng: 118.77081 };

forEachDatabase('public feed by design (issue #12: Open311 GET, 公开)', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let w: Awaited<ReturnType<typeof seedCaseWorld>>;
  let apiKey: string;
  const cookies: Record<string, string> = {};

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date(START);
    w = await seedCaseWorld(t.storage.db);
    const otherStreet = await insertUser(t.storage.db, { username: 'dispatcherb', role: 'dispatcher', scope: w.city.streetB, displayName: '孙丽' });
    for (const [name, u] of Object.entries({ supervisor: w.supervisor, dispatcher: w.dispatcher, worker: w.worker, handler: w.handler, inspector: w.inspector, dispatcherB: otherStreet })) {
      cookies[name] = await loginAs(t.app, u.username, u.password);
    }
    apiKey = (await t.storage.db.transaction().execute((trx) => createOpen311Key(trx, { actor: systemActor('test'), name: '12345 热线', now: START }))).key;
  });
  after(async () => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const feed = async () => (await get('/open311/v2/requests.json')).json() as Record<string, unknown>[];
  const open311 = async (fields: Record<string, string | number>) => {
    const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: FORM, payload: new URLSearchParams(Object.entries({ api_key: apiKey, ...fields }).map(([k, v]) => [k, String(v)])).toString() });
    assert.equal(res.statusCode, 200, res.body);
    const no = res.json()[0].service_request_id as string;
    const row = await t.storage.db.selectFrom('cases').select('id').where('case_no', '=', no).executeTakeFirstOrThrow();
    return { no, id: row.id };
  };
  const publication = (who: string | null, id: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url: `/api/cases/${id}/publication`, payload: payload as Record<string, unknown>, headers: who ? { cookie: cookies[who]! } : {} });

  it('never lists a grid worker report, and it cannot be made public', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie: cookies['worker']!, 'idempotency-key': randomUUID() },
      payload: { categoryCode: '0101', description: '网格员巡查：香铺营3栋门口垃圾堆放', location: IN_A1 },
    });
    assert.equal(res.statusCode, 201, res.body);
    const staffCase = res.json().case as { id: string; caseNo: string };
    assert.ok(!(await feed()).some((r) => r['service_request_id'] === staffCase.caseNo), 'a grid worker report is not on the public feed');
    assert.equal((await get(`/open311/v2/requests/${staffCase.caseNo}.json`)).statusCode, 404, 'nor can it be followed through Open311');
    assert.ok(!(await get(`/open311/v2/requests.json?service_request_id=${staffCase.caseNo}`)).body.includes(staffCase.caseNo));

    const refused = await publication('supervisor', staffCase.id, { public: true });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(refused.json().error.code, 'CONFLICT');
    assert.equal(refused.json().error.field, 'public');
  });

  it('lists a resident report only once staff mark it public, scrubbed and coarsened', async () => {
    const description = '我叫刘建国，电话13951234567，邻居陈女士的车苏A8K2M7天天堵在单元门口，身份证320102196803120019';
    const r = await open311({ service_code: '0101', lat: POINT.lat, long: POINT.lng, description, address_string: '鼓楼区江苏路1号3栋2单元501室' });
    assert.ok(!(await feed()).some((x) => x['service_request_id'] === r.no), 'not listed before it is marked public');

    const res = await publication('supervisor', r.id, { public: true });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(res.json().case.publishedAt, 'the case says when it was published');

    const item = (await feed()).find((x) => x['service_request_id'] === r.no);
    assert.ok(item, 'listed once public');
    assert.equal(item['description'], '我叫某，电话[电话]，邻居某女士的车[车牌]天天堵在单元门口，身份证[身份证号]');
    assert.equal(item['address'], '鼓楼区江苏路1号', 'no building, unit or flat');
    // 32.06037 lies in the cell [32.060, 32.061) → 32.0605; 118.77081 in [118.770, 118.771) → 118.7705.
    assert.deepEqual([item['lat'], item['long']], [32.0605, 118.7705]);
    assert.deepEqual(coarsenLocation(POINT.lat, POINT.lng), { lat: 32.0605, lng: 118.7705 });
    const xml = (await get(`/open311/v2/requests/${r.no}.xml`)).body;
    for (const personal of ['13951234567', '刘建国', '苏A8K2M7', '320102196803120019', '501室', String(POINT.lat)]) {
      assert.ok(!JSON.stringify(item).includes(personal) && !xml.includes(personal), `${personal} is not published`);
    }

    // 取消公开: off the feed again; the filer can still follow the status by id.
    assert.equal((await publication('dispatcher', r.id, { public: false })).statusCode, 200);
    assert.ok(!(await feed()).some((x) => x['service_request_id'] === r.no));
    const [tracked] = (await get(`/open311/v2/requests/${r.no}.json`)).json();
    assert.equal(tracked.status, 'open');
    assert.equal(tracked.description, null);

    const audit = await t.storage.db.selectFrom('audit_log').select(['action', 'actor_label']).where('record_id', '=', r.id).where('action', 'in', ['case.publish', 'case.unpublish']).orderBy('seq').execute();
    assert.deepEqual(audit.map((a) => a.action), ['case.publish', 'case.unpublish']);
    assert.match(audit[0]!.actor_label, /^supervisor /);
  });

  it('lists a published portal submission too', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/cases/public',
      headers: { 'idempotency-key': randomUUID() },
      payload: { categoryCode: '0101', description: '公园东门垃圾桶满溢，王先生说已经三天了', location: IN_A1, contact: { name: '王建', phone: '13700001111' } },
    });
    assert.equal(res.statusCode, 201, res.body);
    const row = await t.storage.db.selectFrom('cases').select(['id', 'case_no']).where('case_no', '=', res.json().caseNo).executeTakeFirstOrThrow();
    assert.equal((await publication('dispatcher', row.id, { public: true })).statusCode, 200);
    const item = (await feed()).find((x) => x['service_request_id'] === row.case_no);
    assert.equal(item?.['description'], '公园东门垃圾桶满溢，某先生说已经三天了');
    assert.ok(!JSON.stringify(await feed()).includes('13700001111'));
  });

  it('never publishes a dispute', async () => {
    const d = await open311({ service_code: '3001', lat: IN_A1.lat, long: IN_A1.lng, description: '拖欠工资两个月' });
    const res = await publication('supervisor', d.id, { public: true });
    assert.equal(res.statusCode, 409, res.body);
    assert.ok(!(await feed()).some((x) => x['service_request_id'] === d.no));
  });

  it('walks the publication route: 401, 400, 404 outside scope, 403 without case.publish, 200', async () => {
    const r = await open311({ service_code: '0101', lat: IN_A1.lat, long: IN_A1.lng, description: '路边垃圾' });
    assert.equal((await publication(null, r.id, { public: true })).statusCode, 401);
    const bad = await publication('supervisor', r.id, { public: 'yes' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.field, 'public');
    assert.equal((await publication('supervisor', randomUUID(), { public: true })).statusCode, 404);
    const outside = await publication('dispatcherB', r.id, { public: true });
    assert.equal(outside.statusCode, 404, 'a dispatcher of another street cannot tell the case exists');
    for (const who of ['worker', 'inspector']) {
      const res = await publication(who, r.id, { public: true });
      assert.equal(res.statusCode, 403, `${who}: ${res.body}`);
    }
    assert.ok(!(await feed()).some((x) => x['service_request_id'] === r.no), 'refusals changed nothing');
    const ok = await publication('dispatcher', r.id, { public: true });
    assert.equal(ok.statusCode, 200);
    assert.ok(ok.json().case.caseOps.includes('publish'), 'the console is told it may toggle 公开');
    const detail = await t.app.inject({ method: 'GET', url: `/api/cases/${r.id}`, headers: { cookie: cookies['worker']! } });
    assert.ok(!detail.json().case.caseOps.includes('publish'), 'a grid worker is not offered 公开');
  });
});
