import type { Executor } from '../../storage/db.ts';
import type { RosterUnitRow } from '../../storage/schema.ts';
import { chinaTimeOf, dayOfDate, formatDate } from '../../../shared/rosters/model.ts';
import type { ExportTable } from '../../reporting/exportTable.ts';
import { loadUnitProblem } from './rosterProblem.ts';

/** 值班表 as a table with Chinese headers, one row per person per shift, for XLSX export. */
export async function exportRoster(db: Executor, o: { unit: RosterUnitRow; from: string; days: number }): Promise<ExportTable> {
  const toDate = formatDate(dayOfDate(o.from) + o.days - 1);
  const loaded = await loadUnitProblem(db, o.unit, o.from, toDate);
  const shifts = new Map(loaded.problem.shifts.map((s) => [s.id, s]));
  const names = new Map(loaded.problem.members.map((m) => [m.personId, m.name]));
  const rows = loaded.rows.map((r) => {
    const s = shifts.get(`${r.template_id}@${r.shift_date}`);
    return [
      r.shift_date, s?.name ?? r.template_id, chinaTimeOf(Date.parse(r.starts_at)), chinaTimeOf(Date.parse(r.ends_at)),
      names.get(r.user_id) ?? r.user_id, r.role, s?.night ? '是' : '否', s?.holiday ? '是' : '否',
      ({ solver: '自动排班', manual: '手工调整', swap: '换班' } as Record<string, string>)[r.source] ?? r.source, r.override_reason,
    ];
  });
  return { sheetName: o.unit.name_zh.slice(0, 31), headers: ['日期', '班次', '开始', '结束', '人员', '角色', '夜班', '节假日', '来源', '特批理由'], rows };
}
