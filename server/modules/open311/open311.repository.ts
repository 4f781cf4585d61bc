import type { Executor } from '../../storage/db.ts';
import type { CaseRow, Open311KeyRow } from '../../storage/schema.ts';

/** Queries of the Open311 module: its keys, and read-only views of cases and categories. */

export async function insertOpen311Key(db: Executor, row: Open311KeyRow): Promise<void> {
  await db.insertInto('open311_keys').values(row).execute();
}

export async function findOpen311KeyByHash(db: Executor, keyHash: string): Promise<Open311KeyRow | undefined> {
  return db.selectFrom('open311_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
}

export async function findOpen311Key(db: Executor, id: string): Promise<Open311KeyRow | undefined> {
  return db.selectFrom('open311_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOpen311Keys(db: Executor): Promise<Open311KeyRow[]> {
  return db.selectFrom('open311_keys').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function setOpen311KeyRevoked(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable('open311_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export async function touchOpen311Key(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable('open311_keys').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** A case row with its handling department's name (for agency_responsible). */
export type CaseWithAgency = CaseRow & { agency_name: string | null };

function casesWithAgency(db: Executor) {
  return db
    .selectFrom('cases')
    .leftJoin('departments', 'departments.id', 'cases.department_id')
    .selectAll('cases')
    .select('departments.name_zh as agency_name');
}

/** Cases by case number (service_request_id), whatever their kind: the caller decides visibility. */
export async function findCasesByCaseNo(db: Executor, caseNos: readonly string[]): Promise<CaseWithAgency[]> {
  if (caseNos.length === 0) return [];
  return casesWithAgency(db).where('cases.case_no', 'in', [...new Set(caseNos)]).orderBy('cases.created_at', 'desc').execute();
}

export interface PublicCaseFilter {
  kinds: readonly string[];
  /** Intake channels of the public (portal, Open311): staff reports are never listed. */
  sources: readonly string[];
  categoryCodes?: readonly string[];
  /** Internal states to include (derived from open/closed). */
  states?: readonly string[];
  from: string;
  to: string;
  limit: number;
}

/** Cases marked public (published_at set) reported in [from, to], newest first. */
export async function findPublicCases(db: Executor, f: PublicCaseFilter): Promise<CaseWithAgency[]> {
  let q = casesWithAgency(db)
    .where('cases.kind', 'in', [...f.kinds])
    .where('cases.source', 'in', [...f.sources])
    .where('cases.published_at', 'is not', null)
    .where('cases.created_at', '>=', f.from)
    .where('cases.created_at', '<=', f.to);
  if (f.categoryCodes) q = q.where('cases.category_code', 'in', [...f.categoryCodes]);
  if (f.states) q = q.where('cases.state', 'in', [...f.states]);
  return q.orderBy('cases.created_at', 'desc').orderBy('cases.id', 'desc').limit(f.limit).execute();
}
