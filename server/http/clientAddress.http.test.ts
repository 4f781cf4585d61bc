import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../test/harness.ts';
import { loginAs } from '../../test/auth.ts';
import { systemActor } from '../access/actor.ts';
import { buildJpeg } from '../attachments/testImages.ts';
import { IN_A1, seedCaseWorld } from '../modules/cases/caseTestKit.ts';
import { createOpen311Key } from '../modules/open311/createOpen311Key.ts';
import { RATE_LIMITS } from './rateLimits.ts';

// Issue #12 finding 1: the client address must not be chosen by the client. Addresses come from the
// documentation ranges (RFC 5737): 203.0.113.0/24 stands for clients, 198.51.100.0/24 for forged values.
const START = new Date('2026-03-02T01:00:00.000Z');
const report = { categoryCode: '4001', description: '夜间KTV噪声', location: IN_A1 };

/** source_ip of the audit entry that recorded the resident report with this tracking code's case. */
async function reportSourceIp(t: TestApp, caseNo: string): Promise<string | null> {
  const row = await t.storage.db.selectFrom('cases').select('id').where('case_no', '=', caseNo).executeTakeFirstOrThrow();
  const entry = await t.storage.db.selectFrom('audit_log').select('source_ip').where('action', '=', 'case.report').where('record_id', '=', row.id).executeTakeFirstOrThrow();
  return entry.source_ip;
}

forEachDatabase('client address: no proxy trusted unless WANGGE_TRUST_PROXY names it', (kind) => {
  describe('WANGGE_TRUST_PROXY unset', () => {
    let t: TestApp & { close(): Promise<void> };
    before(async () => {
      t = await createTestApp(kind);
      t.clock.now = new Date(START);
      await seedCaseWorld(t.storage.db);
    });
    after(async () => t.close());

    it('ignores X-Forwarded-For: request.ip and the audit source_ip are the socket peer', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/cases/public',
        payload: report,
        remoteAddress: '203.0.113.5',
        headers: { 'idempotency-key': 'xff-1', 'x-forwarded-for': '198.51.100.77' },
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(await reportSourceIp(t, res.json().caseNo), '203.0.113.5');
    });

    it('a new X-Forwarded-For on every request does not escape the per-address limit', async () => {
      const max = RATE_LIMITS.statusLookup.perAddress.max;
      for (let i = 0; i < max; i++) {
        const res = await t.app.inject({ method: 'GET', url: '/api/public/cases/AAAAAAAAAA', remoteAddress: '203.0.113.6', headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } });
        assert.equal(res.statusCode, 404, `lookup ${i + 1}: ${res.body}`);
      }
      const limited = await t.app.inject({ method: 'GET', url: '/api/public/cases/AAAAAAAAAA', remoteAddress: '203.0.113.6', headers: { 'x-forwarded-for': '198.51.100.250' } });
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.json().error.code, 'RATE_LIMITED');
      assert.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After says when to come back');
      // Another real address is unaffected.
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/public/cases/AAAAAAAAAA', remoteAddress: '203.0.113.7' })).statusCode, 404);
    });
  });

  describe('WANGGE_TRUST_PROXY=127.0.0.1', () => {
    let t: TestApp & { close(): Promise<void> };
    before(async () => {
      t = await createTestApp(kind, { WANGGE_TRUST_PROXY: '127.0.0.1' });
      t.clock.now = new Date(START);
      await seedCaseWorld(t.storage.db);
    });
    after(async () => t.close());

    it('uses the forwarded address when the request comes from the named proxy', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/cases/public',
        payload: report,
        remoteAddress: '127.0.0.1',
        headers: { 'idempotency-key': 'proxy-1', 'x-forwarded-for': '198.51.100.77' },
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(await reportSourceIp(t, res.json().caseNo), '198.51.100.77');
    });

    it('still ignores X-Forwarded-For from any other peer', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/cases/public',
        payload: report,
        remoteAddress: '203.0.113.8',
        headers: { 'idempotency-key': 'proxy-2', 'x-forwarded-for': '198.51.100.78' },
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(await reportSourceIp(t, res.json().caseNo), '203.0.113.8');
    });
  });
});

