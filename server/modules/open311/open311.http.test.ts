import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { uuidv7 } from 'uuidv7';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { systemActor } from '../../access/actor.ts';
import { IN_A1, NOWHERE, seedCaseWorld } from '../cases/caseTestKit.ts';
import { createOpen311Key } from './createOpen311Key.ts';
import { revokeOpen311Key } from './revokeOpen311Key.ts';
import { childText, parseXml } from './xmlParse.testkit.ts';
import { coarsenLocation } from '../../../shared/privacy/coarsen.ts';
import type { z } from 'zod';
import {
  open311Discovery,
  open311ServiceDefinition,
  open311ServiceRequests,
  open311Services,
  open311Submitted,
  open311Tokens,
} from '../../../shared/open311/wire.ts';

// Monday 2 March 2026, 09:00 China time.
const START = new Date('2026-03-02T01:00:00.000Z');
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

function form(fields: Record<string, string | number>): string {
  return new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();
}

forEachDatabase('open311: GeoReport v2', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let w: Awaited<ReturnType<typeof seedCaseWorld>>;
  let apiKey: string;
  let revokedKey: string;
  const cookies: Record<string, string> = {};

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date(START);
    w = await seedCaseWorld(t.storage.db);
    for (const name of ['supervisor', 'dispatcher', 'handler', 'worker'] as const) cookies[name] = await loginAs(t.app, w[name].username, w[name].password);
    const actor = systemActor('test');
    apiKey = (await t.storage.db.transaction().execute((trx) => createOpen311Key(trx, { actor, name: '12345 热线', now: START }))).key;
    const other = await t.storage.db.transaction().execute((trx) => createOpen311Key(trx, { actor, name: 'old app', now: START }));
    await t.storage.db.transaction().execute((trx) => revokeOpen311Key(trx, { actor, id: other.id, now: START }));
    revokedKey = other.key;
  });
  after(async () => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const postForm = (url: string, fields: Record<string, string | number>, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, payload: form(fields), headers: { ...FORM, ...headers } });
  const garbage = { service_code: '0101', lat: IN_A1.lat, long: IN_A1.lng, description: '小区门口暴露垃圾约2平方米' };
  /** 公开: a supervisor marks the request public (the feed lists only what staff published). */
  const publish = async (serviceRequestId: string, value = true) => {
    const row = await t.storage.db.selectFrom('cases').select('id').where('case_no', '=', serviceRequestId).executeTakeFirstOrThrow();
    const res = await t.app.inject({ method: 'POST', url: `/api/cases/${row.id}/publication`, payload: { public: value }, headers: { cookie: cookies['supervisor']! } });
    assert.equal(res.statusCode, 200, res.body);
  };
  const coarse = coarsenLocation(IN_A1.lat, IN_A1.lng);

  describe('discovery and services', () => {
    it('serves discovery in JSON and XML with the GeoReport v2 endpoint', async () => {
      const res = await get('/open311/v2/discovery.json');
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^application\/json/);
      const d = res.json();
      assert.equal(d.endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2');
      assert.equal(d.endpoints[0].type, 'production');
      assert.match(d.endpoints[0].url, /\/open311\/v2\/$/);
      assert.deepEqual(d.endpoints[0].formats, ['text/xml', 'application/json']);
      assert.ok(d.changeset && d.contact && d.key_service);

      const x = await get('/open311/v2/discovery.xml');
      assert.match(x.headers['content-type'] as string, /^text\/xml; charset=utf-8/);
      const root = parseXml(x.body);
      assert.equal(root.name, 'discovery');
      const endpoint = root.children.find((c) => c.name === 'endpoints')!.children[0]!;
      assert.equal(endpoint.name, 'endpoint');
      assert.equal(childText(endpoint, 'specification'), 'http://wiki.open311.org/GeoReport_v2');
      assert.deepEqual(endpoint.children.find((c) => c.name === 'formats')!.children.map((f) => f.text), ['text/xml', 'application/json']);
    });

    it('lists one service per active leaf category with string codes, Chinese names and groups', async () => {
      const res = await get('/open311/v2/services.json');
      assert.equal(res.statusCode, 200);
      const services = res.json() as Record<string, unknown>[];
      const codes = services.map((s) => s['service_code']);
      assert.ok(codes.includes('0101') && codes.includes('3001') && codes.includes('2101'));
      assert.ok(!codes.includes('01') && !codes.includes('30'), 'major classes are groups, not services');
      const rubbish = services.find((s) => s['service_code'] === '0101')!;
      assert.deepEqual(rubbish, {
        service_code: '0101',
        service_name: '暴露垃圾',
        description: '公共区域可见垃圾堆积超过0.5平方米',
        metadata: false,
        type: 'realtime',
        keywords: '暴露垃圾, Exposed rubbish, 市容环境, City appearance and environment',
        group: '市容环境',
      });
      assert.equal(services.find((s) => s['service_code'] === '3001')!['metadata'], true, 'disputes ask for an amount');

      const x = parseXml((await get('/open311/v2/services.xml')).body);
      assert.equal(x.name, 'services');
      assert.equal(x.children.length, services.length);
      const first = x.children.find((s) => childText(s, 'service_code') === '0101')!;
      assert.equal(first.name, 'service');
      assert.equal(childText(first, 'service_name'), '暴露垃圾');
      assert.equal(childText(first, 'metadata'), 'false');
    });

    it('gives service definitions with attributes, and 404 in the spec shape for an unknown code', async () => {
      const dispute = (await get('/open311/v2/services/3001.json')).json();
      assert.equal(dispute.service_code, '3001');
      // 劳资纠纷 carries its own attributes in the category config (amount owed, workers involved).
      assert.deepEqual(
        dispute.attributes.map((a: Record<string, unknown>) => ({ code: a['code'], datatype: a['datatype'], required: a['required'], variable: a['variable'], order: a['order'] })),
        [
          { code: 'amount', datatype: 'number', required: false, variable: true, order: 1 },
          { code: 'workers', datatype: 'number', required: false, variable: true, order: 2 },
        ],
      );
      // 路灯不亮 (an event, which by kind has none) asks for the pole number and what is wrong.
      const light = (await get('/open311/v2/services/0602.json')).json();
      assert.deepEqual(light.attributes.map((a: { code: string }) => a.code), ['pole_number', 'pattern']);
      assert.deepEqual(light.attributes[1].values.map((v: { key: string }) => v.key), ['out', 'flicker', 'day']);
      const services = (await get('/open311/v2/services.json')).json() as Record<string, unknown>[];
      assert.equal(services.find((x) => x['service_code'] === '0602')!['metadata'], true);
      const hazard = parseXml((await get('/open311/v2/services/2101.xml')).body);
      assert.equal(hazard.name, 'service_definition');
      const attr = hazard.children.find((c) => c.name === 'attributes')!.children[0]!;
      assert.equal(childText(attr, 'datatype'), 'singlevaluelist');
      const values = attr.children.find((c) => c.name === 'values')!.children;
      assert.deepEqual(values.map((v) => childText(v, 'key')), ['major', 'serious', 'general', 'low']);
      assert.deepEqual((await get('/open311/v2/services/0101.json')).json(), { service_code: '0101', attributes: [] });

      const missing = await get('/open311/v2/services/9999.json');
      assert.equal(missing.statusCode, 404);
      assert.deepEqual(Object.keys(missing.json()[0]).sort(), ['code', 'description']);
      assert.equal(missing.json()[0].code, 404);
      const missingXml = await get('/open311/v2/services/9999.xml');
      assert.equal(missingXml.statusCode, 404);
      const errors = parseXml(missingXml.body);
      assert.equal(errors.name, 'errors');
      assert.equal(childText(errors.children[0]!, 'code'), '404');
      assert.match(childText(errors.children[0]!, 'description')!, /9999/);
    });
  });

  describe('POST requests', () => {
    it('refuses a missing, wrong or revoked api_key with 403 in the spec shape', async () => {
      for (const key of [undefined, 'o311_not-a-key', revokedKey]) {
        const res = await postForm('/open311/v2/requests.json', { ...garbage, ...(key ? { api_key: key } : {}) });
        assert.equal(res.statusCode, 403, res.body);
        const [err] = res.json();
        assert.equal(err.code, 403);
        assert.match(err.description, /api_key/);
      }
      const xml = await postForm('/open311/v2/requests.xml', garbage);
      assert.equal(xml.statusCode, 403);
      assert.equal(childText(parseXml(xml.body).children[0]!, 'code'), '403');
      const count = await t.storage.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0, 'nothing was created');
    });

    it('answers bad input with 400 (or 404 for an unknown service_code) naming the field', async () => {
      const cases: [Record<string, string | number>, number, RegExp][] = [
        [{ lat: IN_A1.lat, long: IN_A1.lng }, 400, /service_code was not provided/],
        [{ ...garbage, service_code: '9999' }, 404, /service_code 9999 was not found/],
        [{ ...garbage, service_code: '01' }, 404, /service_code 01 was not found/],
        [{ ...garbage, lat: 'north' }, 400, /^lat: .*decimal number/],
        [{ ...garbage, lat: 95 }, 400, /^lat: .*between -90 and 90/],
        [{ ...garbage, long: -181 }, 400, /^long: .*between -180 and 180/],
        [{ service_code: '0101', lat: IN_A1.lat }, 400, /lat and long must both be sent/],
        [{ service_code: '0101', address_string: '鼓楼区江苏路1号' }, 400, /address_string .* alone cannot be located/],
        [{ ...garbage, lat: NOWHERE.lat, long: NOWHERE.lng }, 400, /outside the area this server serves/],
        [{ ...garbage, media_url: 'javascript:alert(1)' }, 400, /^media_url: /],
        [{ ...garbage, email: 'not-an-email' }, 400, /^email: /],
        [{ ...garbage, description: 'x'.repeat(4001) }, 400, /^description: .*4000/],
        [{ service_code: '3001', lat: IN_A1.lat, long: IN_A1.lng, 'attribute[amount]': 'lots' }, 400, /^attribute\[amount\]: .*non-negative number/],
        [{ service_code: '2101', lat: IN_A1.lat, long: IN_A1.lng, 'attribute[grade]': 'huge' }, 400, /^attribute\[grade\]: .*major/],
      ];
      for (const [fields, status, pattern] of cases) {
        const res = await postForm('/open311/v2/requests.json', { api_key: apiKey, ...fields });
        assert.equal(res.statusCode, status, `${JSON.stringify(fields).slice(0, 80)} → ${res.body}`);
        assert.equal(res.json()[0].code, status);
        assert.match(res.json()[0].description, pattern);
      }
    });

    it('creates a case from a form-encoded request, findable via GET requests and the console API', async () => {
      const res = await postForm('/open311/v2/requests.json', {
        ...garbage,
        api_key: apiKey,
        address_string: '鼓楼区江苏路1号',
        first_name: '伟',
        last_name: '张',
        phone: '13900001111',
        email: 'zhang@example.cn',
        account_id: 'acct-42',
        device_id: 'dev-1',
        media_url: 'https://img.example.cn/a.jpg',
      });
      assert.equal(res.statusCode, 200, res.body);
      const [created] = res.json();
      assert.equal(typeof created.service_request_id, 'string');
      assert.match(created.service_request_id, /^AJ\d{8}-[0-9A-Z]{6}$/);
      assert.equal(created.account_id, 'acct-42');
      assert.match(created.service_notice, /垃圾清运完毕/);

      // Until staff mark it public (公开) the filer can follow its status only, and the feed does not list it.
      const [unpublished] = (await get(`/open311/v2/requests/${created.service_request_id}.json`)).json();
      assert.equal(unpublished.status, 'open');
      assert.equal(unpublished.description, null);
      assert.equal(unpublished.lat, null);
      assert.ok(!(await get('/open311/v2/requests.json')).json().some((r: { service_request_id: string }) => r.service_request_id === created.service_request_id));
      await publish(created.service_request_id);

      const one = await get(`/open311/v2/requests/${created.service_request_id}.json`);
      assert.equal(one.statusCode, 200);
      const [item] = one.json();
      assert.deepEqual(Object.keys(item), [
        'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
        'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url',
      ]);
      assert.equal(item.status, 'open');
      assert.equal(item.status_notes, '已上报 Reported');
      assert.equal(item.service_name, '暴露垃圾');
      assert.equal(item.service_code, '0101');
      assert.equal(item.address, '鼓楼区江苏路1号');
      assert.equal(item.lat, coarse.lat, 'location coarsened to its ≈100 m cell');
      assert.equal(item.long, coarse.lng);
      assert.equal(item.media_url, 'https://img.example.cn/a.jpg');
      assert.equal(item.requested_datetime, '2026-03-02T09:00:00+08:00', 'W3C date-time with its offset, China time');
      assert.ok(item.expected_datetime > item.requested_datetime, 'filing deadline');
      const text = one.body;
      for (const personal of ['13900001111', 'zhang@example.cn', '张伟', 'dev-1']) assert.ok(!text.includes(personal), `no ${personal} in Open311 output`);

      const list = (await get('/open311/v2/requests.json')).json();
      assert.ok(list.some((r: { service_request_id: string }) => r.service_request_id === created.service_request_id));
      const token = (await get(`/open311/v2/tokens/${created.service_request_id}.json`)).json();
      assert.deepEqual(token, [{ service_request_id: created.service_request_id, token: created.service_request_id }]);
      assert.equal((await get('/open311/v2/tokens/AJ00000000-XXXXXX.json')).statusCode, 404);

      const consoleList = await t.app.inject({ method: 'GET', url: '/api/cases', headers: { cookie: cookies['supervisor']! } });
      const c = consoleList.json().cases.find((x: { caseNo: string }) => x.caseNo === created.service_request_id);
      assert.ok(c, 'the supervisor sees it in the console');
      assert.equal(c.source, 'open311');
      assert.equal(c.reporterName, '张*', 'lists mask the reporter name like the phone (issue #12)');
      const detail = await t.app.inject({ method: 'GET', url: `/api/cases/${c.id}`, headers: { cookie: cookies['supervisor']! } });
      assert.equal(detail.json().case.reporterName, '张伟', 'the supervisor (people.readPersonal) reads it in full');
      // (the supervisor's case.publish above is theirs, not the key's)
      const audit = await t.storage.db.selectFrom('audit_log').select(['action', 'actor_label']).where('record_id', '=', c.id).where('action', 'not in', ['case.publish', 'case.readPersonal']).execute();
      assert.deepEqual(audit.map((a) => a.action).sort(), ['case.report', 'open311.request.create']);
      assert.ok(audit.every((a) => a.actor_label.includes('Open311 12345 热线')));
      assert.ok(audit.every((a) => /^open311:[0-9a-f-]{36} \(Open311 12345 热线\) via token$/.test(a.actor_label)), 'the audit names the key, not a grid worker');
    });

    it('masks the submitter email in the console unless the caller may read personal data, and audits the unmasked read', async () => {
      // No phone: the email alone must be treated as personal data.
      const res = await postForm('/open311/v2/requests.json', { ...garbage, api_key: apiKey, description: '邮箱脱敏测试', email: 'li.si@example.cn' });
      assert.equal(res.statusCode, 200, res.body);
      const row = await t.storage.db.selectFrom('cases').selectAll().where('case_no', '=', res.json()[0].service_request_id).executeTakeFirstOrThrow();
      assert.equal(row.reporter_phone, null);
      assert.equal(JSON.parse(row.details_json!).open311.email, 'li.si@example.cn', 'kept for a reply');

      const asWorker = await t.app.inject({ method: 'GET', url: `/api/cases/${row.id}`, headers: { cookie: cookies['worker']! } });
      assert.equal(asWorker.statusCode, 200, asWorker.body);
      assert.equal(asWorker.json().case.details.open311.email, 'l****@example.cn');
      assert.ok(!asWorker.body.includes('li.si@example.cn'));
      const list = await t.app.inject({ method: 'GET', url: '/api/cases', headers: { cookie: cookies['supervisor']! } });
      assert.ok(!list.body.includes('li.si@example.cn'), 'lists are always masked');
      const readsBefore = await t.storage.db.selectFrom('audit_log').select('seq').where('record_id', '=', row.id).where('action', '=', 'case.readPersonal').execute();
      assert.equal(readsBefore.length, 0);

      const asSupervisor = await t.app.inject({ method: 'GET', url: `/api/cases/${row.id}`, headers: { cookie: cookies['supervisor']! } });
      assert.equal(asSupervisor.json().case.details.open311.email, 'li.si@example.cn');
      const reads = await t.storage.db.selectFrom('audit_log').select('seq').where('record_id', '=', row.id).where('action', '=', 'case.readPersonal').execute();
      assert.equal(reads.length, 1, 'the unmasked read is audited');
    });

    it('lets a key report anywhere in the territory although it holds no role (external intake channel)', async () => {
      const res = await postForm('/open311/v2/requests.json', { ...garbage, api_key: apiKey, description: '无角色上报' });
      assert.equal(res.statusCode, 200, res.body);
      const row = await t.storage.db.selectFrom('cases').selectAll().where('case_no', '=', res.json()[0].service_request_id).executeTakeFirstOrThrow();
      assert.equal(row.source, 'open311');
      assert.equal(row.reporter_id, null);
    });

    it('accepts attribute[code]=value and stores it in the case details', async () => {
      const res = await postForm('/open311/v2/requests.xml', { api_key: apiKey, service_code: '3001', lat: IN_A1.lat, long: IN_A1.lng, description: '拖欠工资', 'attribute[amount]': '12000.5' });
      assert.equal(res.statusCode, 200, res.body);
      const root = parseXml(res.body);
      assert.equal(root.name, 'service_requests');
      const id = childText(root.children[0]!, 'service_request_id')!;
      const row = await t.storage.db.selectFrom('cases').selectAll().where('case_no', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.kind, 'dispute');
      assert.equal(JSON.parse(row.details_json!).amount, 12000.5);
      // Disputes never appear in the public feed; the filer may track the status only.
      const list = (await get('/open311/v2/requests.json')).json();
      assert.ok(!list.some((r: { service_request_id: string }) => r.service_request_id === id));
      const [tracked] = (await get(`/open311/v2/requests/${id}.json`)).json();
      assert.equal(tracked.status, 'open');
      assert.equal(tracked.description, null);
      assert.equal(tracked.lat, null);
    });

    it('stores a category-configured attribute in the case details, and falls back to the kind defaults when the config is broken', async () => {
      const res = await postForm('/open311/v2/requests.json', { api_key: apiKey, service_code: '0602', lat: IN_A1.lat, long: IN_A1.lng, description: '路灯闪烁', 'attribute[pole_number]': 'XW-0123', 'attribute[pattern]': 'flicker' });
      assert.equal(res.statusCode, 200, res.body);
      const row = await t.storage.db.selectFrom('cases').selectAll().where('case_no', '=', res.json()[0].service_request_id).executeTakeFirstOrThrow();
      const details = JSON.parse(row.details_json!);
      assert.equal(details.poleNumber, 'XW-0123');
      assert.equal(details.pattern, '闪烁');
      const bad = await postForm('/open311/v2/requests.json', { api_key: apiKey, service_code: '0602', lat: IN_A1.lat, long: IN_A1.lng, description: '路灯', 'attribute[pattern]': 'purple' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json()[0].description, /^attribute\[pattern\]: /);

      const before = await t.storage.db.selectFrom('case_categories').select('open311_attributes_json').where('code', '=', '0602').executeTakeFirstOrThrow();
      await t.storage.db.updateTable('case_categories').set({ open311_attributes_json: '{"not": "a list"}' }).where('code', '=', '0602').execute();
      try {
        assert.deepEqual((await get('/open311/v2/services/0602.json')).json(), { service_code: '0602', attributes: [] }, 'an event category falls back to the event defaults (none)');
      } finally {
        await t.storage.db.updateTable('case_categories').set({ open311_attributes_json: before.open311_attributes_json }).where('code', '=', '0602').execute();
      }
    });

    it('replays the first answer for a repeated Idempotency-Key and creates one case', async () => {
      const body = { ...garbage, api_key: apiKey, description: '重复提交测试' };
      const first = await postForm('/open311/v2/requests.json', body, { 'idempotency-key': 'o311-k1' });
      const again = await postForm('/open311/v2/requests.json', body, { 'idempotency-key': 'o311-k1' });
      assert.equal(first.statusCode, 200);
      assert.equal(again.statusCode, 200);
      assert.equal(again.headers['idempotency-replayed'], 'true');
      assert.deepEqual(again.json(), first.json());
      const rows = await t.storage.db.selectFrom('cases').select('id').where('description', '=', '重复提交测试').execute();
      assert.equal(rows.length, 1);
      const other = await postForm('/open311/v2/requests.json', { ...body, description: '另一内容' }, { 'idempotency-key': 'o311-k1' });
      assert.equal(other.statusCode, 422);
      assert.equal(other.json()[0].code, 422);
    });
  });

  describe('GET requests', () => {
    it('maps internal stages to open/closed with the stage in status_notes and the department as agency', async () => {
      const made = await postForm('/open311/v2/requests.json', { ...garbage, api_key: apiKey, description: '状态映射测试' });
      const id = made.json()[0].service_request_id as string;
      await publish(id);
      const row = await t.storage.db.selectFrom('cases').select('id').where('case_no', '=', id).executeTakeFirstOrThrow();
      const act = (who: string, body: Record<string, unknown>) =>
        t.app.inject({ method: 'POST', url: `/api/cases/${row.id}/actions`, payload: body, headers: { cookie: cookies[who]! } });
      assert.equal((await act('supervisor', { action: 'file' })).statusCode, 200);
      assert.equal((await act('dispatcher', { action: 'dispatch', departmentId: w.deptUrban })).statusCode, 200);
      assert.equal((await act('handler', { action: 'accept' })).statusCode, 200);
      const [item] = (await get(`/open311/v2/requests/${id}.json`)).json();
      assert.equal(item.status, 'open');
      assert.equal(item.status_notes, '处置中 In handling');
      assert.equal(item.agency_responsible, '鼓楼区城管局');

      const rejected = await postForm('/open311/v2/requests.json', { ...garbage, api_key: apiKey, description: '不予立案测试' });
      const rid = rejected.json()[0].service_request_id as string;
      await publish(rid);
      const rrow = await t.storage.db.selectFrom('cases').select('id').where('case_no', '=', rid).executeTakeFirstOrThrow();
      const rej = await t.app.inject({ method: 'POST', url: `/api/cases/${rrow.id}/actions`, payload: { action: 'reject', reason: '不符合立案标准' }, headers: { cookie: cookies['supervisor']! } });
      assert.equal(rej.statusCode, 200, rej.body);
      const [closed] = (await get(`/open311/v2/requests/${rid}.json`)).json();
      assert.equal(closed.status, 'closed');
      assert.equal(closed.status_notes, '不予立案 Rejected');
      assert.equal(closed.expected_datetime, null);

      const open = (await get('/open311/v2/requests.json?status=open')).json() as { service_request_id: string; status: string }[];
      assert.ok(open.every((r) => r.status === 'open') && open.some((r) => r.service_request_id === id) && !open.some((r) => r.service_request_id === rid));
      const closedOnly = (await get('/open311/v2/requests.json?status=closed')).json() as { service_request_id: string }[];
      assert.deepEqual(closedOnly.map((r) => r.service_request_id), [rid]);
      const both = (await get(`/open311/v2/requests.json?service_request_id=${id},${rid}`)).json() as { service_request_id: string }[];
      assert.deepEqual(both.map((r) => r.service_request_id).sort(), [id, rid].sort());
    });

    it('escapes Chinese and special characters in XML', async () => {
      const nasty = '井盖<缺失> & "危险" \'注意\' ]]> \u0001控制符';
      const made = await postForm('/open311/v2/requests.json', { ...garbage, api_key: apiKey, description: nasty, address_string: 'A&B <路>' });
      const id = made.json()[0].service_request_id as string;
      await publish(id);
      const res = await get(`/open311/v2/requests/${id}.xml`);
      assert.equal(res.statusCode, 200);
      assert.ok(res.body.includes('&lt;缺失&gt; &amp; &quot;危险&quot; &apos;注意&apos;'));
      const req = parseXml(res.body).children[0]!;
      assert.equal(req.name, 'request');
      assert.equal(childText(req, 'description'), nasty.replace('\u0001', ''));
      assert.equal(childText(req, 'address'), 'A&B <路>');
      assert.equal(childText(req, 'service_name'), '暴露垃圾');
      assert.equal(childText(req, 'lat'), String(coarse.lat));
    });

    it('filters by service_code and dates, defaults to the last 90 days, and validates filters', async () => {
      // Every event this suite filed through Open311 is published; disputes and hazards cannot be.
      const filed = await t.storage.db.selectFrom('cases').select('case_no').where('source', '=', 'open311').where('kind', '=', 'event').where('published_at', 'is', null).execute();
      for (const r of filed) await publish(r.case_no);
      const byCode = (await get('/open311/v2/requests.json?service_code=0101')).json() as { service_code: string }[];
      assert.ok(byCode.length > 0 && byCode.every((r) => r.service_code === '0101'));
      assert.deepEqual((await get('/open311/v2/requests.json?service_code=0201')).json(), []);
      const inRange = (await get('/open311/v2/requests.json?start_date=2026-03-01T00:00:00Z&end_date=2026-03-03T00:00:00Z')).json();
      assert.equal(inRange.filter((r: { service_code: string }) => r.service_code === '0101').length, byCode.length);
      assert.deepEqual([...new Set(inRange.map((r: { service_code: string }) => r.service_code))].sort(), ['0101', '0602'], 'the range holds this suite\'s public requests (disputes never listed)');
      assert.deepEqual((await get('/open311/v2/requests.json?start_date=2026-02-01T00:00:00Z&end_date=2026-02-28T00:00:00Z')).json(), []);

      for (const [query, field] of [
        ['start_date=yesterday', 'start_date'],
        ['start_date=2026-03-01T00:00:00Z&end_date=2026-01-01T00:00:00Z', 'end_date'],
        ['start_date=2025-01-01T00:00:00Z&end_date=2026-03-01T00:00:00Z', 'end_date'],
        ['status=pending', 'status'],
      ] as const) {
        const res = await get(`/open311/v2/requests.json?${query}`);
        assert.equal(res.statusCode, 400, query);
        assert.match(res.json()[0].description, new RegExp(`^${field}: `));
      }

      // 100 days later the default window (last 90 days) no longer includes them.
      const saved = t.clock.now;
      t.clock.now = new Date(START.getTime() + 100 * 86_400_000);
      try {
        assert.deepEqual((await get('/open311/v2/requests.json')).json(), []);
      } finally {
        t.clock.now = saved;
      }
    });

    it('returns at most 1,000 requests, newest first', async () => {
      const template = await t.storage.db.selectFrom('cases').selectAll().where('kind', '=', 'event').where('published_at', 'is not', null).limit(1).executeTakeFirstOrThrow();
      const rows = Array.from({ length: 1005 }, (_, i) => ({
        ...template,
        id: uuidv7(),
        case_no: `AJ20260302-B${String(i).padStart(5, '0')}`,
        created_at: new Date(START.getTime() - (i + 1) * 60_000).toISOString(),
      }));
      for (let i = 0; i < rows.length; i += 100) await t.storage.db.insertInto('cases').values(rows.slice(i, i + 100)).execute();
      const list = (await get('/open311/v2/requests.json')).json() as { requested_datetime: string }[];
      assert.equal(list.length, 1000);
      for (let i = 1; i < list.length; i++) assert.ok(list[i - 1]!.requested_datetime >= list[i]!.requested_datetime);
    });

    it('answers an unknown request id with 404 in the spec shape, and unknown paths too', async () => {
      const res = await get('/open311/v2/requests/AJ00000000-ZZZZZZ.json');
      assert.equal(res.statusCode, 404);
      assert.equal(res.json()[0].code, 404);
      const xml = await get('/open311/v2/requests/AJ00000000-ZZZZZZ.xml');
      assert.equal(parseXml(xml.body).name, 'errors');
      assert.equal((await get('/open311/v2/nothing.json')).json()[0].code, 404);
    });
  });

  describe('the documented shapes (shared/open311/wire.ts)', () => {
    // The bodies are rendered to text, not serialised through the schemas: a field added or renamed in a
    // presenter would leave the OpenAPI document behind. Parsing strips unknown keys, so equality checks both ways.
    const same = (schema: z.ZodType, body: unknown, what: string) => assert.deepEqual(schema.parse(body), body, what);

    it('match what the JSON routes answer', async () => {
      same(open311Discovery, (await get('/open311/v2/discovery.json')).json(), 'discovery');
      const services = (await get('/open311/v2/services.json')).json() as { service_code: string; metadata: boolean }[];
      same(open311Services, services, 'services');
      const withAttributes = services.find((s) => s.metadata);
      assert.ok(withAttributes, 'some service has attributes');
      same(open311ServiceDefinition, (await get(`/open311/v2/services/${withAttributes.service_code}.json`)).json(), 'service definition');
      const created = await postForm('/open311/v2/requests.json', { ...garbage, api_key: apiKey, account_id: 'acct-shape' });
      same(open311Submitted, created.json(), 'submitted');
      const id = created.json()[0].service_request_id as string;
      same(open311ServiceRequests, (await get(`/open311/v2/requests/${id}.json`)).json(), 'one request, not public');
      await publish(id);
      same(open311ServiceRequests, (await get(`/open311/v2/requests/${id}.json`)).json(), 'one request, public');
      same(open311ServiceRequests, (await get('/open311/v2/requests.json')).json(), 'request list');
      same(open311Tokens, (await get(`/open311/v2/tokens/${id}.json`)).json(), 'token');
    });
  });
});
