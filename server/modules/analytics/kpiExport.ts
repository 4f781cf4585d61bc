import type { ExportTable } from '../../reporting/exportTable.ts';
import type { KpiTable } from './getKpis.ts';

const GROUP_HEADER: Record<string, string> = {
  total: '单位',
  grid: '网格',
  community: '社区',
  street: '街道',
  county: '区县',
  department: '部门',
  handler: '处置人',
  day: '日期',
  week: '周（起始日）',
  month: '月份',
};

/** A ratio as a percentage with one decimal ("97.5%"), empty when there is no basis. */
function percent(value: number | null): string | null {
  return value === null ? null : `${(value * 100).toFixed(1)}%`;
}

/** The KPI table with Chinese headers, one row per group and the 合计 row last. */
export function kpiExportTable(table: KpiTable): ExportTable {
  const headers = [
    '编码',
    GROUP_HEADER[table.groupBy] ?? '单位',
    '应结案数',
    '结案数',
    '结案率',
    '按期结案数',
    '按期结案率',
    '超期未结案数',
    '核查数',
    '返工数',
    '返工率',
    '派遣数',
    '延期数',
    '延期率',
    '自行处置数',
    '纠纷结案数',
    '就地化解数',
    '就地化解率',
    '平均立案时长(分钟)',
    '平均派遣时长(分钟)',
    '平均受理时长(分钟)',
    '平均处置时长(分钟)',
    '平均核查时长(分钟)',
    '平均结案时长(分钟)',
  ];
  const rows = (table.groupBy === 'total' ? [table.total] : [...table.rows, table.total]).map((r) => [
    r.key,
    r.name,
    r.counts.due,
    r.counts.closed,
    percent(r.rates.closure),
    r.counts.closed_on_time,
    percent(r.rates.onTime),
    r.counts.overdue_unclosed,
    r.counts.verified,
    r.counts.reworked,
    percent(r.rates.rework),
    r.counts.dispatched,
    r.counts.extended,
    percent(r.rates.extension),
    r.counts.self_resolved,
    r.counts.disputes_closed,
    r.counts.disputes_at_grid,
    percent(r.rates.gridResolution),
    r.stageMinutes['filing']?.avgMinutes ?? null,
    r.stageMinutes['dispatch']?.avgMinutes ?? null,
    r.stageMinutes['acceptance']?.avgMinutes ?? null,
    r.stageMinutes['handling']?.avgMinutes ?? null,
    r.stageMinutes['verification']?.avgMinutes ?? null,
    r.stageMinutes['closing']?.avgMinutes ?? null,
  ]);
  return { sheetName: '考核指标', headers, rows };
}
