import { haversineMeters } from '../../../shared/geo.ts';

export interface LatLng {
  lat: number;
  lng: number;
}

/**
 * Travel time between two points. The planner only talks to this interface, so a road-network
 * model (OSRM table, a contraction-hierarchy graph) can replace the straight-line one later.
 */
export interface TravelTimeModel {
  /** Travel minutes from a to b. */
  minutes(a: LatLng, b: LatLng): number;
  /** Travel distance in metres from a to b (for per-worker distance reports). */
  meters(a: LatLng, b: LatLng): number;
}

/**
 * Straight-line distance × a detour factor at a constant speed. 1.3 is the usual ratio of street to
 * crow-flies distance in Chinese city centres; 12 km/h is a mix of foot and e-bike patrol.
 */
export class HaversineTravelModel implements TravelTimeModel {
  constructor(
    readonly speedKmh = 12,
    readonly detourFactor = 1.3,
  ) {
    if (!(speedKmh > 0)) throw new Error('speedKmh must be positive');
  }
  meters(a: LatLng, b: LatLng): number {
    return haversineMeters(a.lat, a.lng, b.lat, b.lng) * this.detourFactor;
  }
  minutes(a: LatLng, b: LatLng): number {
    return this.meters(a, b) / 1000 / this.speedKmh * 60;
  }
}
