import { allowedIds, scopePathsFor } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import { notFound } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import { childrenOf, findNodes } from './territory.repository.ts';

export interface ChildSummary {
  code: string;
  name: string;
  nameEn: string | null;
  level: 'province' | 'city' | 'county' | 'street' | 'community' | 'grid';
  parent: string | null;
}

/**
 * Children of a node that the caller may read. Without a parent: the top nodes of the caller's
 * scopes (for an admin, the roots). A parent the caller can neither read nor see into answers 404.
 */
export async function listChildren(db: Executor, options: { actor: Actor; parent?: string | undefined }): Promise<ChildSummary[]> {
  let rows: { code: string; name_zh: string; name_en: string | null; level: ChildSummary['level']; parent_code: string | null }[];
  if (options.parent === undefined) {
    const scopes = scopePathsFor(options.actor, 'territory.read');
    if (scopes.includes('')) {
      rows = await db
        .selectFrom('territory_nodes')
        .select(['code', 'name_zh', 'name_en', 'level', 'parent_code'])
        .where('parent_code', 'is', null)
        .orderBy('code')
        .execute();
    } else {
      const codes = scopes.map((p) => p.split('/').filter(Boolean).pop()!);
      rows = (await findNodes(db, codes)).sort((a, b) => a.code.localeCompare(b.code));
    }
  } else {
    const children = await childrenOf(db, options.parent);
    const ids = [options.parent, ...children.map((c) => c.code)];
    const allowed = await allowedIds(db, { actor: options.actor, action: 'territory.read', resource: 'territory', ids });
    rows = children.filter((c) => allowed.has(c.code));
    if (rows.length === 0 && !allowed.has(options.parent)) throw notFound('territory node');
  }
  return rows.map((r) => ({ code: r.code, name: r.name_zh, nameEn: r.name_en, level: r.level, parent: r.parent_code }));
}
