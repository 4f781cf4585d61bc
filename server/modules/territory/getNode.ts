import { allowedIds } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import { notFound } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import type { Action } from '../../../shared/access/roles.ts';
import { childrenOf, findNode } from './territory.repository.ts';
import type { NodeView } from '../../../shared/territory/wire.ts';

/** Actions on a territory node that the UI may offer; the caller's permitted subset goes on the wire. */
const NODE_ACTIONS: readonly Action[] = ['territory.updateProfile', 'territory.manage'];

/**
 * One territory node as the caller sees it: names, parent, children summary, bbox, profile,
 * optional geometry and the actions the caller may take on it. Access is checked by the route.
 */
export async function getNode(db: Executor, options: { actor: Actor; code: string; withGeometry: boolean }): Promise<NodeView> {
  const row = await findNode(db, options.code);
  if (!row) throw notFound('territory node');
  const parent = row.parent_code ? await findNode(db, row.parent_code) : undefined;
  const children = await childrenOf(db, row.code);
  const view: NodeView = {
    code: row.code,
    name: row.name_zh,
    nameEn: row.name_en,
    level: row.level,
    parent: parent ? { code: parent.code, name: parent.name_zh, level: parent.level } : null,
    children: children.map((c) => ({ code: c.code, name: c.name_zh, level: c.level })),
    bbox:
      row.min_lng === null || row.min_lat === null || row.max_lng === null || row.max_lat === null
        ? null
        : { minLng: row.min_lng, minLat: row.min_lat, maxLng: row.max_lng, maxLat: row.max_lat },
    profile: { households: row.households, residents: row.residents, description: row.description },
    actions: [],
  };
  for (const action of NODE_ACTIONS) {
    if ((await allowedIds(db, { actor: options.actor, action, resource: 'territory', ids: [row.code] })).has(row.code)) view.actions.push(action);
  }
  if (options.withGeometry) view.geometry = row.geometry ? JSON.parse(row.geometry) : null;
  return view;
}
