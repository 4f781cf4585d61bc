import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { addWorkingTime } from '../../../shared/sla/index.ts';
import { IN_A1, seedCaseWorld } from '../cases/caseTestKit.ts';

const HOUR = 3_600_000;
const START = new Date('2026-03-02T01:00:00.000Z');
const utc = (r: { dueAtMs: number }) => new Date(r.dueAtMs).toISOString();

forEachDatabase('campaign key-period multiplier on every stage', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let w: Awaited<ReturnType<typeof seedCaseWorld>>;
  const cookies: Record<string, string> = {};
  let n = 0;
  const post = (who: string, url: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: cookies[who]!, ...headers } });
  const login = async () => {
    for (const name of ['worker', 'supervisor', 'dispatcher'] as const) cookies[name] = await loginAs(t.app, w[name].username, w[name].password);
  };

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date(START);
    w = await seedCaseWorld(t.storage.db);
    const at = (h: number) => new Date(START.getTime() + h * HOUR).toISOString();
    // Key period from START + 24 h to + 72 h over the county: every category ×0.5.
    await t.storage.db.insertInto('campaigns').values({ id: 'camp-1', name: '园博会安保', description: null, territory_code: w.city.county, territory_path: (await t.storage.db.selectFrom('territory_nodes').select('path').where('code', '=', w.city.county).executeTakeFirstOrThrow()).path, starts_at: at(-1), ends_at: at(96), event_at: null, daily_report_due: '18:00', cloned_from: null, created_by: null, created_at: at(-1), updated_at: at(-1) }).execute();
    await t.storage.db.insertInto('campaign_phases').values({ id: 'ph-key', campaign_id: 'camp-1', kind: 'key_period', name: '关键期', starts_at: at(24), ends_at: at(72), sla_multipliers_json: JSON.stringify({ '*': 0.5 }), patrol_multiplier: 1, daily_report: 0, sort_order: 1 }).execute();
    await login();
  });
  after(async () => t.close());

  /** Report a 0101 case, file it and dispatch it now; answer the due times of the dispatch and handling stages. */
  async function walk() {
    const reported = await post('worker', '/api/cases', { categoryCode: '0101', description: '暴露垃圾', location: IN_A1 }, { 'idempotency-key': `kp-${++n}` });
    assert.equal(reported.statusCode, 201, reported.body);
    const id = reported.json().case.id as string;
    const filed = await post('supervisor', `/api/cases/${id}/actions`, { action: 'file' });
    assert.equal(filed.statusCode, 200, filed.body);
    const dispatched = await post('dispatcher', `/api/cases/${id}/actions`, { action: 'dispatch', departmentId: w.deptUrban });
    assert.equal(dispatched.statusCode, 200, dispatched.body);
    const stored = await t.storage.db.selectFrom('cases').select(['sla_multiplier', 'stage_limit']).where('id', '=', id).executeTakeFirstOrThrow();
    return { id, dispatchDue: filed.json().case.stageDueAt as string, handlingDue: dispatched.json().case.stageDueAt as string, multiplier: Number(stored.sla_multiplier), handlingLimit: stored.stage_limit };
  }

  it('scales the dispatch and handling due times of a case opened in the key period, and of no case opened before it', async () => {
    const early = await walk();
    assert.equal(early.multiplier, 1);
    assert.equal(early.dispatchDue, utc(addWorkingTime(t.clock.now, '2wh')));
    assert.equal(early.handlingDue, utc(addWorkingTime(t.clock.now, '3wd')));

    t.clock.now = new Date(START.getTime() + 26 * HOUR);
    await login();
    const inKey = await walk();
    assert.equal(inKey.multiplier, 0.5);
    assert.equal(inKey.dispatchDue, utc(addWorkingTime(t.clock.now, '1wh')));
    assert.equal(inKey.handlingDue, utc(addWorkingTime(t.clock.now, '1.5wd')));
    assert.equal(inKey.handlingLimit, '1.5wd');

    // The case opened before the key period keeps its unscaled limit.
    const earlyCase = await t.storage.db.selectFrom('cases').select(['stage_limit', 'sla_multiplier']).where('id', '=', early.id).executeTakeFirstOrThrow();
    assert.deepEqual([earlyCase.stage_limit, Number(earlyCase.sla_multiplier)], ['3wd', 1]);
  });
});
