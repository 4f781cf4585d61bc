import type { Actor } from '../../access/actor.ts';
import { allowedIds } from '../../access/access.ts';
import type { Executor } from '../../storage/db.ts';
import { caseListScope } from './caseAccess.ts';
import { presentCase } from './case.ts';
import { findCases } from './cases.repository.ts';
import { actionsFor } from './getCase.ts';

export interface ListCasesOptions {
  actor: Actor;
  now: Date;
  state?: string;
  categoryCode?: string;
  gridCode?: string;
  overdue?: boolean;
  assignedToMe?: boolean;
  limit: number;
  cursor?: string;
}

/**
 * Cases the caller may read (territory prefix; department handlers only their department's), newest
 * first, keyset-paginated on the UUIDv7 id. Personal data is always masked in lists (no audited bulk reads).
 */
export async function listCases(db: Executor, o: ListCasesOptions) {
  const scope = caseListScope(o.actor);
  const departmentIds = o.actor.assignments.filter((a) => a.departmentId !== null).map((a) => a.departmentId!);
  const rows = await findCases(db, {
    scope,
    ...(o.state ? { state: o.state } : {}),
    ...(o.categoryCode ? { categoryCode: o.categoryCode } : {}),
    ...(o.gridCode ? { gridCode: o.gridCode } : {}),
    ...(o.overdue ? { overdueAt: o.now.toISOString() } : {}),
    ...(o.assignedToMe && o.actor.id ? { assignedTo: { userId: o.actor.id, departmentIds } } : {}),
    ...(o.cursor ? { beforeId: o.cursor } : {}),
    limit: o.limit + 1,
  });
  const page = rows.slice(0, o.limit);
  // One bulk check for the page: may the caller open each case's personal data (on its detail page)?
  const personal = page.length ? await allowedIds(db, { actor: o.actor, action: 'people.readPersonal', resource: 'case', ids: page.map((r) => r.id) }) : new Set<string>();
  return {
    cases: page.map((r) => ({ ...presentCase(r, false), actions: actionsFor(o.actor, r), canReadPersonal: personal.has(r.id) })),
    nextCursor: rows.length > o.limit ? page[page.length - 1]!.id : null,
  };
}