forEachDatabase('rate limits: per address and per account on public submit, upload and status lookup', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let w: Awaited<ReturnType<typeof seedCaseWorld>>;
  let apiKey = '';
  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date(START);
    w = await seedCaseWorld(t.storage.db);
    apiKey = (await t.storage.db.transaction().execute((trx) => createOpen311Key(trx, { actor: systemActor('test'), name: 'partner app', now: START }))).key;
  });
  after(async () => t.close());

  it('resident reports: the per-address limit answers 429 RATE_LIMITED with Retry-After', async () => {
    const max = RATE_LIMITS.publicSubmit.perAddress.max;
    for (let i = 0; i < max; i++) {
      // Bodies without an Idempotency-Key are refused (400) cheaply, but every attempt counts.
      const res = await t.app.inject({ method: 'POST', url: '/api/cases/public', payload: report, remoteAddress: '203.0.113.20' });
      assert.equal(res.statusCode, 400, res.body);
    }
    const limited = await t.app.inject({ method: 'POST', url: '/api/cases/public', payload: report, remoteAddress: '203.0.113.20', headers: { 'idempotency-key': 'late' } });
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().error.code, 'RATE_LIMITED');
    assert.ok(Number(limited.headers['retry-after']) > 0);
  });

  it('uploads: one account is limited even when every upload comes from a new address', async () => {
    const cookie = await loginAs(t.app, w.worker.username, w.worker.password);
    const jpeg = buildJpeg();
    const max = RATE_LIMITS.upload.perAccount.max;
    for (let i = 0; i < max; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/uploads', payload: jpeg, remoteAddress: `203.0.${100 + Math.floor(i / 200)}.${(i % 200) + 1}`, headers: { cookie, 'content-type': 'image/jpeg' } });
      assert.equal(res.statusCode, 201, `upload ${i + 1}: ${res.body}`);
    }
    const limited = await t.app.inject({ method: 'POST', url: '/api/uploads', payload: jpeg, remoteAddress: '203.0.113.30', headers: { cookie, 'content-type': 'image/jpeg' } });
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().error.code, 'RATE_LIMITED');
    assert.ok(Number(limited.headers['retry-after']) > 0);
    // Another account from that same address is not held back.
    const other = await loginAs(t.app, w.workerB.username, w.workerB.password);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/uploads', payload: jpeg, remoteAddress: '203.0.113.30', headers: { cookie: other, 'content-type': 'image/jpeg' } })).statusCode, 201);
  });

  it('Open311 POST: one API key is limited even when it spreads over many addresses', async () => {
    const max = RATE_LIMITS.open311Submit.perAccount.max;
    const post = (remoteAddress: string) =>
      t.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        // A valid key without service_code: refused with 400 after the key check, which already counts.
        payload: `api_key=${encodeURIComponent(apiKey)}&lat=${IN_A1.lat}&long=${IN_A1.lng}`,
        remoteAddress,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    for (let i = 0; i < max; i++) {
      const res = await post(`203.0.113.${(i % 100) + 100}`);
      assert.equal(res.statusCode, 400, `post ${i + 1}: ${res.body}`);
    }
    const limited = await post('203.0.113.99');
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json()[0].code, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0);
  });

  it('Open311 POST: the per-address limit counts attempts with wrong keys too', async () => {
    const max = RATE_LIMITS.open311Submit.perAddress.max;
    const post = () =>
      t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: 'api_key=guess', remoteAddress: '203.0.113.40', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    for (let i = 0; i < max; i++) assert.equal((await post()).statusCode, 403);
    const limited = await post();
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0);
  });
});
