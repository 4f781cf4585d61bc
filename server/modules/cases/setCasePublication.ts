import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { CaseRow } from '../../storage/schema.ts';
import { findCaseById } from './cases.repository.ts';
import { isPublishable } from './publication.ts';

/**
 * 公开 / 取消公开: mark a resident's report public (the Open311 feed lists it, scrubbed and coarsened) or
 * take it off. The caller's access (case.publish over the case) is checked by the route. Only a change
 * is written and audited (case.publish / case.unpublish); asking for the current state changes nothing.
 */
export async function setCasePublication(trx: Trx, o: { actor: Actor; now: Date; caseId: string; public: boolean }): Promise<CaseRow> {
  const row = await findCaseById(trx, o.caseId);
  if (!row) throw notFound('case');
  if (!isPublishable(row)) {
    throw new AppError('CONFLICT', 'public: 只有群众通过门户或 Open311 反映的事件类诉求可以公开 / only events reported by residents (portal or Open311) can be made public', 'public');
  }
  const wasPublic = row.published_at != null;
  if (wasPublic === o.public) return row;
  const changes = o.public ? { published_at: o.now.toISOString(), published_by: o.actor.id } : { published_at: null, published_by: null };
  await trx.updateTable('cases').set(changes).where('id', '=', row.id).execute();
  await appendAudit(trx, o.actor, {
    action: o.public ? 'case.publish' : 'case.unpublish',
    recordType: 'case',
    recordId: row.id,
    before: { public: wasPublic },
    after: { public: o.public },
  });
  return { ...row, ...changes };
}
