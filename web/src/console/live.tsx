import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../lib/api.ts';
import type { LiveCaseEvent, RecentCaseEvents } from '../../../shared/live/wire.ts';

/** Connection state of the live stream, shown as a small badge. */
export type LiveStatus = 'connecting' | 'open' | 'retrying';

interface LiveValue {
  status: LiveStatus;
  /** Newest first, at most 100. */
  events: LiveCaseEvent[];
  /** Bumped after events (at most once per TICK_COALESCE_MS) and on reconnect: lists re-read when it changes. */
  tick: number;
  subscribe: (cb: (e: LiveCaseEvent) => void) => () => void;
}

const LiveContext = createContext<LiveValue | null>(null);

/** At most one list re-read per this many ms, however many events arrive (see bumpTick). */
export const TICK_COALESCE_MS = 1000;

/**
 * One EventSource on GET /api/live/cases for the whole console: the overview feed, the case list and the
 * map all listen to it. Events are small (id, type, caseId, state); receivers re-read what they show.
 * The browser reconnects by itself; the stream does not replay missed events, so a reconnect bumps
 * `tick` and lists re-read. On mount the list is filled from GET /api/live/cases/recent (last 7 days).
 */
export function LiveProvider({ children, enabled = true }: { children: ReactNode; enabled?: boolean }) {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [events, setEvents] = useState<LiveCaseEvent[]>([]);
  const [tick, setTick] = useState(0);
  const listeners = useRef(new Set<(e: LiveCaseEvent) => void>());
  // Lists and KPI panels re-read on every `tick`: a burst of events (the deadline scan announcing many
  // notices at once) becomes one re-read per TICK_COALESCE_MS instead of one per event.
  const tickTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const bumpTick = useCallback(() => {
    if (tickTimer.current !== null) return;
    tickTimer.current = setTimeout(() => {
      tickTimer.current = null;
      setTick((t) => t + 1);
    }, TICK_COALESCE_MS);
  }, []);
  useEffect(
    () => () => {
      if (tickTimer.current !== null) clearTimeout(tickTimer.current);
    },
    [],
  );

  useEffect(() => {
    if (!enabled) return;
    // Backfill: the newest changes of the last days, so a console that opens shows what happened lately.
    // Stream events that arrive meanwhile stay on top; nothing here notifies listeners (no toasts for old news).
    let live = true;
    api<RecentCaseEvents>('/api/live/cases/recent?limit=30').then(
      (r) => {
        if (!live) return;
        setEvents((list) => {
          const seen = new Set(list.map((x) => x.id));
          return [...list, ...r.events.filter((x) => !seen.has(x.id))].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, 100);
        });
      },
      () => undefined, // no backfill (e.g. offline): the stream still works
    );
    return () => {
      live = false;
    };
  }, [enabled]);

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const es = new EventSource('/api/live/cases');
    let opened = false;
    es.onopen = () => {
      setStatus('open');
      if (opened) bumpTick();
      opened = true;
    };
    es.onerror = () => setStatus('retrying');
    es.addEventListener('case', (msg) => {
      let e: LiveCaseEvent;
      try {
        e = JSON.parse((msg as MessageEvent<string>).data) as LiveCaseEvent;
      } catch {
        return;
      }
      // A retried request (same Idempotency-Key) may announce the same change twice: keep one entry per
      // case, change and resulting state when they arrive back to back.
      setEvents((list) => {
        const top = list[0];
        if (list.some((x) => x.id === e.id) || (top && top.caseId === e.caseId && top.type === e.type && top.state === e.state)) return list;
        return [e, ...list].slice(0, 100);
      });
      bumpTick();
      for (const l of listeners.current) l(e);
    });
    return () => es.close();
  }, [enabled, bumpTick]);

  const subscribe = useCallback((cb: (e: LiveCaseEvent) => void) => {
    listeners.current.add(cb);
    return () => {
      listeners.current.delete(cb);
    };
  }, []);
  const value = useMemo<LiveValue>(() => ({ status, events, tick, subscribe }), [status, events, tick, subscribe]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

/** The console's live stream (a quiet stand-in outside the provider). */
export function useLive(): LiveValue {
  return useContext(LiveContext) ?? { status: 'connecting', events: [], tick: 0, subscribe: () => () => undefined };
}
