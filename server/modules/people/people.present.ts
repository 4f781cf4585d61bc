import { ROLE_NAMES, isRole, maskPhone } from '../../../shared/access/roles.ts';
import type { ApiTokenRow, UserRow } from '../../storage/schema.ts';
import type { assignmentsWithScopeOf } from './people.repository.ts';
import type { Face, PersonView, RoleView, TokenView } from '../../../shared/people/wire.ts';

type AssignmentWithScope = Awaited<ReturnType<typeof assignmentsWithScopeOf>>[number];

/** Map assignment rows (with their scope node) to the wire shape. */
export function presentRole(row: AssignmentWithScope): RoleView {
  return {
    role: row.role,
    roleName: isRole(row.role) ? ROLE_NAMES[row.role] : { zh: row.role, en: row.role },
    scopeCode: row.scope_code,
    scopeName: row.name_zh ?? null,
    scopeLevel: row.level ?? null,
    departmentId: row.department_id,
  };
}

/** A person as another person sees them; the phone is masked unless `revealPhone`. */
export function presentPerson(user: UserRow, roles: readonly AssignmentWithScope[], revealPhone: boolean): PersonView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    phone: revealPhone ? user.phone : maskPhone(user.phone),
    phoneMasked: !revealPhone && user.phone !== null,
    disabled: user.disabled !== 0,
    roles: roles.map(presentRole),
  };
}

export function presentToken(row: ApiTokenRow): TokenView {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope === 'read' ? 'read' : 'write',
    createdAt: row.created_at,
    expiresAt: row.expires_at ?? null,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

const FIELD_ROLES = new Set(['grid_worker', 'grid_leader']);

/**
 * Which web face a person lands on. Several roles: the widest wins (admin, then the command
 * console, then the handler's work queue, then the field app), since the console also shows what
 * the field app does.
 */
export function faceFor(roles: readonly string[]): Face {
  if (roles.includes('admin')) return 'admin';
  if (roles.some((r) => r !== 'handler' && !FIELD_ROLES.has(r))) return 'console';
  if (roles.includes('handler')) return 'handler';
  if (roles.some((r) => FIELD_ROLES.has(r))) return 'field';
  return 'console';
}

/** Group assignment rows by user id. */
export function groupByUser(rows: readonly AssignmentWithScope[]): Map<string, AssignmentWithScope[]> {
  const out = new Map<string, AssignmentWithScope[]>();
  for (const r of rows) {
    const list = out.get(r.user_id);
    if (list) list.push(r);
    else out.set(r.user_id, [r]);
  }
  return out;
}
