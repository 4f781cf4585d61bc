import type { Executor } from '../../storage/db.ts';
import { ancestorPaths } from '../territory/lookups.ts';
import type { ChecklistItem } from './inspection.ts';
import { findTemplatesAt } from './inspections.repository.ts';

/** Checklist templates usable at a node: those made at the node or any of its ancestors. */
export async function listChecklistTemplates(db: Executor, o: { scopePath: string }) {
  const rows = await findTemplatesAt(db, ancestorPaths(o.scopePath));
  return rows.map((t) => ({ id: t.id, name: t.name, scopeCode: t.territory_code, items: JSON.parse(t.items_json) as ChecklistItem[], createdAt: new Date(t.created_at).toISOString() }));
}
