import type { VisitSlot } from './dosage.ts';

/**
 * From check-ins to visits and dosage compliance, pure so the field app shows the same numbers offline.
 * A visit is an arrival followed by the same worker's departure from the same site; its dwell is the
 * time between them. An arrival with no departure yet is an open visit (dwell counts up to `now`,
 * capped); a departure without an arrival is ignored (it proves nothing about presence).
 */

export interface CheckinLike {
  siteId: string;
  workerId: string;
  kind: 'arrive' | 'depart';
  at: number; // epoch ms
}

export interface Visit {
  siteId: string;
  workerId: string;
  arrivedAt: number;
  departedAt: number | null;
  /** Minutes present: departure − arrival, or (now − arrival) for an open visit, capped at MAX_OPEN_VISIT_MINUTES. */
  dwellMinutes: number;
}

/** An arrival never closed by a departure counts at most this long (the worker forgot to check out). */
export const MAX_OPEN_VISIT_MINUTES = 60;

/** Pair arrivals and departures into visits (input in any order). */
export function pairVisits(checkins: readonly CheckinLike[], now: number): Visit[] {
  const sorted = [...checkins].sort((a, b) => a.at - b.at || (a.kind === 'arrive' ? -1 : 1));
  const open = new Map<string, CheckinLike>();
  const out: Visit[] = [];
  const closeOpen = (c: CheckinLike, until: number) => {
    const minutes = Math.min((until - c.at) / 60_000, MAX_OPEN_VISIT_MINUTES);
    out.push({ siteId: c.siteId, workerId: c.workerId, arrivedAt: c.at, departedAt: null, dwellMinutes: Math.max(0, minutes) });
  };
  for (const c of sorted) {
    const key = `${c.workerId}|${c.siteId}`;
    const prev = open.get(key);
    if (c.kind === 'arrive') {
      // A second arrival without departure: the first visit ended unrecorded.
      if (prev) closeOpen(prev, Math.min(c.at, prev.at + MAX_OPEN_VISIT_MINUTES * 60_000));
      open.set(key, c);
    } else if (prev) {
      out.push({ siteId: c.siteId, workerId: c.workerId, arrivedAt: prev.at, departedAt: c.at, dwellMinutes: (c.at - prev.at) / 60_000 });
      open.delete(key);
    }
  }
  for (const c of open.values()) closeOpen(c, now);
  return out.sort((a, b) => a.arrivedAt - b.arrivedAt);
}

export type SlotStatus = 'met' | 'short' | 'missed' | 'open' | 'upcoming';

export interface SlotCompliance {
  slot: VisitSlot;
  status: SlotStatus;
  /** Longest dwell among visits that started in the slot (minutes), 0 when none. */
  dwellMinutes: number;
}

/**
 * Match visits to required slots: a slot is met by a visit that starts inside it with at least the
 * minimum dwell; 'short' when visited too briefly, 'missed' once the slot has ended unvisited,
 * 'open' while it is running unvisited, 'upcoming' before it starts.
 */
export function slotCompliance(slots: readonly VisitSlot[], visits: readonly Visit[], now: number): SlotCompliance[] {
  return slots.map((slot) => {
    let dwell = 0;
    for (const v of visits) if (v.arrivedAt >= slot.start && v.arrivedAt < slot.end) dwell = Math.max(dwell, v.dwellMinutes);
    let status: SlotStatus;
    if (dwell >= slot.dwellMinMinutes) status = 'met';
    else if (dwell > 0 && slot.end <= now) status = 'short';
    else if (slot.end <= now) status = 'missed';
    else if (slot.start <= now) status = 'open';
    else status = 'upcoming';
    return { slot, status, dwellMinutes: Math.round(dwell * 10) / 10 };
  });
}

/** Minutes present at the site between from and to (visits clipped to the range): daily dosage. */
export function minutesPresent(visits: readonly Visit[], from: number, to: number): number {
  let total = 0;
  for (const v of visits) {
    const end = v.arrivedAt + v.dwellMinutes * 60_000;
    const s = Math.max(v.arrivedAt, from);
    const e = Math.min(end, to);
    if (e > s) total += (e - s) / 60_000;
  }
  return Math.round(total * 10) / 10;
}
