import { sql } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import { actorHasAction, allowedIds } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { CASE_STATE_NAMES, type CaseState } from '../../../shared/cases/stateMachine.ts';
import { formatChinaTime } from '../../../shared/sla/index.ts';
import type { CaseListScope } from '../cases/caseAccess.ts';
import type { ExportTable } from '../../reporting/exportTable.ts';

/** Bulk exports stop here: larger sets belong in a database extract, not a spreadsheet. */
export const MAX_EXPORT_ROWS = 50_000;

const KIND_ZH: Record<string, string> = { event: '事件', hazard: '风险隐患', dispute: '矛盾纠纷' };

/** '2026-11-27 13:05' in China time, or null. */
export function chinaMinute(value: string | Date | null): string | null {
  if (value === null) return null;
  return formatChinaTime(new Date(value).getTime()).slice(0, 16).replace('T', ' ');
}

export interface ExportCasesOptions {
  actor: Actor;
  scope: CaseListScope;
  prefix: string;
  state?: string | undefined;
  categoryCode?: string | undefined;
  /** Reported in [from, to). */
  from?: string | undefined;
  to?: string | undefined;
  /** Why personal data is exported (bulk export needs a recorded purpose); absent = no personal columns. */
  purpose?: string | undefined;
}

/**
 * The case list as an export table (Chinese headers). Personal data (reporter name, phone) is added
 * only when the caller gave a purpose and holds people.readPersonal; the purpose, the filters and
 * the row count are written to the audit log in the same transaction, and rows outside the caller's
 * personal-data scope stay masked.
 */
export async function exportCases(trx: Trx, o: ExportCasesOptions): Promise<ExportTable> {
  const withPersonal = o.purpose !== undefined;
  if (withPersonal && !actorHasAction(o.actor, 'people.readPersonal')) {
    throw new AppError('FORBIDDEN', '你的角色无权导出个人信息 / your role may not export personal data', 'purpose');
  }
  const terms = [
    ...o.scope.paths.map((p) => sql<boolean>`c.territory_path like ${`${p}%`}`),
    ...o.scope.departments.map((d) => sql<boolean>`(c.department_id = ${d.departmentId} and c.territory_path like ${`${d.scopePath}%`})`),
  ];
  let query = trx
    .selectFrom('cases as c')
    .leftJoin('case_categories as cat', 'cat.code', 'c.category_code')
    .leftJoin('territory_nodes as t', 't.code', 'c.grid_code')
    .leftJoin('departments as d', 'd.id', 'c.department_id')
    .select([
      'c.id',
      'c.case_no',
      'c.kind',
      'c.category_code',
      'cat.name_zh as category_name',
      'c.state',
      'c.grid_code',
      't.name_zh as grid_name',
      'c.territory_path',
      'c.source',
      'c.created_at',
      'c.stage_due_at',
      'c.closed_at',
      'c.closed_on_time',
      'c.rework_count',
      'd.name_zh as department_name',
      'c.reporter_name',
      'c.reporter_phone',
    ])
    .where(sql<boolean>`(${sql.join(terms, sql` or `)})`)
    .where('c.territory_path', 'like', `${o.prefix}%`);
  if (o.state) query = query.where('c.state', '=', o.state);
  if (o.categoryCode) query = query.where('c.category_code', '=', o.categoryCode);
  if (o.from) query = query.where('c.created_at', '>=', o.from);
  if (o.to) query = query.where('c.created_at', '<', o.to);
  const rows = await query.orderBy('c.case_no').limit(MAX_EXPORT_ROWS + 1).execute();
  if (rows.length > MAX_EXPORT_ROWS) {
    throw new AppError('VALIDATION_FAILED', `from: 超过 ${MAX_EXPORT_ROWS} 行，请缩小时间或范围 / more than ${MAX_EXPORT_ROWS} cases; narrow the period or scope`, 'from');
  }
  // Rows outside the caller's personal-data scope stay masked: one bulk central check over the rows.
  const personal = withPersonal && rows.length ? await allowedIds(trx, { actor: o.actor, action: 'people.readPersonal', resource: 'case', ids: rows.map((r) => r.id) }) : new Set<string>();
  const headers = ['案件编号', '类型', '类别', '状态', '网格编码', '网格', '来源', '上报时间', '处置时限', '结案时间', '是否按期', '返工次数', '处置部门'];
  if (withPersonal) headers.push('报告人', '联系电话');
  const table: ExportTable = {
    sheetName: '案件清单',
    headers,
    rows: rows.map((r) => {
      const row: (string | number | null)[] = [
        r.case_no,
        KIND_ZH[r.kind] ?? r.kind,
        r.category_name ?? r.category_code,
        CASE_STATE_NAMES[r.state as CaseState]?.zh ?? r.state,
        r.grid_code,
        r.grid_name,
        r.source,
        chinaMinute(r.created_at),
        chinaMinute(r.stage_due_at),
        chinaMinute(r.closed_at),
        r.closed_on_time === null ? null : r.closed_on_time === 1 ? '是' : '否',
        r.rework_count,
        r.department_name,
      ];
      if (withPersonal) {
        const allowed = personal.has(r.id);
        row.push(allowed ? r.reporter_name : r.reporter_name ? '***' : null, allowed ? r.reporter_phone : r.reporter_phone ? '***' : null);
      }
      return row;
    }),
  };
  if (withPersonal) {
    await appendAudit(trx, o.actor, {
      action: 'case.exportPersonal',
      recordType: 'case',
      after: { purpose: o.purpose, rows: rows.length, scope: o.prefix || null, state: o.state ?? null, category: o.categoryCode ?? null, from: o.from ?? null, to: o.to ?? null },
    });
  }
  return table;
}
