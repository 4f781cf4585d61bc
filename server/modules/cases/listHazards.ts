import type { Actor } from '../../access/actor.ts';
import type { Executor } from '../../storage/db.ts';
import { resolveScope } from './resolveScope.ts';
import type { ExportTable } from '../../reporting/exportTable.ts';
import { presentRegisterRow } from './hazard.ts';
import { findHazardRegister } from './hazards.repository.ts';

export interface ListHazardsOptions {
  actor: Actor;
  now: Date;
  grade?: string;
  status?: string;
  overdue?: boolean;
  /** Territory code narrowing the caller's scope; outside it → NOT_FOUND (field scope). */
  scopeCode?: string;
  limit: number;
  cursor?: string;
}

/** 风险隐患台账: hazard cases in the caller's case scope, filtered, newest first, keyset-paginated. */
export async function listHazards(db: Executor, o: ListHazardsOptions) {
  const { scope, prefix } = await resolveScope(db, o.actor, 'case.read', o.scopeCode);
  const rows = await findHazardRegister(db, {
    scope,
    prefix,
    ...(o.grade ? { grade: o.grade } : {}),
    ...(o.status ? { status: o.status } : {}),
    ...(o.overdue ? { overdueAt: o.now.toISOString() } : {}),
    ...(o.cursor ? { beforeId: o.cursor } : {}),
    limit: o.limit + 1,
  });
  const page = rows.slice(0, o.limit);
  return { hazards: page.map((r) => presentRegisterRow(r, o.now)), nextCursor: rows.length > o.limit ? page[page.length - 1]!.case_id : null };
}

/** Most rows one register export carries. */
export const HAZARD_EXPORT_MAX_ROWS = 10_000;

/** The register as an export table with Chinese headers (for XLSX). */
export async function hazardRegisterTable(db: Executor, o: Omit<ListHazardsOptions, 'limit' | 'cursor'>): Promise<ExportTable> {
  const { hazards } = await listHazards(db, { ...o, limit: HAZARD_EXPORT_MAX_ROWS });
  return {
    sheetName: '风险隐患台账',
    headers: ['案件编号', '隐患描述', '地址', '网格', '隐患等级', '整改状态', '整改方案', '责任单位', '责任人', '整改期限', '是否逾期', '复查次数', '最近复查结果', '销号人', '销号时间', '上报时间'],
    rows: hazards.map((h) => [
      h.caseNo,
      h.description,
      h.address,
      h.gridCode,
      h.grade ?? '未定级',
      h.statusZh,
      h.plan,
      h.responsibleUnit,
      h.responsiblePerson?.name ?? null,
      h.deadline,
      h.overdue ? '是' : '否',
      h.reinspectionCount,
      h.lastReinspection ? (h.lastReinspection.result === 'pass' ? '通过' : '不通过') : null,
      h.signedOffBy,
      h.signedOffAt,
      h.createdAt,
    ]),
  };
}
