import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { insertUser, seedSmallCity } from '../../../test/factories.ts';
import { loginAs } from '../../../test/auth.ts';
import { scanPatrolGaps } from './scanPatrolGaps.ts';

// A patrol slot is judged after its end, exactly once: the scan must never call the slot in progress
// missed (it used to clip that slot at "now" and raise "00:00–00:04 未按要求巡逻" just after midnight).
// Fixed clocks at the times the issue names: 00:04, a slot boundary at noon, and 23:59 China time.

const HOUR = 3600_000;
/** 2026-11-27 00:00 China time. */
const MIDNIGHT = Date.parse('2026-11-26T16:00:00.000Z');
const cst = (hours: number, minutes = 0) => new Date(MIDNIGHT + hours * HOUR + minutes * 60_000);

forEachDatabase('patrol gap scan: slots judged after they end', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  before(async () => {
    t = await createTestApp(kind);
    const city = await seedSmallCity(t.storage.db);
    await insertUser(t.storage.db, { username: 'leader', role: 'grid_leader', scope: city.gridA1 });
    await insertUser(t.storage.db, { username: 'duty', role: 'duty_officer', scope: city.streetA });
    // The site exists from 20:00 the evening before, with one visit due every hour, day and night.
    t.clock.now = cst(-4);
    const leader = await loginAs(t.app, 'leader', 'correct horse battery');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/patrols/sites',
      headers: { cookie: leader, 'idempotency-key': randomUUID() },
      payload: { name: '新街口广场', category: 'commercial', riskLevel: 3, location: { lat: 32.06, lng: 118.77 }, radiusMeters: 80, dosage: [{ start: '00:00', end: '24:00', everyMinutes: 60, dwellMinMinutes: 5, dwellMaxMinutes: 10 }] },
    });
    assert.equal(res.statusCode, 201, res.body);
  });
  after(async () => t.close());

  const alerts = () => t.storage.db.selectFrom('patrol_gap_alerts').select(['slot_start', 'slot_end']).orderBy('slot_start').execute();
  const scan = (at: Date) => scanPatrolGaps({ ...t.ctx, now: () => at }, at);

  describe('with no visits at all', () => {
    it('at 00:04 raises the slots that ended (20:00–24:00) and not the one running since midnight', async () => {
      const now = cst(0, 4);
      assert.equal(await scan(now), 4);
      const rows = await alerts();
      assert.deepEqual(
        rows.map((r) => [Date.parse(r.slot_start), Date.parse(r.slot_end)]),
        [cst(-4), cst(-3), cst(-2), cst(-1)].map((s) => [s.getTime(), s.getTime() + HOUR]),
      );
      assert.ok(rows.every((r) => Date.parse(r.slot_end) <= now.getTime()));
    });

    it('judges the midnight slot at its real end, 01:00, exactly once', async () => {
      assert.equal(await scan(cst(0, 59)), 0, 'still running at 00:59');
      assert.equal(await scan(cst(1)), 1);
      assert.equal(await scan(cst(1, 1)), 0, 'claimed once');
      const last = (await alerts()).at(-1)!;
      assert.deepEqual([Date.parse(last.slot_start), Date.parse(last.slot_end)], [cst(0).getTime(), cst(1).getTime()]);
    });

    it('at a slot boundary (12:00) takes the slot that just ended and not the one that just began', async () => {
      assert.equal(await scan(cst(12)), 5, '07:00–12:00: slots that start after the six-hour look-back began');
      const rows = await alerts();
      assert.equal(Date.parse(rows.at(-1)!.slot_end), cst(12).getTime());
      assert.ok(!rows.some((r) => Date.parse(r.slot_start) === cst(12).getTime()));
    });

    it('at 23:59 leaves 23:00–24:00 alone until midnight', async () => {
      const now = cst(23, 59);
      await scan(now);
      const rows = await alerts();
      assert.ok(rows.every((r) => Date.parse(r.slot_end) <= now.getTime()));
      assert.ok(!rows.some((r) => Date.parse(r.slot_start) === cst(23).getTime()));
      assert.equal(await scan(cst(24)), 1);
      assert.equal(Date.parse((await alerts()).at(-1)!.slot_end), cst(24).getTime());
    });

    it('writes the alert in Chinese only, naming the slot', async () => {
      const notes = await t.storage.db.selectFrom('notifications').select(['title', 'body']).where('kind', '=', 'patrol.gap').execute();
      assert.ok(notes.length > 0);
      assert.ok(notes.every((n) => !/[A-Za-z]{3,}/.test(n.title + n.body)), notes[0]!.body);
      assert.ok(notes.some((n) => n.body.includes('23:00–00:00')), 'the slot before midnight is named by its real end');
    });
  });
});
