import type { Executor } from '../../storage/db.ts';
import { ancestorPaths } from '../territory/lookups.ts';
import type { TargetKind } from './inspections.schemas.ts';

/**
 * What a plan at a node may inspect, for the task picker: grids under the node, active key sites
 * (重点部位) under it, departments (单位) serving it or part of it. Optional name filter; at most `limit`.
 */
export async function listInspectionTargets(db: Executor, o: { scopePath: string; kind: TargetKind; q?: string; limit: number }) {
  const like = o.q ? `%${o.q.replace(/[%_\\]/g, '')}%` : null;
  if (o.kind === 'grid') {
    let query = db.selectFrom('territory_nodes').select(['code as id', 'name_zh as name', 'path']).where('level', '=', 'grid').where('path', 'like', `${o.scopePath}%`);
    if (like) query = query.where((eb) => eb.or([eb('name_zh', 'like', like), eb('code', 'like', like)]));
    return (await query.orderBy('code').limit(o.limit).execute()).map((r) => ({ id: r.id, name: r.name, detail: r.id }));
  }
  if (o.kind === 'site') {
    let query = db.selectFrom('patrol_sites').select(['id', 'name', 'grid_code']).where('active', '=', 1).where('territory_path', 'like', `${o.scopePath}%`);
    if (like) query = query.where('name', 'like', like);
    return (await query.orderBy('name').orderBy('id').limit(o.limit).execute()).map((r) => ({ id: r.id, name: r.name, detail: r.grid_code }));
  }
  const ancestors = ancestorPaths(o.scopePath);
  let query = db
    .selectFrom('departments')
    .select(['id', 'name_zh as name', 'code'])
    .where((eb) => eb.or([eb('territory_path', 'like', `${o.scopePath}%`), ...(ancestors.length ? [eb('territory_path', 'in', ancestors)] : [])]));
  if (like) query = query.where('name_zh', 'like', like);
  return (await query.orderBy('code').limit(o.limit).execute()).map((r) => ({ id: r.id, name: r.name, detail: r.code }));
}
