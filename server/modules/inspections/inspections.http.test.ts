import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { uuidv7 } from 'uuidv7';
import { forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { startSupervisionSuite } from '../../../test/supervisionSuite.ts';
import { insertUser } from '../../../test/factories.ts';
import { loginAs } from '../../../test/auth.ts';
import { pathOfCode } from '../../../shared/territory/codes.ts';
import { buildJpeg } from '../../attachments/testImages.ts';
import { IN_A1, seedCaseWorld } from '../cases/caseTestKit.ts';

forEachDatabase('unannounced inspections (明察暗访)', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let world: Awaited<ReturnType<typeof seedCaseWorld>>;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const call = (who: string | null, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, ...(who ? { headers: { cookie: cookies[who]! } } : {}), ...(payload ? { payload } : {}) });

  before(async () => {
    ({ t, world } = await startSupervisionSuite(kind));
    const db = t.storage.db;
    // 督查员 of grid A1 itself, one from another district, a supervisor of the urban-management bureau, a leader.
    const inspA = await insertUser(db, { username: 'inspa', role: 'inspector', scope: world.city.gridA1, displayName: '督查网格' });
    const inspX = await insertUser(db, { username: 'inspx', role: 'inspector', scope: '320105', displayName: '督查外区' });
    const supD = await insertUser(db, { username: 'supd', role: 'supervisor', scope: world.city.county, displayName: '城管监督', departmentId: world.deptUrban });
    const leader = await insertUser(db, { username: 'leader', role: 'leader', scope: world.city.county, displayName: '区领导' });
    Object.assign(ids, { inspA: inspA.id, inspX: inspX.id, supD: supD.id, leader: leader.id });
    ids['site'] = uuidv7();
    await db
      .insertInto('patrol_sites')
      .values({ id: ids['site'], name: '五台山体育中心', category: 'venue', risk_level: 3, lat: 32.05, lng: 118.77, geofence_json: '{}', dosage_json: '[]', grid_code: world.city.gridB1, territory_path: pathOfCode(world.city.gridB1), active: 1, created_by: null, created_at: '2026-11-01T00:00:00.000Z', updated_at: '2026-11-01T00:00:00.000Z' })
      .execute();
    for (const [u, p] of [['supervisor', world.supervisor.password], ['worker', world.worker.password], ['inspector', world.inspector.password], ['inspa', inspA.password], ['inspx', inspX.password], ['leader', leader.password]] as const) {
      cookies[u] = await loginAs(t.app, u, p);
    }
  });
  after(async () => t.close());

  const checklist = [{ label: '网格员在岗在位' }, { label: '台账记录完整' }, { key: 'fire', label: '消防通道畅通' }];

  it('creates checklist templates and plans: 401 → 400 (code and field) → 403/404 → 201, with the independence rule', async () => {
    const template = { name: '网格工作站检查表', scope: world.city.county, items: checklist };
    assert.equal((await call(null, 'POST', '/api/inspections/templates', template)).statusCode, 401);
    const dupKeys = await call('supervisor', 'POST', '/api/inspections/templates', { ...template, items: [{ key: 'a', label: 'x' }, { key: 'a', label: 'y' }] });
    assert.equal(dupKeys.statusCode, 400);
    assert.deepEqual([dupKeys.json().error.code, dupKeys.json().error.field], ['VALIDATION_FAILED', 'items.1.key']);
    assert.equal((await call('leader', 'POST', '/api/inspections/templates', template)).statusCode, 403, 'leaders read, they do not plan');
    const tpl = await call('supervisor', 'POST', '/api/inspections/templates', template);
    assert.equal(tpl.statusCode, 201, tpl.body);
    assert.deepEqual(tpl.json().items.map((i: { key: string }) => i.key), ['c1', 'c2', 'fire']);
    ids['template'] = tpl.json().id;
    // Usable below where it was made; the leader reads it.
    const listed = await call('leader', 'GET', `/api/inspections/templates?scope=${world.city.streetA}`);
    assert.deepEqual(listed.json().templates.map((x: { id: string }) => x.id), [ids['template']]);

    const plan = { title: '十一月网格工作站暗访', kind: 'covert', scope: world.city.county, period: '2026-11-20..2026-11-30', templateId: ids['template'], tasks: [] as object[] };
    assert.equal((await call(null, 'POST', '/api/inspections/plans', plan)).statusCode, 401);
    for (const [patch, field] of [
      [{ period: '2026-13-01' }, 'period'],
      [{ kind: 'secret' }, 'kind'],
      [{ templateId: undefined }, 'checklist'],
      [{ templateId: 'nope' }, 'templateId'],
      [{ tasks: [{ targetKind: 'grid', targetId: '999' }] }, 'tasks.0.targetId'],
      [{ tasks: [{ targetKind: 'grid', targetId: world.city.streetA }] }, 'tasks.0.targetId'],
    ] as const) {
      const bad = await call('supervisor', 'POST', '/api/inspections/plans', { ...plan, ...patch });
      assert.equal(bad.statusCode, 400, `${field}: ${bad.body}`);
      assert.deepEqual([bad.json().error.code, bad.json().error.field], ['VALIDATION_FAILED', field]);
    }
    assert.equal((await call('worker', 'POST', '/api/inspections/plans', plan)).statusCode, 403);
    assert.equal((await call('inspector', 'POST', '/api/inspections/plans', plan)).statusCode, 403, 'inspectors run tasks, they do not plan');
    assert.equal((await call('supervisor', 'POST', '/api/inspections/plans', { ...plan, scope: '320105' })).statusCode, 404);

    // 回避: nobody inspects their own grid or unit.
    const ownGrid = await call('supervisor', 'POST', '/api/inspections/plans', { ...plan, tasks: [{ targetKind: 'grid', targetId: world.city.gridA1, inspectorId: ids['inspA'] }] });
    assert.equal(ownGrid.statusCode, 400);
    assert.equal(ownGrid.json().error.field, 'tasks.0.inspectorId');
    assert.match(ownGrid.json().error.message, /回避/);
    const ownUnit = await call('supervisor', 'POST', '/api/inspections/plans', { ...plan, tasks: [{ targetKind: 'unit', targetId: world.deptUrban, inspectorId: ids['supD'] }] });
    assert.equal(ownUnit.statusCode, 400);
    assert.equal(ownUnit.json().error.field, 'tasks.0.inspectorId');
    const notInspector = await call('supervisor', 'POST', '/api/inspections/plans', { ...plan, tasks: [{ targetKind: 'grid', targetId: world.city.gridA1, inspectorId: world.worker.id }] });
    assert.equal(notInspector.json().error.field, 'tasks.0.inspectorId');

    // The candidates the picker offers for grid A1: never 督查网格 (A1), 督查外区 (independent) first.
    const cand = await call('supervisor', 'GET', `/api/inspections/candidates?scope=${world.city.county}&targetKind=grid&targetId=${world.city.gridA1}`);
    assert.equal(cand.statusCode, 200, cand.body);
    const candIds = cand.json().candidates.map((c: { id: string }) => c.id);
    assert.equal(candIds[0], ids['inspX']);
    assert.ok(!candIds.includes(ids['inspA']));
    assert.ok(candIds.includes(world.inspector.id), 'the county inspector covers A1 from above: eligible, after the independent one');

    const res = await call('supervisor', 'POST', '/api/inspections/plans', {
      ...plan,
      tasks: [
        { targetKind: 'grid', targetId: world.city.gridA1 },
        { targetKind: 'site', targetId: ids['site'], inspectorId: ids['inspA'] },
        { targetKind: 'unit', targetId: world.deptUrban },
      ],
    });
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json();
    ids['plan'] = created.plan.id;
    assert.equal(created.plan.kind, 'covert');
    assert.equal(created.plan.checklist.length, 3, 'copied from the template');
    const [grid, site, unit] = created.tasks;
    assert.deepEqual([grid.targetName, grid.inspectorId], ['江苏路社区第一网格', ids['inspX']], 'auto: the independent inspector');
    assert.deepEqual([site.targetName, site.inspectorId], ['五台山体育中心', ids['inspA']], 'A1 inspector may inspect a site in B1');
    assert.equal(unit.targetName, '鼓楼区城管局');
    assert.ok([ids['inspA'], ids['inspX']].includes(unit.inspectorId), 'auto: an independent inspector, not the county one');
    Object.assign(ids, { gridTask: grid.id, siteTask: site.id, unitTask: unit.id });
    assert.equal(created.unassigned, 0);

    const dup = await call('supervisor', 'POST', `/api/inspections/plans/${ids['plan']}/tasks`, { tasks: [{ targetKind: 'grid', targetId: world.city.gridA1 }] });
    assert.equal(dup.statusCode, 409);
    assert.equal((await call('leader', 'POST', `/api/inspections/plans/${ids['plan']}/tasks`, { tasks: [{ targetKind: 'grid', targetId: world.city.gridA2 }] })).statusCode, 403);
    const more = await call('supervisor', 'POST', `/api/inspections/plans/${ids['plan']}/tasks`, { tasks: [{ targetKind: 'grid', targetId: world.city.gridA2, inspectorId: world.inspector.id }] });
    assert.equal(more.statusCode, 201, more.body);
    ids['a2Task'] = more.json().tasks[0].id;
  });

  it('the assigned inspector records checklist results and a finding with photos; others are refused', async () => {
    const mine = (await call('inspx', 'GET', '/api/inspections/tasks/mine')).json().tasks;
    assert.ok(mine.some((x: { id: string; planTitle: string }) => x.id === ids['gridTask'] && x.planTitle === '十一月网格工作站暗访'));
    assert.deepEqual((await call('worker', 'GET', '/api/inspections/tasks/mine')).json().tasks, []);

    const url = `/api/inspections/tasks/${ids['gridTask']}/results`;
    const fail = { items: [{ itemKey: 'c1', result: 'pass' }, { itemKey: 'fire', result: 'fail', note: '消防通道堆放杂物' }] };
    assert.equal((await call(null, 'POST', url, fail)).statusCode, 401);
    const noNote = await call('inspx', 'POST', url, { items: [{ itemKey: 'fire', result: 'fail' }] });
    assert.deepEqual([noNote.statusCode, noNote.json().error.field], [400, 'items.0.note']);
    const badKey = await call('inspx', 'POST', url, { items: [{ itemKey: 'nope', result: 'pass' }] });
    assert.deepEqual([badKey.statusCode, badKey.json().error.field], [400, 'items.0.itemKey']);
    const badResult = await call('inspx', 'POST', url, { items: [{ itemKey: 'c1', result: 'ok' }] });
    assert.deepEqual([badResult.statusCode, badResult.json().error.code, badResult.json().error.field], [400, 'VALIDATION_FAILED', 'items.0.result']);
    // Readers who are not assigned: 403; the A1 inspector cannot even see the A1 task; a grid worker neither.
    assert.equal((await call('inspector', 'POST', url, fail)).statusCode, 403);
    assert.equal((await call('leader', 'POST', url, fail)).statusCode, 403);
    assert.equal((await call('inspa', 'POST', url, fail)).statusCode, 404);
    assert.equal((await call('worker', 'POST', url, fail)).statusCode, 404);
    assert.equal((await call('inspa', 'GET', `/api/inspections/tasks/${ids['gridTask']}`)).statusCode, 404);

    const rec = await call('inspx', 'POST', url, fail);
    assert.equal(rec.statusCode, 200, rec.body);
    assert.deepEqual(rec.json().counts, { pass: 1, fail: 1, na: 0, unrecorded: 1 });
    const early = await call('inspx', 'POST', url, { complete: true });
    assert.deepEqual([early.statusCode, early.json().error.field], [400, 'items']);
    assert.deepEqual(early.json().error.details.missing, ['台账记录完整']);

    const jpeg = await t.app.inject({ method: 'POST', url: '/api/uploads', payload: buildJpeg(), headers: { cookie: cookies['inspx']!, 'content-type': 'image/jpeg' } });
    assert.equal(jpeg.statusCode, 201, jpeg.body);
    ids['photo'] = jpeg.json().sha256;
    const findingUrl = `/api/inspections/tasks/${ids['gridTask']}/findings`;
    const finding = { itemKey: 'fire', description: '3号楼消防通道堆放电动车和杂物', severity: 'major', location: IN_A1, address: '江苏路3号楼', photos: [ids['photo']] };
    const unknownPhoto = await call('inspx', 'POST', findingUrl, { ...finding, photos: ['0'.repeat(64)] });
    assert.deepEqual([unknownPhoto.statusCode, unknownPhoto.json().error.field], [400, 'photos']);
    const badSeverity = await call('inspx', 'POST', findingUrl, { ...finding, severity: 'huge' });
    assert.deepEqual([badSeverity.statusCode, badSeverity.json().error.field], [400, 'severity']);
    assert.equal((await call('leader', 'POST', findingUrl, finding)).statusCode, 403);
    const added = await call('inspx', 'POST', findingUrl, finding);
    assert.equal(added.statusCode, 201, added.body);
    assert.deepEqual([added.json().responsibleUnit, added.json().photos, added.json().rectification], ['江苏路社区第一网格', [ids['photo']], null]);
    ids['finding'] = added.json().id;

    const done = await call('inspx', 'POST', url, { items: [{ itemKey: 'c2', result: 'na' }], complete: true, summary: '工作站在岗，消防通道堵塞' });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().task.state, 'done');
    assert.equal((await call('inspx', 'POST', url, { items: [{ itemKey: 'c1', result: 'fail', note: '改' }] })).statusCode, 409, 'a done task takes nothing more');
    assert.equal((await call('inspx', 'POST', findingUrl, finding)).statusCode, 409);

    const task = (await call('inspx', 'GET', `/api/inspections/tasks/${ids['gridTask']}`)).json();
    assert.deepEqual(task.checklist.map((i: { key: string; result: { result: string } | null }) => [i.key, i.result?.result]), [['c1', 'pass'], ['c2', 'na'], ['fire', 'fail']]);
    assert.deepEqual(task.actions, { record: false, rectify: false });

    // The site task: a finding with no location of its own (the key site's is used when it becomes a case).
    const site = await call('inspa', 'POST', `/api/inspections/tasks/${ids['siteTask']}/findings`, { description: '看台安全出口上锁', severity: 'critical', responsibleUnit: '体育中心物业' });
    assert.equal(site.statusCode, 201, site.body);
    ids['siteFinding'] = site.json().id;
  });

  it('turns a finding into a rectification case with a deadline through case intake; once only', async () => {
    const url = `/api/inspections/findings/${ids['finding']}/rectify`;
    const body = { categoryCode: '2101', deadline: '2026-12-05' };
    assert.equal((await call(null, 'POST', url, body)).statusCode, 401);
    const past = await call('supervisor', 'POST', url, { ...body, deadline: '2026-11-01' });
    assert.deepEqual([past.statusCode, past.json().error.code, past.json().error.field], [400, 'VALIDATION_FAILED', 'deadline']);
    const badDate = await call('supervisor', 'POST', url, { ...body, deadline: '2026-02-30' });
    assert.deepEqual([badDate.statusCode, badDate.json().error.field], [400, 'deadline']);
    const unknown = await call('supervisor', 'POST', url, { ...body, categoryCode: '9999' });
    assert.deepEqual([unknown.statusCode, unknown.json().error.field], [400, 'categoryCode']);
    const elsewhere = await call('supervisor', 'POST', url, { ...body, categoryCode: '0102', location: { lat: 32.05, lng: 118.77 } });
    assert.deepEqual([elsewhere.statusCode, elsewhere.json().error.field], [400, 'location'], 'grid B1 is not the inspected grid');
    // The inspector who found it and the leader may not open cases; a grid worker cannot see it.
    assert.equal((await call('inspx', 'POST', url, body)).statusCode, 403);
    assert.equal((await call('leader', 'POST', url, body)).statusCode, 403);
    assert.equal((await call('worker', 'POST', url, body)).statusCode, 404);
    // 2101 消防通道堵塞 is a hazard category: the register needs a responsible person.
    const noPerson = await call('supervisor', 'POST', url, body);
    assert.deepEqual([noPerson.statusCode, noPerson.json().error.field], [400, 'responsiblePerson']);

    const res = await call('supervisor', 'POST', url, { ...body, responsiblePerson: { name: '赵强', userId: world.gridLeader.id } });
    assert.equal(res.statusCode, 201, res.body);
    const out = res.json();
    assert.deepEqual([out.case.categoryCode, out.case.gridCode, out.case.state], ['2101', world.city.gridA1, 'reported']);
    const deadline = '2026-12-05T15:59:59.999Z'; // that day's end, China time
    assert.deepEqual(out.finding.rectification, { caseId: out.case.id, caseNo: out.case.caseNo, caseState: 'reported', deadline, rectified: false, overdue: false, requestedAt: t.clock.now.toISOString() });

    const db = t.storage.db;
    const row = await db.selectFrom('cases').selectAll().where('id', '=', out.case.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.source, row.grid_code, row.category_code, row.reporter_id], ['referral', world.city.gridA1, '2101', world.supervisor.id]);
    assert.match(row.description, /【暗访】十一月网格工作站暗访 · 江苏路社区第一网格：3号楼消防通道/);
    const details = JSON.parse(row.details_json!);
    assert.equal(details.rectification.deadline, deadline);
    assert.deepEqual(details.inspection, { planId: ids['plan'], taskId: ids['gridTask'], findingId: ids['finding'], kind: 'covert', severity: 'major' });
    const report = await db.selectFrom('case_events').selectAll().where('case_id', '=', row.id).where('action', '=', 'report').executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(report.photos_json!), [ids['photo']], 'the finding\'s photos go with the case');
    const hazard = await db.selectFrom('case_hazards').selectAll().where('case_id', '=', row.id).executeTakeFirstOrThrow();
    assert.deepEqual([hazard.status, new Date(hazard.deadline!).toISOString(), hazard.responsible_person_name, hazard.responsible_unit], ['rectifying', deadline, '赵强', '江苏路社区第一网格']);

    const again = await call('supervisor', 'POST', url, { ...body, responsiblePerson: { name: '赵强' } });
    assert.equal(again.statusCode, 409);

    // Non-hazard category, no location on the finding: the key site's location, in grid B1.
    const site = await call('supervisor', 'POST', `/api/inspections/findings/${ids['siteFinding']}/rectify`, { categoryCode: '0102', deadline: '2026-11-28T18:00:00+08:00' });
    assert.equal(site.statusCode, 201, site.body);
    assert.deepEqual([site.json().case.gridCode, site.json().case.kind], [world.city.gridB1, 'event']);
    ids['siteCase'] = site.json().case.id;
    ids['gridCase'] = out.case.id;

    // A grid finding with no location: the centre of the grid (A2), checked to lie in it.
    const a2 = await call('inspector', 'POST', `/api/inspections/tasks/${ids['a2Task']}/findings`, { description: '公示栏信息过期', severity: 'minor' });
    assert.equal(a2.statusCode, 201, a2.body);
    const a2Case = await call('supervisor', 'POST', `/api/inspections/findings/${a2.json().id}/rectify`, { categoryCode: '0102', deadline: '2027-01-31' });
    assert.equal(a2Case.statusCode, 201, a2Case.body);
    assert.equal(a2Case.json().case.gridCode, world.city.gridA2);

    const audit = await db.selectFrom('audit_log').select(['action', 'record_id']).where('action', 'like', 'inspection.%').execute();
    const actions = audit.map((a) => a.action);
    for (const a of ['inspection.template.create', 'inspection.plan.create', 'inspection.tasks.add', 'inspection.task.record', 'inspection.task.complete', 'inspection.finding.add', 'inspection.finding.rectify']) assert.ok(actions.includes(a), a);
    assert.ok(audit.some((a) => a.action === 'inspection.finding.rectify' && a.record_id === ids['finding']));
    assert.ok((await db.selectFrom('audit_log').select('seq').where('action', '=', 'case.report').where('record_id', '=', out.case.id).executeTakeFirst()), 'intake audited by the case module');
  });

  it('shows plan progress and each finding\'s case state to readers; hides the plan from others', async () => {
    const db = t.storage.db;
    // The site case is closed on the 27th (before its deadline); the grid case is still open.
    await db.updateTable('cases').set({ state: 'closed', closed_at: '2026-11-27T02:00:00.000Z' }).where('id', '=', ids['siteCase']!).execute();
    t.clock.now = new Date('2026-12-06T02:00:00.000Z');
    // Sessions idle out over the jump: sign in again.
    for (const [u, p] of [['supervisor', world.supervisor.password], ['worker', world.worker.password], ['inspa', 'correct horse battery'], ['leader', 'correct horse battery']] as const) {
      cookies[u] = await loginAs(t.app, u, p);
    }

    assert.equal((await call(null, 'GET', `/api/inspections/plans/${ids['plan']}`)).statusCode, 401);
    assert.equal((await call('worker', 'GET', `/api/inspections/plans/${ids['plan']}`)).statusCode, 404);
    assert.equal((await call('inspa', 'GET', `/api/inspections/plans/${ids['plan']}`)).statusCode, 200, 'assigned to a task in it');
    const own = (await call('inspa', 'GET', `/api/inspections/plans/${ids['plan']}`)).json();
    assert.ok(own.tasks.every((x: { inspectorId: string }) => x.inspectorId === ids['inspA']), 'an assigned inspector sees only their own tasks');

    const res = await call('leader', 'GET', `/api/inspections/plans/${ids['plan']}`);
    assert.equal(res.statusCode, 200, res.body);
    const plan = res.json();
    const county = await t.storage.db.selectFrom('territory_nodes').select('name_zh').where('code', '=', world.city.county).executeTakeFirstOrThrow();
    assert.equal(plan.plan.scopeName, county.name_zh, 'the scope is named, not only coded');
    assert.deepEqual(plan.progress, { tasks: 4, tasksDone: 1, findings: 3, rectificationCases: 3, rectified: 1, overdue: 1 });
    assert.deepEqual(plan.actions, { addTasks: false, rectify: false });
    const byId = new Map(plan.findings.map((f: { id: string }) => [f.id, f]));
    assert.deepEqual((byId.get(ids['finding']) as { rectification: object }).rectification, { caseId: ids['gridCase'], caseNo: (byId.get(ids['finding']) as { rectification: { caseNo: string } }).rectification.caseNo, caseState: 'reported', deadline: '2026-12-05T15:59:59.999Z', rectified: false, overdue: true, requestedAt: '2026-11-25T02:00:00.000Z' });
    assert.deepEqual([(byId.get(ids['siteFinding']) as { rectification: { caseState: string; rectified: boolean; overdue: boolean } }).rectification].map((r) => [r.caseState, r.rectified, r.overdue]), [['closed', true, false]]);

    const list = await call('supervisor', 'GET', `/api/inspections/plans?scope=${world.city.county}`);
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(list.json().plans.map((p: { id: string; progress: { findings: number }; checklistItems: number }) => [p.id, p.progress.findings, p.checklistItems]), [[ids['plan'], 3, 3]]);
    const badScope = await call('supervisor', 'GET', '/api/inspections/plans?scope=abc');
    assert.deepEqual([badScope.statusCode, badScope.json().error.field], [400, 'scope']);
    assert.equal((await call('worker', 'GET', `/api/inspections/plans?scope=${world.city.gridA1}`)).statusCode, 403);
    assert.equal((await call('supervisor', 'GET', '/api/inspections/plans?scope=320105')).statusCode, 404);
  });
});
