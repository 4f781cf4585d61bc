import type { Actor } from '../../access/actor.ts';
import { notFound } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import { findCaseById } from './cases.repository.ts';
import { DUPLICATE_WINDOW_HOURS, findPossibleDuplicates } from './reportCase.ts';

/**
 * 疑似重复 of an existing case, for the console's merge dialog: open cases of the same category within
 * DUPLICATE_RADIUS_M, reported within DUPLICATE_WINDOW_HOURS either side of it, that the caller may read.
 * The same rule intake uses to flag duplicates to the filer (findPossibleDuplicates).
 */
export async function listPossibleDuplicates(db: Executor, o: { actor: Actor; caseId: string }) {
  const row = await findCaseById(db, o.caseId);
  if (!row) throw notFound('case');
  const created = Date.parse(row.created_at);
  const window = DUPLICATE_WINDOW_HOURS * 3_600_000;
  const possibleDuplicates = await findPossibleDuplicates(db, {
    actor: o.actor,
    categoryCode: row.category_code,
    at: row,
    since: new Date(created - window).toISOString(),
    until: new Date(created + window).toISOString(),
    excludeId: row.id,
  });
  return { possibleDuplicates };
}
