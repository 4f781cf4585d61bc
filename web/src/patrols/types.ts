import type { Geofence } from '../../../shared/patrols/geo.ts';

/** Wire shapes of the patrol API (server/modules/patrols), as the client reads them. */

export interface SiteView {
  id: string;
  name: string;
  category: string;
  riskLevel: number;
  lat: number;
  lng: number;
  geofence: Geofence;
  gridCode: string;
  dosage: { start: string; end: string; everyMinutes: number; dwellMinMinutes: number; dwellMaxMinutes: number }[];
  createdAt: string;
  /** The concurrency token PATCH wants back as expectedUpdatedAt. */
  updatedAt: string;
  active: boolean;
  deactivatedAt: string | null;
}

export interface RouteVisit {
  planId: string;
  siteId: string;
  seq: number;
  slotStart: string;
  slotEnd: string;
  plannedStart: string;
  plannedEnd: string;
}

/** GET /api/patrols/my-route */
export interface MyRoute {
  date: string;
  visits: RouteVisit[];
  sites: SiteView[];
  checkins: { id: string; siteId: string; kind: 'arrive' | 'depart'; at: string; clientNonce: string }[];
}

/** The body of POST /api/patrols/checkin. */
export interface CheckinBody {
  siteId: string;
  kind: 'arrive' | 'depart';
  at: string;
  clientNonce: string;
  qr?: string;
  location?: { lat: number; lng: number; accuracyMeters?: number };
}

export type SlotStatus = 'met' | 'short' | 'missed' | 'open' | 'upcoming';

/** GET /api/patrols/compliance */
export interface Compliance {
  date: string;
  scopeCode: string;
  slotsDue: number;
  slotsMet: number;
  compliance: number;
  sites: {
    siteId: string;
    name: string;
    category: string;
    riskLevel: number;
    gridCode: string;
    multiplier: number;
    minutesPresent: number;
    visits: number;
    slotsDue: number;
    slotsMet: number;
    slots: { windowIndex: number; start: string; end: string; status: SlotStatus; dwellMinutes: number | null }[];
  }[];
  workers: { workerId: string; name: string | null; visits: number; minutesOnSite: number; distanceMeters: number }[];
}

/** GET /api/patrols/uncovered */
export interface Uncovered {
  sites: { siteId: string; name: string; lat: number; lng: number; gridCode: string; state: 'due' | 'missed'; lastVisitAt: string | null; minutesSinceLastVisit: number | null; riskLevel: number; category: string }[];
}

/** The plan-quality report of POST /api/patrols/plans. */
export interface PlanReport {
  method: string;
  coverage: number;
  requiredVisits: number;
  plannedVisits: number;
  totalTravelMinutes: number;
  solveMillis: number;
  baseline: { method: string; coverage: number; plannedVisits: number; totalTravelMinutes: number };
  sites: { siteId: string; required: number; planned: number }[];
  workers: { workerId: string; name: string | null; visits: number; travelMinutes: number; travelMeters: number; dwellMinutes: number; idleMinutes: number }[];
  speedKmh: number;
  maxWorkMinutes: number;
}
