import { getCached } from '../../lib/useCachedApi.ts';
import type { CaseList, CaseListItem as CaseItem } from '../../../../shared/cases/wire.ts';

export type Bucket = 'verify' | 'handle' | 'acknowledge' | 'mine';

/**
 * The lists behind 任务: the states where a grid worker or leader has something to do, plus cases
 * assigned to me. The server answers each case with the caller's `actions`, which decide the bucket.
 */
export const TASK_QUERIES = ['/api/cases?state=handled&limit=100', '/api/cases?state=reported&limit=100', '/api/cases?state=in_handling&limit=100', '/api/cases?assignedToMe=1&limit=100'];
export const MINE_QUERY = '/api/cases?limit=200';

/** Which bucket a case belongs in for this person, if any. */
export function bucketOf(c: CaseItem, meId: string): Bucket | null {
  if (c.actions.includes('verify') || c.actions.includes('rework')) return 'verify';
  if (c.actions.includes('accept')) return 'acknowledge';
  if (c.actions.includes('complete')) return 'handle';
  // A case I reported that is still waiting: I may resolve it on the spot.
  if (c.actions.includes('self_resolve') && c.reporterId === meId) return 'handle';
  return null;
}

/** Load the task lists (or their cached copies offline). */
export async function loadTasks(): Promise<{ cases: CaseItem[]; mine: CaseItem[]; offline: boolean }> {
  const [lists, mine] = await Promise.all([Promise.all(TASK_QUERIES.map((q) => getCached<CaseList>(q))), getCached<CaseList>(MINE_QUERY)]);
  const byId = new Map<string, CaseItem>();
  for (const l of lists) for (const c of l.data.cases) byId.set(c.id, c);
  return { cases: [...byId.values()], mine: mine.data.cases, offline: lists.some((l) => l.offline) || mine.offline };
}

