import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import { createTestApp, forEachDatabase, type TestApp } from '../../test/harness.ts';
import { loginAs } from '../../test/auth.ts';
import { systemActor } from '../access/actor.ts';
import { IN_A1, seedCaseWorld } from '../modules/cases/caseTestKit.ts';
import { createOpen311Key } from '../modules/open311/createOpen311Key.ts';

// Issue #12, finding 11: U+0000 in text was stored on SQLite and answered 500 on PostgreSQL. Now any
// body, query string or path parameter holding it is refused with 400 naming the field, nothing stored.

forEachDatabase('U+0000 in request text is refused (issue #12)', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let w: Awaited<ReturnType<typeof seedCaseWorld>>;
  let cookie: string;

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date('2026-03-02T01:00:00.000Z');
    w = await seedCaseWorld(t.storage.db);
    cookie = await loginAs(t.app, w.worker.username, w.worker.password);
  });
  after(async () => t.close());

  const countCases = async () => Number((await t.storage.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('a NUL in a case description answers 400 naming description, and nothing is stored', async () => {
    const before = await countCases();
    const body = { categoryCode: '0101', description: '井盖缺失\u0000危险', location: IN_A1 };
    const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie, 'idempotency-key': randomUUID() }, payload: body });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().error.code, 'VALIDATION_FAILED');
    assert.equal(res.json().error.field, 'description');
    assert.equal(await countCases(), before, 'nothing stored');
    // The same without the NUL is accepted: the refusal is about the character, not the request.
    const ok = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie, 'idempotency-key': randomUUID() }, payload: { ...body, description: '井盖缺失危险' } });
    assert.equal(ok.statusCode, 201, ok.body);
  });

  it('names nested fields and query parameters; an anonymous caller still gets 401 first', async () => {
    const nested = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie, 'idempotency-key': randomUUID() },
      payload: { categoryCode: '3002', description: '纠纷', location: IN_A1, dispute: { parties: [{ name: '甲\u0000' }] } },
    });
    assert.equal(nested.statusCode, 400);
    assert.equal(nested.json().error.field, 'dispute.parties.0.name');
    const query = await t.app.inject({ method: 'GET', url: '/api/people?q=a%00b', headers: { cookie } });
    assert.equal(query.statusCode, 400, query.body);
    assert.equal(query.json().error.field, 'q');
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/cases', payload: { categoryCode: '0101', description: 'x\u0000', location: IN_A1 } });
    assert.equal(anonymous.statusCode, 401);
  });

  it('an Open311 form with a NUL answers 400 in the spec shape naming description', async () => {
    const key = (await t.storage.db.transaction().execute((trx) => createOpen311Key(trx, { actor: systemActor('test'), name: 'app', now: t.clock.now }))).key;
    const before = await countCases();
    const payload = new URLSearchParams({ api_key: key, service_code: '0101', lat: String(IN_A1.lat), long: String(IN_A1.lng), description: '垃圾\u0000' }).toString();
    const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.json()[0].description, /^description: /);
    assert.equal(await countCases(), before);
  });
});
