import ExcelJS from 'exceljs';
import type { Aar } from './buildAar.ts';
import { renderPdf } from './renderBulletin.ts';
import { chinaMinute } from '../../../shared/time/china.ts';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const chinaTime = (iso: string) => chinaMinute(iso);
const signed = (v: number | null, unit: 'count' | 'rate') => (v === null ? '—' : unit === 'rate' ? `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} 个百分点` : `${v >= 0 ? '+' : ''}${v}`);
const STATE_ZH: Record<string, string> = { open: '未开始', in_progress: '推进中', completed: '已完成待验收', verified: '已验收' };
const LEVEL_ZH: Record<string, string> = { county: '区县', street: '街道', community: '社区', grid: '网格' };

type Section = { title: string; headers: string[]; rows: (string | number)[][] };

/** The after-action review as titled table sections: one source for both XLSX and PDF. */
export function aarSections(a: Aar): Section[] {
  return [
    {
      title: '一、基本情况',
      headers: ['项目', '内容'],
      rows: [
        ['专项行动', a.campaign.name],
        ['范围', a.campaign.territoryName],
        ['行动期间', `${chinaTime(a.period.during.from)} 至 ${chinaTime(a.period.during.to)}`],
        ['对比期间（行动前等长）', `${chinaTime(a.period.before.from)} 至 ${chinaTime(a.period.before.to)}`],
        ...a.campaign.phases.map((p) => [p.name, `${chinaTime(p.startsAt)} 至 ${chinaTime(p.endsAt)}`] as (string | number)[]),
      ],
    },
    { title: '二、大事记', headers: ['时间', '事件', '说明'], rows: a.timeline.map((e) => [chinaTime(e.at), e.title, e.detail ?? '']) },
    {
      title: '三、指标对比',
      headers: ['指标', '行动前', '行动期间', '变化'],
      rows: a.kpiDeltas.map((k) => [k.labelZh, k.unit === 'rate' ? pct(k.before as number | null) : (k.before as number), k.unit === 'rate' ? pct(k.during as number | null) : (k.during as number), signed(k.delta, k.unit)]),
    },
    { title: '四、问题热点（网格）', headers: ['网格', '行动期间案件', '行动前案件'], rows: a.hotspots.grids.map((g) => [g.name, g.during, g.before]) },
    { title: '五、问题热点（类别）', headers: ['类别', '行动期间案件', '行动前案件'], rows: a.hotspots.categories.map((g) => [g.name, g.during, g.before]) },
    {
      title: `六、薄弱单位（${LEVEL_ZH[a.weakestUnits.level] ?? a.weakestUnits.level}综合评价最低）`,
      headers: ['单位', '综合得分', '等级', '按期结案率', '结案率'],
      rows: a.weakestUnits.rows.map((r) => [r.name, r.score ?? '—', r.grade ?? '—', pct(r.onTime), pct(r.closure)]),
    },
    {
      title: '七、责任追究',
      headers: ['类型', '合计', '待处理', '已确认', '免责'],
      rows: [...a.accountability.byKind.map((k) => [k.labelZh, k.total, k.pending, k.confirmed, k.waived] as (string | number)[]), ['合计', a.accountability.total, '', '', '']],
    },
    {
      title: '八、长效机制（整改项）',
      headers: ['事项', '责任人', '责任单位', '期限', '状态', '进度'],
      rows: a.followups.items.map((f) => [f.title, f.owner.name, f.ownerUnit.name ?? '—', chinaTime(f.dueAt).slice(0, 10), `${STATE_ZH[f.state] ?? f.state}${f.overdue ? '（逾期）' : ''}`, `${f.progress}%`]),
    },
  ];
}

/** XLSX: one sheet per section, the title in the first sheet's first row. */
export async function aarXlsx(a: Aar): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'wangge';
  for (const [i, s] of aarSections(a).entries()) {
    const sheet = workbook.addWorksheet(s.title.replace(/^[一二三四五六七八]、/, '').replace(/[\\/?*[\]:]/g, '').slice(0, 31));
    if (i === 0) {
      sheet.addRow([a.title]).font = { bold: true, size: 14 };
      sheet.addRow([`生成时间 ${chinaTime(a.generatedAt)}`]);
    }
    sheet.addRow(s.headers).font = { bold: true };
    for (const r of s.rows) sheet.addRow(r);
    s.headers.forEach((h, c) => (sheet.getColumn(c + 1).width = Math.min(60, Math.max(10, h.length * 2 + 4, ...s.rows.map((r) => String(r[c] ?? '').length * 1.6 + 2)))));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Printable A4 PDF with the CJK font embedded (subset). */
export async function aarPdf(a: Aar, font?: { path: string; family?: string } | null): Promise<Buffer> {
  return renderPdf(a.title, `${a.campaign.territoryName}　行动期间 ${chinaTime(a.period.during.from)} 至 ${chinaTime(a.period.during.to)}　生成 ${chinaTime(a.generatedAt)}`, aarSections(a), font);
}
