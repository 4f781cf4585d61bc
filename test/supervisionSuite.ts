import { insertNode } from './factories.ts';
import { createTestApp, type DatabaseKind } from './harness.ts';
import { seedCaseWorld } from '../server/modules/cases/caseTestKit.ts';

/**
 * The start of the supervision and inspection suites (督查, 抽查, 明察暗访): an app whose clock reads
 * 2026-11-25 10:00 in China, the case world of 鼓楼区, and 秦淮区 (320105) beside it — the sibling district
 * whose people must see nothing of 鼓楼's checks. Each suite then adds its own people, in its own order.
 */
export async function startSupervisionSuite(kind: DatabaseKind) {
  const t = await createTestApp(kind);
  t.clock.now = new Date('2026-11-25T02:00:00.000Z');
  const world = await seedCaseWorld(t.storage.db);
  await insertNode(t.storage.db, '320105', '秦淮区');
  return { t, world };
}
