import { useEffect, useState } from 'react';
import { api } from '../../lib/api.ts';
import { isOverdue, OPEN_STATES } from '../shared/cases.ts';
import type { CaseList, CaseListItem } from '../../../../shared/cases/wire.ts';
import { useLive } from '../../console/live.tsx';

/** Open cases and their load per grid, for the map colours, markers and the overview figures. */
export interface CaseLoad {
  open: CaseListItem[];
  perGrid: Map<string, { open: number; overdue: number }>;
  overdue: number;
  /** More open cases exist than were read (the figures are then lower bounds). */
  capped: boolean;
  loading: boolean;
  error: unknown;
}

const PAGE = 200;
const MAX_PAGES = 10;

/**
 * Reads the caller's cases (newest first, up to 2,000) and keeps the open ones; re-reads whenever the live
 * stream reports a change. The list API has no "open only" filter or counts yet, so this is client-side;
 * a city at full scale needs a count endpoint (docs/web.md).
 */
export function useCaseLoad(enabled = true): CaseLoad {
  const live = useLive();
  const [state, setState] = useState<CaseLoad>({ open: [], perGrid: new Map(), overdue: 0, capped: false, loading: true, error: null });
  useEffect(() => {
    if (!enabled) return;
    const ctrl = new AbortController();
    void (async () => {
      try {
        const all: CaseListItem[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: CaseList = await api<CaseList>(`/api/cases?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`, { signal: ctrl.signal });
          all.push(...page.cases);
          cursor = page.nextCursor;
          pages++;
        } while (cursor && pages < MAX_PAGES);
        const open = all.filter((c) => OPEN_STATES.includes(c.state));
        const perGrid = new Map<string, { open: number; overdue: number }>();
        let overdue = 0;
        const now = Date.now();
        for (const c of open) {
          const g = perGrid.get(c.gridCode) ?? { open: 0, overdue: 0 };
          g.open++;
          if (isOverdue(c, now)) {
            g.overdue++;
            overdue++;
          }
          perGrid.set(c.gridCode, g);
        }
        setState({ open, perGrid, overdue, capped: cursor !== null, loading: false, error: null });
      } catch (error) {
        if ((error as Error).name !== 'AbortError') setState((s) => ({ ...s, loading: false, error }));
      }
    })();
    return () => ctrl.abort();
  }, [enabled, live.tick]);
  return state;
}

/** Fill colour of a grid by its load: overdue red, busy orange, some amber. */
export function loadColor(l: { open: number; overdue: number } | undefined): string | undefined {
  if (!l || l.open === 0) return undefined;
  if (l.overdue > 0) return '#ff4d4f';
  if (l.open >= 3) return '#fa8c16';
  return '#fadb14';
}
