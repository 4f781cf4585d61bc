import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultDosage, visitSlots } from './dosage.ts';
import { distanceOutsideGeofence } from './geo.ts';
import { haversineMeters } from '../geo.ts';
import { parseQrPayload, qrValidity } from './qr.ts';
import { minutesPresent, pairVisits, slotCompliance } from './visits.ts';

describe('patrol geofence', () => {
  it('measures haversine distance (1° of latitude ≈ 111.2 km)', () => {
    assert.ok(Math.abs(haversineMeters(32, 118, 33, 118) - 111_195) < 10);
  });
  it('is 0 inside a circle and the distance beyond the radius outside', () => {
    const fence = { type: 'circle' as const, lat: 32, lng: 118, radiusMeters: 50 };
    assert.equal(distanceOutsideGeofence(fence, 32.0002, 118), 0);
    assert.ok(Math.abs(distanceOutsideGeofence(fence, 32.001, 118) - 61.2) < 1);
  });
  it('measures distance to the nearest polygon edge', () => {
    const polygon: GeoJSON.Polygon = { type: 'Polygon', coordinates: [[[118, 32], [118.001, 32], [118.001, 32.001], [118, 32.001], [118, 32]]] };
    assert.equal(distanceOutsideGeofence({ type: 'polygon', polygon }, 32.0005, 118.0005), 0);
    assert.ok(Math.abs(distanceOutsideGeofence({ type: 'polygon', polygon }, 32.002, 118.0005) - 111.2) < 1);
  });
});

describe('patrol dosage', () => {
  it('cuts a window into slots of interval ÷ multiplier', () => {
    const w = defaultDosage('construction_site', 3); // 18:00–24:00, every 120 min
    const day = { from: Date.parse('2026-11-26T16:00:00Z'), to: Date.parse('2026-11-27T16:00:00Z') };
    assert.equal(visitSlots(w, day.from, day.to).length, 3);
    assert.equal(visitSlots(w, day.from, day.to, 2).length, 6);
    assert.equal(visitSlots(defaultDosage('construction_site', 1), day.from, day.to).length, 2); // every 240 min
  });
  it('handles windows that cross midnight', () => {
    const slots = visitSlots([{ start: '22:00', end: '02:00', everyMinutes: 120, dwellMinMinutes: 10, dwellMaxMinutes: 16 }], Date.parse('2026-11-27T12:00:00Z'), Date.parse('2026-11-27T20:00:00Z'));
    assert.deepEqual(slots.map((s) => new Date(s.start).toISOString()), ['2026-11-27T14:00:00.000Z', '2026-11-27T16:00:00.000Z']);
  });
});

describe('visits and compliance', () => {
  const t0 = Date.parse('2026-11-27T12:00:00Z');
  it('pairs arrival and departure into a dwell; an unclosed arrival counts up to now, capped', () => {
    const v = pairVisits([
      { siteId: 's', workerId: 'w', kind: 'depart', at: t0 + 13 * 60_000 },
      { siteId: 's', workerId: 'w', kind: 'arrive', at: t0 },
      { siteId: 's', workerId: 'w', kind: 'arrive', at: t0 + 60 * 60_000 },
    ], t0 + 300 * 60_000);
    assert.deepEqual(v.map((x) => x.dwellMinutes), [13, 60]);
    assert.equal(minutesPresent(v, t0, t0 + 30 * 60_000), 13);
  });
  it('marks slots met, short, missed, open and upcoming', () => {
    const slot = (h: number) => ({ windowIndex: 0, day: 'x', slotIndex: h, start: t0 + h * 3600_000, end: t0 + (h + 1) * 3600_000, dwellMinMinutes: 10, dwellMaxMinutes: 16 });
    const visits = pairVisits([
      { siteId: 's', workerId: 'w', kind: 'arrive', at: t0 + 5 * 60_000 },
      { siteId: 's', workerId: 'w', kind: 'depart', at: t0 + 16 * 60_000 },
      { siteId: 's', workerId: 'w', kind: 'arrive', at: t0 + 65 * 60_000 },
      { siteId: 's', workerId: 'w', kind: 'depart', at: t0 + 70 * 60_000 },
    ], t0 + 200 * 60_000);
    const c = slotCompliance([slot(0), slot(1), slot(2), slot(3), slot(4)], visits, t0 + 200 * 60_000);
    assert.deepEqual(c.map((x) => x.status), ['met', 'short', 'missed', 'open', 'upcoming']);
    assert.equal(c[0]!.dwellMinutes, 11);
  });
});

describe('QR payload format', () => {
  it('parses a well-formed payload and rejects others', () => {
    const p = parseQrPayload('WGP1.0190abcd-1234.20261127.7.AAAAAAAAAAAAAAAAAAAAAA');
    assert.equal(p?.validDays, 7);
    assert.equal(parseQrPayload('WGP1.x.20261127.0.AAAAAAAAAAAAAAAAAAAAAA'), null);
    assert.equal(parseQrPayload('https://example.com'), null);
    assert.equal(qrValidity({ siteId: 'x', validFrom: '20261127', validDays: 1 }).from, Date.parse('2026-11-26T16:00:00Z'));
  });
});
