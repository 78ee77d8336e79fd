// Reads an XLSX workbook: the sheet named "Bénéficiaires" (any case or accents), else the first one.
// Cells come back as Excel holds them (text, number, date), formulas and rich text as their shown value.
import ExcelJS from 'exceljs';
import { normaliseHeader } from './columns.ts';
import type { Cell, GridRow } from './table.ts';

export const DATA_SHEET_NAME = 'Bénéficiaires';

export type XlsxRead = { ok: true; rows: GridRow[]; sheet: string } | { ok: false; message: string };

function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value instanceof Date
  )
    return value;
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value)
    return cellOf((value.result ?? null) as ExcelJS.CellValue);
  if ('hyperlink' in value) return cellOf(value.text as ExcelJS.CellValue);
  if ('error' in value) return value.error;
  return null;
}

export async function readXlsx(bytes: Uint8Array): Promise<XlsxRead> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings want its own Buffer type; a Node Buffer view over the same bytes is what it reads.
    await workbook.xlsx.load(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer,
    );
  } catch {
    return {
      ok: false,
      message: 'Fichier XLSX illisible : enregistrez-le depuis Excel ou LibreOffice au format .xlsx',
    };
  }
  const wanted = normaliseHeader(DATA_SHEET_NAME);
  const sheet =
    workbook.worksheets.find((ws) => normaliseHeader(ws.name) === wanted) ?? workbook.worksheets[0];
  if (!sheet) return { ok: false, message: 'Le classeur ne contient aucune feuille' };
  const rows: GridRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cells[column - 1] = cellOf(cell.value);
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= null;
    rows.push({ line: rowNumber, cells });
  });
  return { ok: true, rows, sheet: sheet.name };
}
