import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';

/** A table to publish: a title, a dated line, column headers and rows (Chinese for readers). */
export interface NoticeTable {
  title: string;
  subtitle: string;
  sections: { heading?: string; columns: string[]; rows: (string | number | null)[][] }[];
  footer?: string;
}

/** The notice as a workbook: title row, date row, then each table with its header row. */
export async function noticeWorkbook(notice: NoticeTable): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Duban 督办';
  const sheet = book.addWorksheet('通报');
  const width = Math.max(...notice.sections.map((s) => s.columns.length));
  const merged = (text: string, bold: boolean, size: number) => {
    const row = sheet.addRow([text]);
    sheet.mergeCells(row.number, 1, row.number, width);
    row.font = { bold, size };
    row.alignment = { horizontal: 'center' };
  };
  merged(notice.title, true, 16);
  merged(notice.subtitle, false, 11);
  for (const section of notice.sections) {
    sheet.addRow([]);
    if (section.heading) sheet.addRow([section.heading]).font = { bold: true };
    headerRow(sheet, section.columns);
    for (const row of section.rows) sheet.addRow(row.map((v) => v ?? '—'));
  }
  if (notice.footer) {
    sheet.addRow([]);
    sheet.addRow([notice.footer]);
  }
  sheet.columns.forEach((column, i) => (column.width = i === 1 ? 28 : 14));
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A plain table as a workbook: the header row first, then one row per record (empty cells for nulls), for filtering in a spreadsheet. */
export async function tableWorkbook(sheetName: string, columns: { header: string; width: number }[], rows: (string | number | null)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Duban 督办';
  const sheet = book.addWorksheet(sheetName);
  headerRow(
    sheet,
    columns.map((c) => c.header),
  );
  sheet.addRows(rows);
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.columns.forEach((column, i) => (column.width = columns[i].width));
  return Buffer.from(await book.xlsx.writeBuffer());
}

function headerRow(sheet: ExcelJS.Worksheet, columns: string[]): void {
  const header = sheet.addRow(columns);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
}

const escape = (v: unknown) => String(v ?? '—').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The notice as a printable page (A4, no scripts). */
export function noticeHtml(notice: NoticeTable): string {
  const sections = notice.sections
    .map(
      (s) => `${s.heading ? `<h2>${escape(s.heading)}</h2>` : ''}
<table><thead><tr>${s.columns.map((c) => `<th>${escape(c)}</th>`).join('')}</tr></thead>
<tbody>${s.rows.map((r) => `<tr>${r.map((v) => `<td>${escape(v)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(notice.title)}</title>
<style>
@page { size: A4; margin: 18mm; }
body { font-family: "Noto Serif CJK SC", "SimSun", serif; color: #111; }
h1 { text-align: center; font-size: 20pt; margin: 0 0 4mm; }
p.sub { text-align: center; margin: 0 0 8mm; }
h2 { font-size: 13pt; margin: 8mm 0 3mm; }
table { width: 100%; border-collapse: collapse; font-size: 10.5pt; }
th, td { border: 1px solid #444; padding: 2mm 3mm; text-align: center; }
th { background: #e8eef7; }
footer { margin-top: 10mm; text-align: right; }
</style></head>
<body><h1>${escape(notice.title)}</h1><p class="sub">${escape(notice.subtitle)}</p>
${sections}
${notice.footer ? `<footer>${escape(notice.footer)}</footer>` : ''}
</body></html>`;
}

/** A date as a notice prints it: 2026年7月5日, in the zone. */
export function localDate(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat('yyyy年M月d日');
}

/** Places gained (↑) or lost (↓) since the previous ranking; — when unchanged or not ranked then. */
export function rankDeltaText(delta: number | null): string {
  return delta === null || delta === 0 ? '—' : delta > 0 ? `↑${delta}` : `↓${-delta}`;
}
