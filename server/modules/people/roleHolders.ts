import type { Executor } from '../../storage/db.ts';
import { inChunks } from '../../storage/chunked.ts';

/**
 * Active people holding one of `roles` scoped exactly at one of `unitCodes` — the staff a reminder or an
 * escalation goes to (grid leaders and workers of grids, leaders of units). Other modules ask here rather
 * than reading role_assignments themselves.
 */
export async function findRoleHolders(db: Executor, unitCodes: readonly string[], roles: readonly string[]) {
  return inChunks([...new Set(unitCodes)], (chunk) =>
    db
      .selectFrom('role_assignments as ra')
      .innerJoin('users as u', 'u.id', 'ra.user_id')
      .where('u.disabled', '=', 0)
      .where('ra.scope_code', 'in', chunk)
      .where('ra.role', 'in', roles)
      .select(['ra.user_id', 'ra.scope_code', 'ra.scope_path', 'ra.role'])
      .execute(),
  );
}
