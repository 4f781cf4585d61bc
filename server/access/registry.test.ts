import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createTestStorage, forEachDatabase, type TestStorage } from '../../test/harness.ts';
import { insertSiblingDistrict, seedSmallCity } from '../../test/factories.ts';
import { pathOfCode } from '../../shared/territory/codes.ts';
import type { Action, Role } from '../../shared/access/roles.ts';
import type { Actor } from './actor.ts';
import { allowedIds, requireAccess, requireDeploymentAccess, requireNode } from './access.ts';
import { deploymentPath, EVALUATION_WEIGHTS_ID, RESOURCES, type ResourceType } from './resources.ts';

// The central registry (issue #12, "access in one place"): every record type is registered, the
// default grants nothing, and one requireNode answers 404 for missing and out-of-scope alike.

const actor = (id: string, ...assignments: [Role, string, string?][]): Actor => ({
  id,
  username: id,
  displayName: id,
  assignments: assignments.map(([role, code, departmentId]) => ({ role, scopeCode: code, scopePath: pathOfCode(code), departmentId: departmentId ?? null })),
  sourceIp: null,
  via: 'session',
});

const NOW = new Date('2026-03-02T01:00:00.000Z');

forEachDatabase('access registry', (kind) => {
  let ts: TestStorage;
  let city: Awaited<ReturnType<typeof seedSmallCity>>;

  before(async () => {
    ts = await createTestStorage(kind);
    const db = ts.storage.db;
    city = await seedSmallCity(db);
    await insertSiblingDistrict(db, { lng: 118.76, lat: 32.06 });
    const at = NOW.toISOString();
    await db.insertInto('campaigns').values({ id: 'camp-county', name: '创文', description: null, territory_code: city.county, territory_path: pathOfCode(city.county), starts_at: at, ends_at: at, event_at: null, daily_report_due: '18:00', cloned_from: null, created_by: null, created_at: at, updated_at: at }).execute();
    await db.insertInto('notifications').values({ id: 'note-1', user_id: 'alice', case_id: null, kind: 'test', title: 't', body: 'b', created_at: at, read_at: null }).execute();
    await db.insertInto('open311_keys').values({ id: 'key-1', name: 'k', key_hash: 'x', created_at: at, revoked_at: null, last_used_at: null }).execute();
  });
  after(async () => ts.cleanup());

  it('registers every resource type the issue names, each with a read action and a bulk resolver', () => {
    const names: ResourceType[] = [
      'case', 'attachment', 'hazard', 'dispute', 'directive', 'campaign', 'patrolSite', 'patrolPlan', 'rosterUnit',
      'inspectionPlan', 'inspectionTask', 'followup', 'bulletin', 'evaluationWeights', 'notification', 'user', 'open311Key', 'territory',
    ];
    for (const n of names) {
      assert.ok(Object.hasOwn(RESOURCES, n), `${n} is registered`);
      assert.equal(typeof RESOURCES[n].pathsOf, 'function');
      assert.ok(RESOURCES[n].readAction);
    }
  });

  it('grants nothing by default: an unknown resource or an action no role holds allows no id', async () => {
    const db = ts.storage.db;
    const admin = actor('root', ['admin', '32']);
    assert.equal((await allowedIds(db, { actor: admin, action: 'territory.read', resource: 'nonsense' as ResourceType, ids: [city.gridA1] })).size, 0);
    await assert.rejects(requireAccess(db, { actor: admin, action: 'territory.read', resource: 'nonsense' as ResourceType, ids: [city.gridA1] }), { code: 'NOT_FOUND' });
    const worker = actor('w', ['grid_worker', city.gridA1]);
    assert.equal((await allowedIds(db, { actor: worker, action: 'made.up' as Action, resource: 'territory', ids: [city.gridA1] })).size, 0);
    assert.equal((await allowedIds(db, { actor: actor('nobody'), action: 'territory.read', resource: 'territory', ids: [city.gridA1] })).size, 0);
  });

  it('requireNode: missing and out of scope are both 404; visible but not allowed is 403; allowed returns the node', async () => {
    const db = ts.storage.db;
    const worker = actor('w', ['grid_worker', city.gridA1]);
    await assert.rejects(requireNode(db, { actor: worker, action: 'territory.read', code: '320106009009009' }), { code: 'NOT_FOUND', field: 'scope' });
    await assert.rejects(requireNode(db, { actor: worker, action: 'territory.read', code: city.gridB1 }), { code: 'NOT_FOUND' });
    await assert.rejects(requireNode(db, { actor: worker, action: 'campaign.manage', code: city.gridA1, field: 'territoryCode' }), { code: 'FORBIDDEN', field: 'territoryCode' });
    const node = await requireNode(db, { actor: worker, action: 'territory.updateProfile', code: city.gridA1 });
    assert.deepEqual({ code: node.code, path: node.path, level: node.level }, { code: city.gridA1, path: pathOfCode(city.gridA1), level: 'grid' });
  });

  it('deployment-wide records live at the deepest node holding every grid: the city here', async () => {
    const db = ts.storage.db;
    assert.equal(await deploymentPath(db), pathOfCode(city.city));
    const countyLeader = actor('l1', ['leader', city.county]);
    const cityLeader = actor('l2', ['leader', city.city]);
    const weights = { resource: 'evaluationWeights' as const, ids: [EVALUATION_WEIGHTS_ID] };
    assert.equal((await allowedIds(db, { actor: countyLeader, action: 'evaluation.read', ...weights })).size, 1, 'read anywhere → read the weights');
    await assert.rejects(requireAccess(db, { actor: countyLeader, action: 'evaluation.manage', ...weights }), { code: 'FORBIDDEN' });
    await requireAccess(db, { actor: cityLeader, action: 'evaluation.manage', ...weights });
    await assert.rejects(requireAccess(db, { actor: actor('w', ['grid_worker', city.gridA1]), action: 'evaluation.manage', ...weights }), { code: 'NOT_FOUND' });
    await assert.rejects(requireAccess(db, { actor: actor('a', ['admin', city.county]), action: 'people.manage', resource: 'open311Key', ids: ['key-1'] }), { code: 'NOT_FOUND' });
    await requireAccess(db, { actor: actor('a', ['admin', city.city]), action: 'people.manage', resource: 'open311Key', ids: ['key-1'] });
    // Creating one: the whole deployment, or 403 (held below) / 404 (not held at all).
    await requireDeploymentAccess(db, { actor: actor('a', ['admin', city.city]), action: 'people.manage', label: 'open311 key' });
    await assert.rejects(requireDeploymentAccess(db, { actor: actor('a', ['admin', city.county]), action: 'people.manage', label: 'open311 key' }), { code: 'FORBIDDEN' });
    await assert.rejects(requireDeploymentAccess(db, { actor: countyLeader, action: 'people.manage', label: 'open311 key' }), { code: 'NOT_FOUND' });
  });

  it('a campaign reaches the grids below it; a notification only its recipient', async () => {
    const db = ts.storage.db;
    const below = await allowedIds(db, { actor: actor('w', ['grid_worker', city.gridA1]), action: 'campaign.read', resource: 'campaign', ids: ['camp-county', 'missing'] });
    assert.deepEqual([...below], ['camp-county']);
    const sibling = await allowedIds(db, { actor: actor('x', ['grid_worker', '320102001001001']), action: 'campaign.read', resource: 'campaign', ids: ['camp-county'] });
    assert.equal(sibling.size, 0);
    assert.equal((await allowedIds(db, { actor: actor('alice', ['grid_worker', city.gridA1]), action: 'case.read', resource: 'notification', ids: ['note-1'] })).size, 1);
    assert.equal((await allowedIds(db, { actor: actor('root', ['admin', '32']), action: 'case.read', resource: 'notification', ids: ['note-1'] })).size, 0, 'no scope reaches an inbox');
  });
});
