// Reads the CSV files operators export from Excel or LibreOffice: ';' or ',' (or tab) separated, UTF-8 with or
// without a BOM, Windows-1252 (Excel's "CSV" on French Windows), UTF-16 ("Unicode text"), CRLF or LF.
import { parse } from 'csv-parse/sync';
import type { GridRow } from './table.ts';

export type CsvRead =
  | { ok: true; rows: GridRow[]; delimiter: string }
  | { ok: false; line: number; message: string };

/** Decodes the bytes, guessing the encoding: a BOM decides; else valid UTF-8 is UTF-8, anything else Windows-1252. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The separator of the header line: the most frequent of ; , and tab outside quotes (';' on a tie). */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [';', 0],
    [',', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ';';
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}

export function readCsv(bytes: Uint8Array): CsvRead {
  const text = decodeText(bytes);
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      // Empty lines are kept so that record n is line n, as a spreadsheet numbers its rows.
      skip_empty_lines: false,
    }) as string[][];
  } catch (error) {
    const line = Number((error as { lines?: number }).lines) || 1;
    const detail =
      (error as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'un guillemet ouvert n’est jamais fermé'
        : 'fichier CSV mal formé';
    return { ok: false, line, message: `Lecture du CSV impossible vers la ligne ${line} : ${detail}` };
  }
  return { ok: true, rows: records.map((cells, i) => ({ line: i + 1, cells })), delimiter };
}
