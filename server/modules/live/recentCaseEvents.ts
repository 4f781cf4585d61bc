import type { Executor } from '../../storage/db.ts';
import type { CaseListScope } from '../cases/caseAccess.ts';
import type { LiveCaseEvent } from '../../../shared/live/wire.ts';

/** How far back the live feed's backfill looks: a console opened in the morning shows yesterday's changes. */
export const RECENT_WINDOW_DAYS = 7;

/**
 * The newest case changes the caller may read (the case list's scope rule: territory prefixes, and
 * department handlers only their department's cases), in the live stream's wire shape. A console that
 * opens shows what happened lately instead of an empty feed; the stream adds what happens next.
 * Bounded to RECENT_WINDOW_DAYS so a narrow scope never scans the whole history (index case_events_at).
 */
export async function recentCaseEvents(db: Executor, o: { scope: CaseListScope; prefix: string; now: Date; limit: number }): Promise<LiveCaseEvent[]> {
  if (o.scope.paths.length === 0 && o.scope.departments.length === 0) return [];
  const since = new Date(o.now.getTime() - RECENT_WINDOW_DAYS * 86_400_000).toISOString();
  let q = db
    .selectFrom('case_events as e')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .select(['e.id', 'e.action', 'e.case_id', 'e.to_state', 'e.at', 'c.department_id'])
    .where('e.at', '>=', since)
    .where('e.at', '<=', o.now.toISOString())
    .where((eb) =>
      eb.or([
        ...o.scope.paths.map((p) => eb('c.territory_path', 'like', `${p}%`)),
        ...o.scope.departments.map((d) => eb.and([eb('c.department_id', '=', d.departmentId), eb('c.territory_path', 'like', `${d.scopePath}%`)])),
      ]),
    );
  if (o.prefix) q = q.where('c.territory_path', 'like', `${o.prefix}%`);
  const rows = await q.orderBy('e.at', 'desc').orderBy('e.id', 'desc').limit(o.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    type: `case.${r.action}`,
    caseId: r.case_id,
    state: r.to_state,
    departmentId: r.department_id,
    at: new Date(r.at).toISOString(),
  }));
}
