import type { Actor } from '../../access/actor.ts';
import { requireNode, scopePathsFor } from '../../access/access.ts';
import { manageableUnits } from './rosterAccess.ts';
import type { Executor } from '../../storage/db.ts';
import type { RosterRules } from '../../../shared/rosters/model.ts';
import { listUnitsUnder } from './rosters.repository.ts';

/**
 * 值班单位列表: the units the caller may read — under `scope` when given (it must lie inside one of
 * their roster.read scopes, else it looks missing), otherwise under all of them — plus, without a
 * scope, the units they are a member of (everyone reads their own unit). Each with what the caller may do.
 */
export async function listRosterUnits(db: Executor, o: { actor: Actor; scope?: string | undefined }) {
  const readable = [...new Set([...scopePathsFor(o.actor, 'roster.read'), ...scopePathsFor(o.actor, 'roster.manage')])];
  let paths = readable;
  if (o.scope !== undefined) {
    paths = [(await requireNode(db, { actor: o.actor, action: 'roster.read', code: o.scope, field: 'scope' })).path];
  }
  const rows = await listUnitsUnder(db, paths, o.scope === undefined ? o.actor.id : null);
  const manageable = await manageableUnits(db, o.actor, rows.map((r) => r.id));
  return {
    units: rows.map((r) => ({
      id: r.id,
      nameZh: r.name_zh,
      kind: r.kind,
      territoryCode: r.territory_code,
      rules: JSON.parse(r.rules_json) as RosterRules,
      members: Number(r.members ?? 0),
      templates: Number(r.templates ?? 0),
      canManage: manageable.has(r.id),
    })),
  };
}
