import type { Actor } from '../../access/actor.ts';
import { allowedIds, scopePathsFor } from '../../access/access.ts';
import { AppError } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import { pathOfCode } from '../../../shared/territory/codes.ts';
import { findDepartmentsOverlapping } from './people.repository.ts';

/** Most departments one listing returns (a city has a few hundred). */
export const MAX_DEPARTMENTS = 1000;

/**
 * 职能部门: departments visible to the caller — serving territory inside their scope or one of its
 * ancestors (a county bureau serves every street below it) — for the console's dispatch override
 * picker. `scopeCode` narrows to one node, which must itself be readable (else NOT_FOUND, field scope).
 */
export async function listDepartments(db: Executor, o: { actor: Actor; scopeCode?: string; kind?: string }) {
  let paths = scopePathsFor(o.actor, 'territory.read');
  if (o.scopeCode) {
    const readable = await allowedIds(db, { actor: o.actor, action: 'territory.read', resource: 'territory', ids: [o.scopeCode] });
    if (!readable.has(o.scopeCode)) throw new AppError('NOT_FOUND', 'territory node not found', 'scope');
    paths = [pathOfCode(o.scopeCode)];
  }
  const rows = await findDepartmentsOverlapping(db, { paths, ...(o.kind ? { kind: o.kind } : {}), limit: MAX_DEPARTMENTS });
  return {
    departments: rows.map((d) => ({ id: d.id, code: d.code, kind: d.kind, name: d.name_zh, nameEn: d.name_en, territoryCode: d.territory_code })),
  };
}
