import ExcelJS from 'exceljs';

/** A table to export: Chinese headers and rows of plain values (null → empty cell). */
export interface ExportTable {
  sheetName: string;
  headers: string[];
  rows: (string | number | null)[][];
}

/** RFC 4180 quoting: wrap a field in quotes when it holds a comma, quote, CR or LF; double inner quotes. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  // A leading =, +, - or @ would run as a formula in Excel (CSV injection): prefix an apostrophe.
  const safe = typeof value === 'string' && /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV with a UTF-8 byte-order mark so Excel opens the Chinese text correctly; CRLF line ends. */
export function toCsv(table: ExportTable): Buffer {
  const lines = [table.headers, ...table.rows].map((row) => row.map(csvField).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** One-sheet XLSX: bold, frozen header row; column widths from the longest value. */
export async function toXlsx(table: ExportTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'wangge';
  const sheet = workbook.addWorksheet(table.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(table.headers).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((v) => (v === null ? null : v)));
  table.headers.forEach((h, i) => {
    const longest = Math.max(h.length * 2, ...table.rows.slice(0, 1000).map((r) => String(r[i] ?? '').length));
    sheet.getColumn(i + 1).width = Math.min(60, Math.max(8, longest + 2));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
