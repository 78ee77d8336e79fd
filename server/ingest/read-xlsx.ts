// Reads an XLSX workbook: the sheet named "Bénéficiaires" (any case or accents), else the first one.
// Cells come back as Excel holds them (text, number, date), formulas and rich text as their shown value.
//
// Bounded whatever the file (issue 8): the zip's parts are first inflated and counted without being kept
// (yauzl checks each part's real size against the one it declares), so a zip bomb is refused before any
// XML is parsed; then exceljs's streaming reader emits the rows one at a time, and reading stops at the
// row limit instead of building a million-row sheet in memory.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { normaliseHeader } from './columns.ts';
import {
  frenchCount,
  HEADER_SEARCH_ROWS,
  type IngestLimits,
  MAX_COLUMNS,
  MAX_XLSX_ENTRIES,
  MAX_XLSX_UNCOMPRESSED_BYTES,
  tooManyColumns,
  tooManyRows,
} from './limits.ts';
import type { Cell, GridRow } from './table.ts';

export const DATA_SHEET_NAME = 'Bénéficiaires';

export type XlsxRead = { ok: true; rows: GridRow[]; sheet: string } | { ok: false; message: string };

const UNREADABLE = 'Fichier XLSX illisible : enregistrez-le depuis Excel ou LibreOffice au format .xlsx';

function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellOf((value.result ?? null) as ExcelJS.CellValue);
  if ('hyperlink' in value) return cellOf(value.text as ExcelJS.CellValue);
  if ('error' in value) return value.error;
  return null;
}

/**
 * Inflates every part of the zip without keeping it and adds up the real sizes.
 * @returns null when within the limits, else the French reason
 */
function checkZip(bytes: Uint8Array): Promise<string | null> {
  return new Promise((resolve) => {
    const tooBig = `Classeur trop volumineux une fois décompressé : plus de ${frenchCount(MAX_XLSX_UNCOMPRESSED_BYTES / 1024 / 1024)} Mo (limite d’un rapport). Enregistrez-le en CSV ou découpez-le.`;
    let total = 0;
    let entries = 0;
    let settled = false;
    const finish = (reason: string | null, zip?: yauzl.ZipFile) => {
      if (settled) return;
      settled = true;
      zip?.close();
      resolve(reason);
    };
    yauzl.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) return finish(UNREADABLE);
      zip.on('error', () => finish(UNREADABLE, zip));
      zip.on('end', () => finish(null, zip));
      zip.on('entry', (entry: yauzl.Entry) => {
        entries++;
        if (entries > MAX_XLSX_ENTRIES) return finish(`Classeur inhabituel : plus de ${MAX_XLSX_ENTRIES} éléments internes. Enregistrez-le en CSV.`, zip);
        // Declared sizes first (free), then the real ones while inflating: a part may lie about its size.
        if (total + entry.uncompressedSize > MAX_XLSX_UNCOMPRESSED_BYTES) return finish(tooBig, zip);
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return finish(UNREADABLE, zip);
          stream.on('data', (chunk: Buffer) => {
            total += chunk.length;
            if (total > MAX_XLSX_UNCOMPRESSED_BYTES) {
              stream.destroy();
              finish(tooBig, zip);
            }
          });
          stream.on('error', () => finish(UNREADABLE, zip));
          stream.on('end', () => zip.readEntry());
        });
      });
      zip.readEntry();
    });
  });
}

export async function readXlsx(bytes: Uint8Array, limits: IngestLimits): Promise<XlsxRead> {
  const zipProblem = await checkZip(bytes);
  if (zipProblem) return { ok: false, message: zipProblem };

  const wanted = normaliseHeader(DATA_SHEET_NAME);
  const lastRow = limits.maxRows + HEADER_SEARCH_ROWS + 1;
  let first: { name: string; rows: GridRow[] } | null = null;
  let named: { name: string; rows: GridRow[] } | null = null;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache', // number formats tell dates from numbers
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    for await (const worksheet of reader) {
      const sheet = worksheet as unknown as ExcelJS.Worksheet & AsyncIterable<ExcelJS.Row>;
      const isNamed = normaliseHeader(sheet.name) === wanted;
      // Only the first sheet and the one named for the data are kept; others are skipped as they stream by.
      const keep = isNamed || first === null;
      const rows: GridRow[] = [];
      for await (const row of sheet) {
        if (!keep) continue;
        const values = row.values as ExcelJS.CellValue[];
        if (values.length - 1 > MAX_COLUMNS) return { ok: false, message: tooManyColumns(row.number) };
        const cells: Cell[] = [];
        for (let column = 1; column < values.length; column++) cells.push(cellOf(values[column]));
        if (cells.every((c) => c === null)) continue;
        rows.push({ line: row.number, cells });
        if (rows.length > lastRow) return { ok: false, message: tooManyRows(limits.maxRows) };
      }
      if (!keep) continue;
      if (first === null) first = { name: sheet.name, rows };
      if (isNamed) {
        named = { name: sheet.name, rows };
        break;
      }
    }
  } catch {
    return { ok: false, message: UNREADABLE };
  }
  const chosen = named ?? first;
  if (!chosen) return { ok: false, message: 'Le classeur ne contient aucune feuille' };
  return { ok: true, rows: chosen.rows, sheet: chosen.name };
}
