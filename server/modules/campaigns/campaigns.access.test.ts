import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { uuidv7 } from 'uuidv7';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { insertSiblingDistrict, insertUser, seedSmallCity, type TestUser } from '../../../test/factories.ts';
import { chinaDate } from './campaign.ts';
import { insertDepartment } from '../cases/caseTestKit.ts';
import { insertTestCase } from '../analytics/testCases.ts';

let keyCounter = 0;
const key = () => `campaign-access-${++keyCounter}`;

/**
 * Probes of campaigns as a curious insider would make them (issue #12): a campaign of a sibling district
 * answers exactly like a missing one, whatever unit or grid the caller names; a grid the caller cannot
 * see answers like one that does not exist.
 */
forEachDatabase('campaigns: access probes', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  const u: Record<string, TestUser> = {};
  const cookies: Record<string, string> = {};
  let gulouCampaign = '';
  let today = '';

  const get = (url: string, who: string) => t.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]! } });
  const post = (url: string, who: string, payload: object) => t.app.inject({ method: 'POST', url, payload, headers: { cookie: cookies[who]!, 'idempotency-key': key() } });
  const same = (a: { statusCode: number; json(): { error: { code: string } } }, b: typeof a, label: string) => {
    assert.equal(a.statusCode, b.statusCode, label);
    assert.equal(a.json().error.code, b.json().error.code, label);
  };

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date('2026-11-02T02:00:00Z');
    today = chinaDate(t.clock.now);
    const db = t.storage.db;
    city = await seedSmallCity(db);
    await insertSiblingDistrict(db, { lng: 118.80, lat: 32.07 });
    const people: [string, Parameters<typeof insertUser>[1]['role'], string][] = [
      ['glleader', 'leader', city.county],
      ['wa1', 'grid_worker', city.gridA1],
      ['xwduty', 'duty_officer', '320102'],
      ['xwworker', 'grid_worker', '320102001001001'],
    ];
    for (const [username, role, scope] of people) u[username] = await insertUser(db, { username, role, scope });
    // A leader of the district's urban-management bureau reads that bureau's cases only.
    const urban = await insertDepartment(db, { code: 'D-UM', kind: 'urban_management', name: '鼓楼区城管局', territory: city.county });
    const housing = await insertDepartment(db, { code: 'D-HO', kind: 'housing', name: '鼓楼区住建局', territory: city.county });
    u['umleader'] = await insertUser(db, { username: 'umleader', role: 'leader', scope: city.county, departmentId: urban });
    const created = new Date(t.clock.now.getTime() - 3_600_000).toISOString();
    const due = new Date(t.clock.now.getTime() - 60_000).toISOString();
    await insertTestCase(db, { case_no: 'UM-1', grid_code: city.gridA1, state: 'in_handling', department_id: urban, created_at: created, stage_due_at: due, description: '城管案件' });
    await insertTestCase(db, { case_no: 'HO-1', grid_code: city.gridA1, state: 'in_handling', department_id: housing, created_at: created, stage_due_at: due, description: '住建案件：住户张某电话13912345678' });
    for (const name of Object.keys(u)) cookies[name] = await loginAs(t.app, name, u[name]!.password);
    const at = (h: number) => new Date(t.clock.now.getTime() + h * 3_600_000).toISOString();
    const res = await t.app.inject({
      method: 'POST', url: '/api/campaigns', headers: { cookie: cookies['glleader']! },
      payload: { name: '鼓楼区安保', territoryCode: city.county, startsAt: at(-24), endsAt: at(48), phases: [{ kind: 'key_period', startsAt: at(-24), endsAt: at(48), dailyReport: true }] },
    });
    assert.equal(res.statusCode, 201, res.body);
    gulouCampaign = res.json().campaign.id;
  });
  after(async () => t.close());

  it('GET /api/campaigns/:id/dashboard and /daily-reports/status: a sibling district’s campaign answers like a missing one, whatever unit is named', async () => {
    const missing = uuidv7();
    for (const who of ['xwduty', 'xwworker']) {
      for (const unit of ['', '?unit=320102', '?unit=320102001001001']) {
        same(await get(`/api/campaigns/${gulouCampaign}/dashboard${unit}`, who), await get(`/api/campaigns/${missing}/dashboard${unit}`, who), `${who} dashboard${unit}`);
        const q = `date=${today}${unit ? `&${unit.slice(1)}` : ''}`;
        same(await get(`/api/campaigns/${gulouCampaign}/daily-reports/status?${q}`, who), await get(`/api/campaigns/${missing}/daily-reports/status?${q}`, who), `${who} status ${q}`);
      }
      assert.equal((await get(`/api/campaigns/${gulouCampaign}`, who)).statusCode, 404);
      assert.equal((await get(`/api/campaigns/${gulouCampaign}/dashboard`, who)).statusCode, 404);
    }
  });

  it('GET /api/campaigns/:id/dashboard names only the overdue cases the caller may read', async () => {
    const all = await get(`/api/campaigns/${gulouCampaign}/dashboard`, 'glleader');
    assert.equal(all.statusCode, 200, all.body);
    assert.deepEqual(all.json().topOverdue.map((c: { caseNo: string }) => c.caseNo).sort(), ['HO-1', 'UM-1']);
    const bureau = await get(`/api/campaigns/${gulouCampaign}/dashboard`, 'umleader');
    assert.equal(bureau.statusCode, 200, bureau.body);
    assert.deepEqual(bureau.json().topOverdue.map((c: { caseNo: string }) => c.caseNo), ['UM-1']);
    assert.doesNotMatch(bureau.body, /住建案件/);
  });

  it('POST /api/campaigns/:id/daily-reports: a grid the caller cannot see is refused like one that does not exist', async () => {
    // wa1 sees the campaign (their grid lies inside it); grid B1 is another street's grid they cannot see.
    const hidden = await post(`/api/campaigns/${gulouCampaign}/daily-reports`, 'wa1', { gridCode: city.gridB1, date: today, nothingToReport: true });
    const missing = await post(`/api/campaigns/${gulouCampaign}/daily-reports`, 'wa1', { gridCode: '320106002001009', date: today, nothingToReport: true });
    same(hidden, missing, 'hidden grid vs missing grid');
    assert.equal(hidden.json().error.field, 'gridCode');
    const own = await post(`/api/campaigns/${gulouCampaign}/daily-reports`, 'wa1', { gridCode: city.gridA1, date: today, nothingToReport: true });
    assert.equal(own.statusCode, 201, own.body);
    // A sibling district's worker: the campaign itself is not theirs.
    assert.equal((await post(`/api/campaigns/${gulouCampaign}/daily-reports`, 'xwworker', { gridCode: '320102001001001', date: today, nothingToReport: true })).statusCode, 404);
    assert.equal((await post(`/api/campaigns/${gulouCampaign}/clone`, 'xwduty', { startsAt: new Date(t.clock.now.getTime() + 86400_000 * 30).toISOString() })).statusCode, 404);
  });
});
