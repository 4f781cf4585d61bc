import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { Bulletin } from './buildBulletin.ts';
import { findCjkFont } from './pdfFont.ts';
import { chinaMinute } from '../../../shared/time/china.ts';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const chinaTime = (iso: string) => chinaMinute(iso);

/** The bulletin as plain sections (title + header + rows): one source for both XLSX and PDF. */
export function bulletinSections(b: Bulletin): { title: string; headers: string[]; rows: (string | number)[][] }[] {
  const sections = [
    {
      title: '一、总体情况',
      headers: ['项目', '数值'],
      rows: [
        ['统计时段', `${chinaTime(b.period.from)} 至 ${chinaTime(b.period.to)}`],
        ['新上报案件', b.summary.reported],
        ['结案', b.summary.closed],
        ['在办案件', b.summary.open],
        ['当前超期', b.summary.overdue],
        ['结案率', pct(b.kpis.total.rates.closure)],
        ['按期结案率', pct(b.kpis.total.rates.onTime)],
        ['返工率', pct(b.kpis.total.rates.rework)],
        ['就地化解率', pct(b.kpis.total.rates.gridResolution)],
      ] as (string | number)[][],
    },
    {
      title: '二、各街道指标',
      headers: ['单位', '应结案数', '结案数', '结案率', '按期结案率', '返工率'],
      rows: [...b.kpis.rows, b.kpis.total].map((r) => [r.name, r.counts.due, r.counts.closed, pct(r.rates.closure), pct(r.rates.onTime), pct(r.rates.rework)]),
    },
    { title: '三、突出问题（类别）', headers: ['类别', '案件数'], rows: b.topIssues.map((t) => [t.name, t.count]) },
    {
      title: '四、超期案件',
      headers: ['案件编号', '网格', '阶段', '时限', '处置部门', '处置人', '摘要'],
      rows: b.overdue.map((o) => [o.caseNo, o.gridCode, o.stage ?? o.state, chinaTime(o.dueAt), o.department ?? '—', o.handler ?? '—', o.description]),
    },
  ];
  if (b.directives.length) {
    sections.push({ title: '五、指令签收', headers: ['指令', '送达', '已签收', '签收率'], rows: b.directives.map((d) => [d.title, d.delivered, d.signed, pct(d.delivered ? d.signed / d.delivered : null)]) });
  }
  if (b.patrol.denominator || b.dailyReports.denominator) {
    sections.push({
      title: '六、巡逻与日报',
      headers: ['项目', '完成', '应完成', '比率'],
      rows: [
        ['巡逻达标（计划巡逻点次）', b.patrol.numerator, b.patrol.denominator, pct(b.patrol.rate)],
        ['日报报送（网格·日）', b.dailyReports.numerator, b.dailyReports.denominator, pct(b.dailyReports.rate)],
      ],
    });
  }
  return sections;
}

/** XLSX: one sheet per section, bold headers, the title in the first sheet's first row. */
export async function bulletinXlsx(b: Bulletin): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'wangge';
  for (const [i, s] of bulletinSections(b).entries()) {
    const sheet = workbook.addWorksheet(s.title.replace(/^[一二三四五六]、/, '').slice(0, 31));
    if (i === 0) {
      sheet.addRow([b.title]).font = { bold: true, size: 14 };
      sheet.addRow([`生成时间 ${chinaTime(b.generatedAt)}`]);
    }
    sheet.addRow(s.headers).font = { bold: true };
    for (const r of s.rows) sheet.addRow(r);
    s.headers.forEach((h, c) => (sheet.getColumn(c + 1).width = Math.min(50, Math.max(10, h.length * 2 + 4, ...s.rows.map((r) => String(r[c] ?? '').length + 2)))));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Printable A4 PDF with the CJK font embedded (subset); tables drawn as aligned text columns. */
export async function bulletinPdf(b: Bulletin, font?: { path: string; family?: string } | null): Promise<Buffer> {
  return renderPdf(b.title, `统计时段 ${chinaTime(b.period.from)} 至 ${chinaTime(b.period.to)}　生成 ${chinaTime(b.generatedAt)}`, bulletinSections(b), font);
}

/** Render titled table sections to a PDF (shared by bulletins and after-action reviews). */
export async function renderPdf(title: string, subtitle: string, sections: { title: string; headers: string[]; rows: (string | number)[][] }[], font?: { path: string; family?: string } | null): Promise<Buffer> {
  const f = findCjkFont(font);
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: title, Creator: 'wangge' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (f.family) doc.registerFont('cjk', f.path, f.family);
  else doc.registerFont('cjk', f.path);
  doc.font('cjk');
  doc.fontSize(18).text(title, { align: 'center' });
  doc.moveDown(0.3).fontSize(9).fillColor('#555').text(subtitle, { align: 'center' }).fillColor('black');
  const width = doc.page.width - 80;
  for (const s of sections) {
    doc.moveDown(0.8).fontSize(13).text(s.title);
    doc.moveDown(0.2).fontSize(9);
    const colWidth = width / s.headers.length;
    const line = (cells: (string | number)[], bold: boolean) => {
      if (doc.y > doc.page.height - 60) doc.addPage();
      const y = doc.y;
      let h = 0;
      cells.forEach((cell, i) => {
        doc.fillColor(bold ? '#003366' : 'black').text(String(cell), 40 + i * colWidth, y, { width: colWidth - 4 });
        h = Math.max(h, doc.y - y);
      });
      doc.x = 40;
      doc.y = y + h + 2;
    };
    line(s.headers, true);
    if (s.rows.length === 0) line(['（无）'], false);
    for (const r of s.rows) line(r, false);
  }
  doc.end();
  return done;
}
