import { allowedIds } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import { notFound } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import { CLOSED_STATES } from './case.ts';
import { findCaseById, findOpenCasesNear } from './cases.repository.ts';
import { distanceMetres, DUPLICATE_RADIUS_M, DUPLICATE_WINDOW_HOURS } from './reportCase.ts';

/**
 * 疑似重复 of an existing case, for the console's merge dialog: open cases of the same category within
 * DUPLICATE_RADIUS_M, reported within DUPLICATE_WINDOW_HOURS either side of it, that the caller may read.
 * The same rule intake uses to flag duplicates to the filer.
 */
export async function listPossibleDuplicates(db: Executor, o: { actor: Actor; caseId: string }) {
  const row = await findCaseById(db, o.caseId);
  if (!row) throw notFound('case');
  const created = Date.parse(row.created_at);
  const window = DUPLICATE_WINDOW_HOURS * 3_600_000;
  const dLat = DUPLICATE_RADIUS_M / 111_320;
  const dLng = DUPLICATE_RADIUS_M / (111_320 * Math.max(0.01, Math.cos((row.lat * Math.PI) / 180)));
  const candidates = (
    await findOpenCasesNear(db, {
      categoryCode: row.category_code,
      since: new Date(created - window).toISOString(),
      until: new Date(created + window).toISOString(),
      minLat: row.lat - dLat,
      maxLat: row.lat + dLat,
      minLng: row.lng - dLng,
      maxLng: row.lng + dLng,
      excludeId: row.id,
    })
  ).filter((c) => !CLOSED_STATES.includes(c.state));
  const readable = candidates.length ? await allowedIds(db, { actor: o.actor, action: 'case.read', resource: 'case', ids: candidates.map((c) => c.id) }) : new Set<string>();
  return {
    possibleDuplicates: candidates
      .filter((c) => readable.has(c.id))
      .map((c) => ({ id: c.id, caseNo: c.case_no, state: c.state, description: c.description, createdAt: c.created_at, distanceM: Math.round(distanceMetres(row, c)) }))
      .filter((c) => c.distanceM <= DUPLICATE_RADIUS_M),
  };
}
