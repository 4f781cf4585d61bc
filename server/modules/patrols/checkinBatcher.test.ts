import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { uuidv7 } from 'uuidv7';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { insertUser, seedSmallCity } from '../../../test/factories.ts';
import { loginAs } from '../../../test/auth.ts';
import type { Actor } from '../../access/actor.ts';
import { CheckinBatcher } from './checkinBatcher.ts';
import { QrSigner } from './qrSigner.ts';
import type { CheckinOutcome } from './recordCheckins.ts';
import { DEFAULT_SLA_POLICY } from '../../../shared/sla/policy.ts';

/**
 * Long bursts through the check-in group commit (the checkin-ingest benchmark's shape, without timing):
 * every check-in is acknowledged and every acknowledged one is in the database, whether the burst
 * arrives at once, in waves, or from phones that send their next check-in the moment the previous one
 * is acknowledged (arrivals that land while a batch is finishing).
 */
forEachDatabase('check-in batcher bursts', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let actors: Actor[];
  let cookie: string;
  const sites: { id: string; lat: number; lng: number }[] = [];

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date('2026-11-27T12:00:00.000Z');
    const city = await seedSmallCity(t.storage.db);
    const node = await t.storage.db.selectFrom('territory_nodes').select('path').where('code', '=', city.gridA1).executeTakeFirstOrThrow();
    actors = [];
    for (let i = 0; i < 4; i++) {
      const u = await insertUser(t.storage.db, { username: `phone${i}`, role: 'grid_worker', scope: city.gridA1 });
      actors.push({ id: u.id, username: `phone${i}`, displayName: `phone${i}`, assignments: [{ role: 'grid_worker', scopeCode: city.gridA1, scopePath: node.path, departmentId: null }], sourceIp: null, via: 'session' });
    }
    cookie = await loginAs(t.app, 'phone0', 'correct horse battery');
    // Grid A1 is the square around (118.77, 32.06) ± 0.005°: 20 sites inside it.
    const nowIso = t.clock.now.toISOString();
    for (let i = 0; i < 20; i++) sites.push({ id: uuidv7(), lat: 32.058 + (i % 5) * 0.0008, lng: 118.768 + Math.floor(i / 5) * 0.0008 });
    await t.storage.db
      .insertInto('patrol_sites')
      .values(
        sites.map((s, i) => ({
          id: s.id, name: `部位${i}`, category: 'crowded_place', risk_level: 3, lat: s.lat, lng: s.lng,
          geofence_json: JSON.stringify({ type: 'circle', lat: s.lat, lng: s.lng, radiusMeters: 50 }),
          dosage_json: JSON.stringify([{ start: '00:00', end: '24:00', everyMinutes: 120, dwellMinMinutes: 10, dwellMaxMinutes: 16 }]),
          grid_code: city.gridA1, territory_path: node.path, active: 1, created_by: null, created_at: nowIso, updated_at: nowIso,
        })),
      )
      .execute();
  });
  after(async () => t.close());

  const checkin = (i: number) => {
    const site = sites[i % sites.length]!;
    return { actor: actors[i % actors.length]!, input: { siteId: site.id, kind: (i % 2 ? 'depart' : 'arrive') as 'arrive' | 'depart', at: t.clock.now.toISOString(), clientNonce: randomUUID(), location: { lat: site.lat, lng: site.lng, accuracyMeters: 8 } } };
  };

  async function storedCount(nonces: string[]): Promise<number> {
    let n = 0;
    for (let i = 0; i < nonces.length; i += 500) {
      const r = await t.storage.db.selectFrom('patrol_checkins').select((eb) => eb.fn.countAll().as('n')).where('client_nonce', 'in', nonces.slice(i, i + 500)).executeTakeFirstOrThrow();
      n += Number(r.n);
    }
    return n;
  }

  it('acknowledges and stores a burst of 5,000 submitted at once, in many batches', async () => {
    const batcher = new CheckinBatcher(t.ctx, QrSigner.forDataDir(t.dataDir), { maxDelayMs: 2, maxBatch: 400 });
    const items = Array.from({ length: 5000 }, (_, i) => checkin(i));
    const outcomes = await Promise.all(items.map((item) => batcher.submit(item)));
    await batcher.close();
    assert.deepEqual([...new Set(outcomes.map((o) => o.status))], ['accepted']);
    assert.ok(batcher.stats.batches >= 13, `5,000 in batches of at most 400: got ${batcher.stats.batches} batches`);
    assert.equal(batcher.stats.items, 5000);
    assert.equal(await storedCount(items.map((x) => x.input.clientNonce)), 5000);
  });

  it('keeps flushing for phones that send the next check-in as soon as the previous one is acknowledged', async () => {
    const batcher = new CheckinBatcher(t.ctx, QrSigner.forDataDir(t.dataDir), { maxDelayMs: 1, maxBatch: 16 });
    const nonces: string[] = [];
    const statuses = new Set<CheckinOutcome['status']>();
    let next = 0;
    // 48 phones in a closed loop, 2,400 check-ins: arrivals keep landing while a batch is being settled.
    await Promise.all(
      Array.from({ length: 48 }, async () => {
        while (next < 2400) {
          const item = checkin(next++);
          nonces.push(item.input.clientNonce);
          statuses.add((await batcher.submit(item)).status);
        }
      }),
    );
    await batcher.close();
    assert.deepEqual([...statuses], ['accepted']);
    assert.equal(batcher.stats.items, 2400);
    assert.ok(batcher.stats.batches >= 150, `batches of at most 16: got ${batcher.stats.batches}`);
    assert.equal(await storedCount(nonces), 2400);
  });

  it('acknowledges every check-in of a burst over HTTP through the app’s own batcher', async () => {
    const items = Array.from({ length: 600 }, (_, i) => checkin(i * actors.length)); // all as phone0 (the logged-in one)
    const responses = await Promise.all(items.map((x) => t.app.inject({ method: 'POST', url: '/api/patrols/checkin', headers: { cookie }, payload: x.input })));
    assert.deepEqual([...new Set(responses.map((r) => r.statusCode))], [201]);
    assert.equal(await storedCount(items.map((x) => x.input.clientNonce)), 600);
  });

  it('refuses new work after close and still settles what was queued', async () => {
    const batcher = new CheckinBatcher(t.ctx, QrSigner.forDataDir(t.dataDir), { maxDelayMs: 10_000, maxBatch: 1000 });
    const items = Array.from({ length: 30 }, (_, i) => checkin(i));
    const pending = items.map((x) => batcher.submit(x));
    await batcher.close(); // the long delay never fires: close writes the queue
    assert.equal((await Promise.all(pending)).filter((o) => o.status === 'accepted').length, 30);
    await assert.rejects(batcher.submit(checkin(0)), /closed/);
    assert.equal(await storedCount(items.map((x) => x.input.clientNonce)), 30);
  });
});

describe('check-in batcher bookkeeping', () => {
  it('is idle again after every drain, however the drain ends', async () => {
    // A storage whose transaction settles synchronously-fast and sometimes fails: the batcher must
    // neither stay "writing" nor strand queued items.
    let calls = 0;
    const ctx = {
      config: {} as never,
      now: () => new Date('2026-11-27T12:00:00.000Z'),
      slaPolicy: DEFAULT_SLA_POLICY,
      storage: {
        transaction: async () => {
          calls += 1;
          if (calls % 3 === 0) throw new Error('disk full');
          return [];
        },
      } as never,
    };
    const batcher = new CheckinBatcher(ctx, {} as QrSigner, { maxDelayMs: 1, maxBatch: 5 });
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => batcher.submit({ actor: {} as Actor, input: {} as never })));
    await batcher.close();
    assert.equal(results.length, 40, 'every submission settled');
    assert.ok(results.some((r) => r.status === 'rejected'), 'a failed batch fails its own requests');
    assert.equal(calls, 8, 'eight batches of five');
  });
});
