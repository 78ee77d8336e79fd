// Report ingest: turns an uploaded CSV, XLSX or JSON body into valid report lines, or into the full list of
// errors (all-or-nothing, issue 3). Pure: no database; the caller passes the geography, rules and sites.
import { readCsv } from './read-csv.ts';
import { readXlsx } from './read-xlsx.ts';
import { jsonToTable } from './json.ts';
import { type IngestLimits, jsonDepth, MAX_JSON_DEPTH, tooManyRows } from './limits.ts';
import { gridToTable, type Table } from './table.ts';
import type { IngestContext, IngestResult } from './types.ts';
import { validateRows } from './validate.ts';

export { COLUMNS, type ColumnDef, type ColumnKey } from './columns.ts';
export { type ExportLine, linesToCsv, linesToXlsxSheet } from './export-lines.ts';
export { LEGAL_FORMS, STAGE_LABELS } from './fields.ts';
export { DECLARE_EMPTY_API_HINT, JsonLinesBody } from './json.ts';
export { DECLARE_EMPTY_HINT } from './table.ts';
export type { IngestLimits } from './limits.ts';

/** What a report may hold when the caller does not say (the server passes TERRITOIRES_UPLOAD_MAX_ROWS). */
// 50,000 lines: 70 times the Region's yearly target of 700 beneficiaries in one quarter's report of one operator.
export const DEFAULT_LIMITS: IngestLimits = { maxRows: 50_000 };
export { buildTemplate, type TemplateFile, type TemplateOptions } from './template.ts';
export type { IngestContext, IngestResult, LineIssue, ParsedLine, RawRow } from './types.ts';
export { MAX_ERRORS } from './validate.ts';

function validateTable(table: Table, ctx: IngestContext, limits: IngestLimits = DEFAULT_LIMITS): IngestResult {
  if (table.rows.length > limits.maxRows) return readFailure(1, tooManyRows(limits.maxRows));
  if (table.declaredEmpty && table.rows.length === 0 && !table.issues.some((i) => i.severity === 'error')) {
    return { ok: true, lines: [], warnings: table.issues, rows: [], declaredEmpty: true };
  }
  if (table.rows.length === 0) {
    return {
      ok: false,
      errors: table.issues.filter((i) => i.severity === 'error'),
      warnings: table.issues.filter((i) => i.severity === 'warning'),
      rows: [],
    };
  }
  return validateRows(table.rows, table.columns, ctx, table.issues);
}

const readFailure = (line: number, message: string): IngestResult => ({
  ok: false,
  errors: [{ line, column: '', value: '', message, severity: 'error' }],
  warnings: [],
  rows: [],
});

export async function ingestFile(
  bytes: Uint8Array,
  format: 'csv' | 'xlsx',
  ctx: IngestContext,
  limits: IngestLimits = DEFAULT_LIMITS,
): Promise<IngestResult> {
  if (format === 'xlsx') {
    const read = await readXlsx(bytes, limits);
    if (!read.ok) return readFailure(1, read.message);
    return validateTable(gridToTable(read.rows), ctx, limits);
  }
  const read = readCsv(bytes, limits);
  if (!read.ok) return readFailure(read.line, read.message);
  return validateTable(gridToTable(read.rows, read.delimiter), ctx, limits);
}

/**
 * An upload's bytes in any of the three formats, read and validated within the limits: what the worker
 * threads run (server/workers). A JSON text too deep or not JSON at all is refused before it is built.
 */
export async function ingestUpload(bytes: Uint8Array, format: 'csv' | 'xlsx' | 'json', limits: IngestLimits, ctx: IngestContext): Promise<IngestResult> {
  if (format !== 'json') return ingestFile(bytes, format, ctx, limits);
  const text = new TextDecoder().decode(bytes);
  const refused = (code: string, message: string): IngestResult => ({ ...readFailure(1, message), requestError: { code, message } }) as IngestResult;
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return refused('json_too_deep', `Corps JSON trop imbriqué : ${MAX_JSON_DEPTH} niveaux au plus (attendu {"lines": [{…}, …]})`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return refused('invalid_json', 'Le corps JSON est illisible : vérifiez sa syntaxe');
  }
  return validateTable(jsonToTable(body), ctx, limits);
}

/**
 * body: {lines: [{beneficiary_ref, …}]} with the English names; values may be numbers or text. An optional
 * `line` in each object keeps the line number of the file it came from (else its position, from 1).
 * `{lines: [], declareEmpty: true}` is the deliberate declaration of a quarter without any beneficiary:
 * ok with no lines and `declaredEmpty: true`. Empty lines without the flag, or the flag with lines, are errors.
 */
export function ingestJson(body: unknown, ctx: IngestContext): IngestResult {
  return validateTable(jsonToTable(body), ctx);
}

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0]; // legacy .xls: not read, the user is asked for .xlsx or .csv

/** Which reader an upload needs, from its bytes first, then its content type and name; null when unreadable. */
export function detectFormat(
  contentType: string | undefined,
  filename: string | undefined,
  bytes: Uint8Array,
): 'csv' | 'xlsx' | 'json' | null {
  if (startsWith(bytes, ZIP)) return 'xlsx';
  if (startsWith(bytes, OLE)) return null;
  const type = (contentType ?? '').toLowerCase().split(';')[0].trim();
  const extension = (filename ?? '').toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (type === 'application/json' || type.endsWith('+json') || extension === 'json') return 'json';
  if (type.includes('spreadsheetml') || extension === 'xlsx') return null; // claims XLSX but is not a zip
  // Browsers on Windows send CSV files as application/vnd.ms-excel.
  if (
    [
      'text/csv',
      'text/plain',
      'application/csv',
      'application/vnd.ms-excel',
      'text/tab-separated-values',
    ].includes(type)
  )
    return 'csv';
  if (extension === 'csv' || extension === 'txt' || extension === 'tsv') return 'csv';
  const head = bytes.subarray(0, 2048);
  const firstChar = [...head].find(
    (b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0xef && b !== 0xbb && b !== 0xbf,
  );
  if (firstChar === 0x7b) return 'json'; // '{'
  const utf16 = startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]);
  if (head.length > 0 && (utf16 || !head.includes(0))) return 'csv';
  return null;
}
