import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { uuidv7 } from 'uuidv7';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { insertSiblingDistrict, insertUser, seedSmallCity, type TestUser } from '../../../test/factories.ts';

let keyCounter = 0;
const key = () => `dir-access-${++keyCounter}`;

/**
 * Probes of directives as a curious insider would make them (issue #12): a sibling district's people,
 * a same-district grid the directive did not reach, and a missing id must be told apart by nothing —
 * each answers 404 NOT_FOUND.
 */
forEachDatabase('directives: access probes', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  const u: Record<string, TestUser> = {};
  const cookies: Record<string, string> = {};
  let directiveId = '';
  let foreignCampaignId = '';

  const post = (url: string, who: string, payload: object, idem: string | null = key()) =>
    t.app.inject({ method: 'POST', url, payload, headers: { cookie: cookies[who]!, ...(idem ? { 'idempotency-key': idem } : {}) } });

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date('2026-11-02T02:00:00Z');
    const db = t.storage.db;
    city = await seedSmallCity(db);
    await insertSiblingDistrict(db, { lng: 118.80, lat: 32.07 });
    const people: [string, Parameters<typeof insertUser>[1]['role'], string][] = [
      ['streetleader', 'leader', city.streetA],
      ['wa1', 'grid_worker', city.gridA1],
      ['wb1', 'grid_worker', city.gridB1],
      ['xwleader', 'leader', '320102'],
      ['xwworker', 'grid_worker', '320102001001001'],
    ];
    for (const [username, role, scope] of people) u[username] = await insertUser(db, { username, role, scope });
    for (const name of Object.keys(u)) cookies[name] = await loginAs(t.app, name, u[name]!.password);
    const issued = await post('/api/directives', 'streetleader', { title: '街道通知', body: '传达到每个网格', issuingUnit: city.streetA });
    assert.equal(issued.statusCode, 201, issued.body);
    directiveId = issued.json().directive.id;
    const at = (h: number) => new Date(t.clock.now.getTime() + h * 3_600_000).toISOString();
    const campaign = await post('/api/campaigns', 'xwleader', { name: '玄武区专项行动', territoryCode: '320102', startsAt: at(-1), endsAt: at(48), phases: [{ kind: 'preparation', startsAt: at(-1), endsAt: at(48) }] }, null);
    assert.equal(campaign.statusCode, 201, campaign.body);
    foreignCampaignId = campaign.json().campaign.id;
  });
  after(async () => t.close());

  it('POST /api/directives/:id/supplements: a directive one may not read answers 404 exactly like a missing one (finding 11)', async () => {
    const missing = await post(`/api/directives/${uuidv7()}/supplements`, 'xwleader', { unitCode: '320102', body: 'x' }, null);
    assert.equal(missing.statusCode, 404);
    for (const [who, unitCode] of [['xwleader', '320102'], ['xwworker', '320102001001001'], ['wb1', city.gridB1]] as const) {
      const res = await post(`/api/directives/${directiveId}/supplements`, who, { unitCode, body: 'x' }, null);
      assert.equal(res.statusCode, 404, `${who}: ${res.body}`);
      assert.equal(res.json().error.code, 'NOT_FOUND');
    }
    // A recipient may read it but not add requirements: 403, as before.
    assert.equal((await post(`/api/directives/${directiveId}/supplements`, 'wa1', { unitCode: city.gridA1, body: 'x' }, null)).statusCode, 403);
  });

  it('POST /api/directives: a campaign one may not see is refused exactly like a missing one', async () => {
    const body = { title: 't', body: 'b', issuingUnit: city.streetA };
    const missing = await post('/api/directives', 'streetleader', { ...body, campaignId: uuidv7() });
    const foreign = await post('/api/directives', 'streetleader', { ...body, campaignId: foreignCampaignId });
    assert.equal(missing.statusCode, 400);
    assert.equal(foreign.statusCode, missing.statusCode, foreign.body);
    assert.deepEqual([foreign.json().error.code, foreign.json().error.field], [missing.json().error.code, missing.json().error.field]);
    assert.equal(foreign.json().error.message.replace(foreignCampaignId, 'ID'), missing.json().error.message.replace(/[0-9a-f-]{36}/, 'ID'));
  });

  it('POST /api/directives and /report: an upload the caller may not read cannot be attached (it would become readable through the directive)', async () => {
    // 玄武区's leader uploaded a photo nobody references yet: only they may read it.
    const sha256 = 'a'.repeat(64);
    await t.storage.db.insertInto('attachments').values({ id: uuidv7(), sha256, size: 10, mime: 'image/jpeg', created_by: u['xwleader']!.id, created_at: t.clock.now.toISOString(), original_name: null, stripped: 1 }).execute();
    const missing = await post('/api/directives', 'streetleader', { title: 't', body: 'b', issuingUnit: city.streetA, attachments: ['b'.repeat(64)] });
    const foreign = await post('/api/directives', 'streetleader', { title: 't', body: 'b', issuingUnit: city.streetA, attachments: [sha256] });
    assert.deepEqual([missing.statusCode, missing.json().error.field], [400, 'attachments']);
    assert.deepEqual([foreign.statusCode, foreign.json().error.code, foreign.json().error.field], [400, 'VALIDATION_FAILED', 'attachments'], foreign.body);
    const own = await post('/api/directives', 'xwleader', { title: 't', body: 'b', issuingUnit: '320102', attachments: [sha256] });
    assert.equal(own.statusCode, 201, own.body);
  });

  it('GET /api/directives/:id, /rollup and /escalations: 404 for a sibling district, a parent-less reader and a missing id alike', async () => {
    for (const who of ['xwleader', 'xwworker', 'wb1']) {
      for (const suffix of ['', '/rollup', '/escalations', `/rollup?unit=${city.streetA}`]) {
        const res = await t.app.inject({ method: 'GET', url: `/api/directives/${directiveId}${suffix}`, headers: { cookie: cookies[who]! } });
        assert.equal(res.statusCode, 404, `${who} ${suffix}: ${res.body}`);
      }
    }
    for (const [who, unitCode] of [['xwleader', '320102']] as const) {
      const res = await t.app.inject({ method: 'GET', url: `/api/directives/${directiveId}/rollup?unit=${unitCode}`, headers: { cookie: cookies[who]! } });
      assert.equal(res.statusCode, 404);
    }
    assert.equal((await post(`/api/directives/${directiveId}/sign`, 'xwworker', {})).statusCode, 404);
    assert.equal((await post(`/api/directives/${directiveId}/report`, 'xwleader', { text: 'x' })).statusCode, 404);
    const listed = await t.app.inject({ method: 'GET', url: '/api/directives', headers: { cookie: cookies['xwleader']! } });
    assert.ok(!listed.json().items.some((i: { id: string }) => i.id === directiveId));
  });
});
