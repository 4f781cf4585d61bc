import type { Actor } from '../../access/actor.ts';
import { requireNode, scopePathsFor } from '../../access/access.ts';
import type { Executor } from '../../storage/db.ts';
import { findDepartmentsOverlapping } from './people.repository.ts';

/** Most departments one listing returns (a city has a few hundred). */
export const MAX_DEPARTMENTS = 1000;

/**
 * 职能部门: departments visible to the caller — serving territory inside their scope or one of its
 * ancestors (a county bureau serves every street below it) — for the console's dispatch override
 * picker. `scopeCode` narrows to one node, which must itself be readable (else NOT_FOUND, field scope).
 */
export async function listDepartments(db: Executor, o: { actor: Actor; scopeCode?: string | undefined; kind?: string | undefined }) {
  let paths = scopePathsFor(o.actor, 'territory.read');
  if (o.scopeCode) {
    paths = [(await requireNode(db, { actor: o.actor, action: 'territory.read', code: o.scopeCode, field: 'scope' })).path];
  }
  const rows = await findDepartmentsOverlapping(db, { paths, ...(o.kind ? { kind: o.kind } : {}), limit: MAX_DEPARTMENTS });
  return {
    departments: rows.map((d) => ({ id: d.id, code: d.code, kind: d.kind, name: d.name_zh, nameEn: d.name_en, territoryCode: d.territory_code })),
  };
}
