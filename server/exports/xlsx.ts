import ExcelJS from 'exceljs';
import { downloadHeaders } from './download.ts';

export interface Sheet {
  name: string;
  header: string[];
  rows: unknown[][];
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Builds an XLSX workbook. Values are written as plain cells (never formulas); a text that looks like
 * a formula is prefixed with an apostrophe, as in CSV exports, so a later CSV save stays safe.
 */
export async function toXlsx(sheets: Sheet[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Territoires ESS';
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name.slice(0, 31)); // Excel's limit on sheet names
    ws.addRow(sheet.header).font = { bold: true };
    for (const row of sheet.rows) {
      const added = ws.addRow(row.map((v) => (typeof v === 'string' && FORMULA_START.test(v) ? `'${v}` : (v ?? null))));
      // Dates are real date cells, shown the French way; text (INSEE codes, SIRET) stays text, zeros kept.
      row.forEach((v, i) => {
        if (v instanceof Date) added.getCell(i + 1).numFmt = 'dd/mm/yyyy';
      });
    }
    ws.columns.forEach((column, i) => {
      column.width = Math.min(50, Math.max(10, (sheet.header[i]?.length ?? 10) + 2));
    });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export const xlsxResponseHeaders = (filename: string): Record<string, string> =>
  downloadHeaders('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename);
