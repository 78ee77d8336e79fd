// CSV for French Excel: ';' separator (',' is the decimal mark), CRLF, UTF-8 with a BOM so that
// Excel reads accents right, and cells that would start a formula neutralised.
import { downloadHeaders } from './download.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Makes a cell safe: a text starting with = + - @ (or tab/CR) is prefixed with an apostrophe so a
 * spreadsheet shows it as text instead of running it (CSV/formula injection, OWASP). Numbers are
 * written with a decimal comma and are never altered.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'number') text = Number.isFinite(value) ? String(value).replace('.', ',') : '';
  else if (typeof value === 'boolean') text = value ? 'oui' : 'non';
  else {
    text = String(value);
    if (FORMULA_START.test(text)) text = `'${text}`;
  }
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** @returns the whole file, BOM included, ready to send as text/csv; charset=utf-8 */
export function toFrenchCsv(header: string[], rows: unknown[][]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Headers for a CSV download named `filename`. */
export const csvResponseHeaders = (filename: string): Record<string, string> => downloadHeaders('text/csv; charset=utf-8', filename);
