// Reads the CSV files operators export from Excel or LibreOffice: ';' or ',' (or tab) separated, UTF-8 with or
// without a BOM, Windows-1252 (Excel's "CSV" on French Windows), UTF-16 ("Unicode text"), CRLF or LF.
import { parse } from 'csv-parse/sync';
import { HEADER_SEARCH_ROWS, type IngestLimits, MAX_COLUMNS, MAX_RECORD_CHARS, frenchCount, tooManyColumns, tooManyRows } from './limits.ts';
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

export function readCsv(bytes: Uint8Array, limits: IngestLimits): CsvRead {
  // Files pasted together mix line ends (a CRLF header, then LF lines): one kind only, so that no '\r' is
  // left at the end of a value.
  const text = decodeText(bytes).replace(/\r\n?/g, '\n');
  const delimiter = detectDelimiter(text);
  // Reading stops one line past the limit: a million-line file is refused without being parsed whole.
  const lastLine = limits.maxRows + HEADER_SEARCH_ROWS + 1;
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      record_delimiter: '\n',
      relax_column_count: true,
      relax_quotes: true,
      max_record_size: MAX_RECORD_CHARS,
      to_line: lastLine + 1,
      // Empty lines are kept so that record n is line n, as a spreadsheet numbers its rows.
      skip_empty_lines: false,
    }) as string[][];
  } catch (error) {
    const line = Number((error as { lines?: number }).lines) || 1;
    const code = (error as { code?: string }).code;
    const detail =
      code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'un guillemet ouvert n’est jamais fermé'
        : code === 'CSV_MAX_RECORD_SIZE'
          ? `une ligne dépasse ${frenchCount(MAX_RECORD_CHARS)} caractères (limite d’une ligne), souvent un guillemet ouvert et jamais fermé`
          : 'fichier CSV mal formé';
    return { ok: false, line, message: `Lecture du CSV impossible vers la ligne ${line} : ${detail}` };
  }
  // Trailing empty lines do not count: they are what editors leave at the end of a file.
  let count = records.length;
  while (count > 0 && records[count - 1].every((cell) => cell.trim() === '')) count--;
  if (count > lastLine) return { ok: false, line: lastLine, message: tooManyRows(limits.maxRows) };
  const wide = records.findIndex((cells) => cells.length > MAX_COLUMNS);
  if (wide >= 0) return { ok: false, line: wide + 1, message: tooManyColumns(wide + 1) };
  return { ok: true, rows: records.slice(0, count).map((cells, i) => ({ line: i + 1, cells })), delimiter };
}
