import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { AddressInfo } from 'node:net';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { systemActor } from '../../access/actor.ts';
import { IN_A1, seedCaseWorld } from '../cases/caseTestKit.ts';
import { createOpen311Key } from './createOpen311Key.ts';
import { childText, parseXml, type XmlElement } from './xmlParse.testkit.ts';

const START = new Date('2026-03-02T01:00:00.000Z');
/** W3C date-time with seconds and an explicit offset, as strict client parsers (yyyy-MM-dd'T'HH:mm:ssXXX) expect. */
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

/**
 * The way a third-party GeoReport v2 client talks to us, over real HTTP with fetch: it knows only the
 * discovery URL, follows the endpoint it announces, sends a form like `requests.post(url, data=…)`
 * (api_key and jurisdiction_id in the body), reads JSON and XML, and runs from a browser on another
 * origin (CORS).
 */
forEachDatabase('open311: an independent client over HTTP', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let base: string;
  let apiKey: string;

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date(START);
    await seedCaseWorld(t.storage.db);
    apiKey = (await t.storage.db.transaction().execute((trx) => createOpen311Key(trx, { actor: systemActor('test'), name: 'third-party app', now: START }))).key;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  after(async () => t.close());

  const kids = (el: XmlElement, name: string) => el.children.filter((c) => c.name === name);

  it('discovers the endpoint, lists services, files a request with a form and follows it, in JSON and XML', async () => {
    const discovery = await (await fetch(`${base}/open311/v2/discovery.json`)).json();
    const endpoint = discovery.endpoints.find((e: { specification: string; type: string }) => e.specification === 'http://wiki.open311.org/GeoReport_v2' && e.type === 'production');
    assert.ok(endpoint, 'a production GeoReport v2 endpoint is announced');
    assert.ok(endpoint.formats.includes('application/json') && endpoint.formats.includes('text/xml'));
    const url: string = endpoint.url;
    assert.ok(url.endsWith('/'), 'clients append services.json to the endpoint url');

    // Clients usually pass jurisdiction_id even to single-jurisdiction servers.
    const services = await (await fetch(`${url}services.json?jurisdiction_id=nanjing.gov.cn`)).json();
    assert.ok(Array.isArray(services) && services.length > 10);
    for (const s of services) {
      assert.equal(typeof s.service_code, 'string');
      assert.equal(typeof s.metadata, 'boolean');
      assert.ok(['realtime', 'batch', 'blackbox'].includes(s.type));
    }
    const hazard = services.find((s: { metadata: boolean }) => s.metadata);
    const definition = await (await fetch(`${url}services/${hazard.service_code}.json?jurisdiction_id=nanjing.gov.cn`)).json();
    assert.equal(definition.service_code, hazard.service_code);
    const attribute = definition.attributes[0];
    const servicesXml = parseXml(await (await fetch(`${url}services.xml`)).text());
    assert.equal(servicesXml.name, 'services');
    assert.equal(kids(servicesXml, 'service').length, services.length);

    const body = new URLSearchParams({
      jurisdiction_id: 'nanjing.gov.cn',
      api_key: apiKey,
      service_code: hazard.service_code,
      lat: String(IN_A1.lat),
      long: String(IN_A1.lng),
      address_string: '鼓楼区江苏路1号',
      description: '楼道堆放杂物堵塞安全出口',
      first_name: 'Wei',
      last_name: 'Zhang',
      email: 'zhang@example.cn',
    });
    if (attribute?.datatype === 'singlevaluelist') body.set(`attribute[${attribute.code}]`, attribute.values[0].key);
    const posted = await fetch(`${url}requests.json`, { method: 'POST', body, headers: { origin: 'https://app.example.org' } });
    assert.equal(posted.status, 200, await posted.clone().text());
    assert.equal(posted.headers.get('access-control-allow-origin'), '*');
    const [created] = await posted.json();
    assert.equal(typeof created.service_request_id, 'string');

    const [tracked] = await (await fetch(`${url}requests/${encodeURIComponent(created.service_request_id)}.json?jurisdiction_id=nanjing.gov.cn`)).json();
    assert.equal(tracked.service_request_id, created.service_request_id);
    assert.equal(tracked.status, 'open');
    assert.match(tracked.requested_datetime, W3C);
    assert.match(tracked.expected_datetime, W3C);
    assert.match(tracked.updated_datetime, W3C);
    assert.equal(Date.parse(tracked.requested_datetime), START.getTime(), 'the offset form parses to the right instant');

    const xml = parseXml(await (await fetch(`${url}requests/${encodeURIComponent(created.service_request_id)}.xml`)).text());
    assert.equal(xml.name, 'service_requests');
    const [request] = kids(xml, 'request');
    assert.equal(childText(request!, 'service_request_id'), created.service_request_id);
    assert.match(childText(request!, 'requested_datetime') ?? '', W3C);

    const [token] = await (await fetch(`${url}tokens/${encodeURIComponent(created.service_request_id)}.json`)).json();
    assert.equal(token.service_request_id, created.service_request_id);
  });

  it('lets browser apps on other origins read and post (CORS), and answers errors as an array of {code, description}', async () => {
    const preflight = await fetch(`${base}/open311/v2/requests.json`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.org', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/i);

    const list = await fetch(`${base}/open311/v2/requests.json`, { headers: { origin: 'https://app.example.org' } });
    assert.equal(list.headers.get('access-control-allow-origin'), '*');

    const noKey = await fetch(`${base}/open311/v2/requests.json`, { method: 'POST', body: new URLSearchParams({ service_code: '0101', lat: '32.06', long: '118.77' }) });
    assert.equal(noKey.status, 403);
    const errors = await noKey.json();
    assert.ok(Array.isArray(errors));
    assert.deepEqual(Object.keys(errors[0]), ['code', 'description']);
    assert.equal(errors[0].code, 403);
    assert.equal(noKey.headers.get('access-control-allow-origin'), '*', 'errors are readable cross-origin too');

    const xmlError = await fetch(`${base}/open311/v2/requests.xml`, { method: 'POST', body: new URLSearchParams({ api_key: apiKey, lat: '32.06', long: '118.77' }) });
    assert.equal(xmlError.status, 400);
    const doc = parseXml(await xmlError.text());
    assert.equal(doc.name, 'errors');
    assert.equal(childText(kids(doc, 'error')[0]!, 'code'), '400');
  });
});
