import { sql } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import { actorHasAction, requireAccess, requireNode, scopePathsFor } from '../../access/access.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import { pathsCondition } from '../evaluation/sources.ts';

/** Stored (scheduled) bulletins whose scope lies inside the caller's report.read scopes, newest first. */
export async function listScheduledBulletins(db: Executor, o: { actor: Actor; kind?: 'daily' | 'weekly' | undefined; scopeCode?: string | undefined; from?: string | undefined; to?: string | undefined; limit: number }) {
  if (!actorHasAction(o.actor, 'report.read')) throw new AppError('FORBIDDEN', '你的角色无权查看简报 / your role may not read bulletins');
  let paths = scopePathsFor(o.actor, 'report.read');
  if (o.scopeCode) {
    paths = [(await requireNode(db, { actor: o.actor, action: 'report.read', code: o.scopeCode, field: 'scope' })).path];
  }
  let q = db
    .selectFrom('scheduled_bulletins')
    .select(['id', 'kind', 'bulletin_date', 'scope_code', 'title', 'period_from', 'period_to', 'pdf_error', 'summary_json', 'generated_at'])
    .select([sql<number>`length(xlsx)`.as('xlsx_size'), sql<number | null>`length(pdf)`.as('pdf_size')])
    .where(pathsCondition(sql.ref('scope_path'), paths) as never);
  if (o.kind) q = q.where('kind', '=', o.kind);
  if (o.from) q = q.where('bulletin_date', '>=', o.from);
  if (o.to) q = q.where('bulletin_date', '<=', o.to);
  const rows = await q.orderBy('bulletin_date', 'desc').orderBy('kind').orderBy('scope_code').limit(o.limit).execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      date: r.bulletin_date,
      scopeCode: r.scope_code,
      title: r.title,
      period: { from: r.period_from, to: r.period_to },
      generatedAt: r.generated_at,
      summary: JSON.parse(r.summary_json) as { reported: number; closed: number; open: number; overdue: number },
      xlsxSize: Number(r.xlsx_size),
      pdfSize: r.pdf_size === null ? null : Number(r.pdf_size),
      pdfError: r.pdf_error,
      xlsxUrl: `/api/reports/bulletins/${r.id}/xlsx`,
      pdfUrl: r.pdf_size === null ? null : `/api/reports/bulletins/${r.id}/pdf`,
    })),
  };
}

/** One stored bulletin's file, when the caller may read reports over its scope. */
export async function scheduledBulletinFile(db: Executor, o: { actor: Actor; id: string; format: 'xlsx' | 'pdf' }) {
  await requireAccess(db, { actor: o.actor, action: 'report.read', resource: 'bulletin', ids: [o.id] });
  const row = await db.selectFrom('scheduled_bulletins').select(['id', 'kind', 'bulletin_date', 'title', 'scope_path', 'xlsx', 'pdf', 'pdf_error']).where('id', '=', o.id).executeTakeFirst();
  if (!row) throw notFound('bulletin');
  const body = o.format === 'xlsx' ? row.xlsx : row.pdf;
  if (!body) throw new AppError('NOT_FOUND', `format: 此简报没有 PDF（${row.pdf_error ?? '生成失败'}）/ this bulletin has no PDF`, 'format');
  return { body: Buffer.from(body), kind: row.kind, date: row.bulletin_date, title: row.title };
}
