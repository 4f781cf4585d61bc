import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import type { Trx } from '../../storage/db.ts';
import { normaliseChecklist } from './inspection.ts';
import { insertTemplate } from './inspections.repository.ts';
import type { ChecklistItemInput } from './inspections.schemas.ts';

/** Save a reusable checklist (检查表模板) at a territory node; plans at or below it may copy it. */
export async function createChecklistTemplate(trx: Trx, o: { actor: Actor; now: Date; name: string; scope: { code: string; path: string }; items: ChecklistItemInput[] }) {
  const items = normaliseChecklist(o.items, 'items');
  const id = uuidv7();
  const row = { id, name: o.name, territory_code: o.scope.code, territory_path: o.scope.path, items_json: JSON.stringify(items), created_by: o.actor.id, created_at: o.now.toISOString() };
  await insertTemplate(trx, row);
  await appendAudit(trx, o.actor, { action: 'inspection.template.create', recordType: 'inspection_template', recordId: id, after: { name: o.name, scope: o.scope.code, items: items.length } });
  return { id, name: o.name, scopeCode: o.scope.code, items, createdAt: row.created_at };
}
