import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createTestStorage, forEachDatabase } from '../../test/harness.ts';
import { insertUser, seedSmallCity } from '../../test/factories.ts';
import { insertTestCase } from '../modules/analytics/testCases.ts';
import { systemActor } from '../access/actor.ts';
import { appendAudit } from './audit.ts';
import { auditEntryPaths } from './entryTerritory.ts';

// Every record type the resolver knows, with an id that matches no row: the lookups name tables and
// columns as text, so this proves each one is valid SQL on both databases (and that a missing record
// falls back to city-wide rather than disappearing or failing).
const KNOWN_TYPES = [
  'case', 'directive', 'campaign', 'patrol_site', 'patrol_plan', 'patrol_checkin', 'roster_unit', 'inspection_plan', 'inspection_task',
  'inspection_template', 'followup', 'accountability', 'spotcheck', 'spotcheck_item', 'bulletin', 'territory', 'territory_node',
  'api_token', 'attachment', 'roster_swap', 'inspection_finding', 'user',
];

forEachDatabase('audit entry territory (who may read an entry)', (kind) => {
  it('resolves entries to their record’s territory, a person’s scopes, or city-wide', async () => {
    const t = await createTestStorage(kind);
    try {
      const db = t.storage.db;
      const city = await seedSmallCity(db);
      const worker = await insertUser(db, { username: 'w', role: 'grid_worker', scope: city.gridA1 });
      const c = await insertTestCase(db, { case_no: 'C-1', grid_code: city.gridB1 });
      const add = (recordType: string, recordId: string | null) =>
        db.transaction().execute((trx) => appendAudit(trx, systemActor('test'), { action: 'test', recordType, recordId }));
      const caseSeq = await add('case', c.id);
      const userSeq = await add('user', worker.id);
      const nodeSeq = await add('territory_node', city.streetA);
      const systemSeq = await add('evaluation_weights', null);
      const missing = await Promise.all(KNOWN_TYPES.map((type) => add(type, 'no-such-record')));
      const paths = await auditEntryPaths(db, [caseSeq, userSeq, nodeSeq, systemSeq, ...missing, 999_999].map(String));
      const cityWide = ['32/', '32/3201/'];
      assert.deepEqual(paths.get(String(caseSeq)), ['32/3201/320106/320106002/320106002001/320106002001001/']);
      assert.deepEqual(paths.get(String(userSeq)), ['32/3201/320106/320106001/320106001001/320106001001001/']);
      assert.deepEqual(paths.get(String(nodeSeq)), ['32/3201/320106/320106001/']);
      assert.deepEqual([...paths.get(String(systemSeq))!].sort(), cityWide);
      for (const seq of missing) assert.deepEqual([...paths.get(String(seq))!].sort(), cityWide);
      assert.equal(paths.has('999999'), false, 'a seq that is no entry is absent');
    } finally {
      await t.cleanup();
    }
  });
});
