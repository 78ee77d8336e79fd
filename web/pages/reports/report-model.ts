// What the report pages know about a report: the API's shapes, status wording, the actions a user may
// take, and the pure conversions behind the editable table (rows ⇄ JSON lines, errors ⇄ cells).
import { COLUMN_BY_KEY, COLUMNS, type ColumnKey, matchHeader } from '../../../server/ingest/columns.ts';
import { lineCellText } from '../../../server/ingest/export-lines.ts';
import { ApiError } from '../../api.ts';
import { type Role, schemeNames } from '../../state.ts';

export type DisplayStatus = 'expected' | 'draft' | 'submitted' | 'validated' | 'returned';
export type ReportAction = 'submit' | 'validate' | 'return' | 'reopen';

export interface ReportSummary {
  operator: string;
  operatorName?: string;
  scheme: string;
  schemeName?: string;
  period: string;
  label?: string;
  status: DisplayStatus;
  statusLabel?: string;
  due: string;
  late: boolean;
  lineCount: number;
  /** Warnings of the current revision */
  warningCount?: number;
  /** The current revision declares, on purpose, that no beneficiary was supported in the quarter (0 lines) */
  declaredEmpty?: boolean;
  revision?: number | null;
  submittedAt?: string | null;
  validatedAt?: string | null;
}

export interface Revision {
  number: number;
  source: string;
  filename?: string | null;
  lineCount: number;
  /** A declaration of a quarter without any beneficiary, rather than a file */
  declaredEmpty?: boolean;
  createdAt: string;
  createdBy?: string | null;
  warnings?: LineIssue[];
}

export interface ReportEvent {
  from?: string | null;
  to: string;
  comment?: string | null;
  at: string;
  by?: string | null;
  byRole?: string | null;
}

/** An error or warning about one cell, as the server words it (line as the user sees it, header = 1). */
export interface LineIssue {
  line: number;
  column: string;
  value?: string;
  message: string;
  severity?: 'error' | 'warning';
}

export interface ReportDetail extends ReportSummary {
  revisions: Revision[];
  events: ReportEvent[];
  warnings: LineIssue[];
  /** The Region's latest comment (return) or reason (reopen) while the report waits for the operator */
  regionComment?: string | null;
  /** The actions the server allows this user now, when it says so. */
  actions?: Array<ReportAction | 'upload'>;
}

/** A row of the editable table: the line number it had in the file, and its cells as text. */
export interface EditableRow {
  line: number;
  values: Partial<Record<ColumnKey, string>>;
}

export const STATUS_LABELS: Record<DisplayStatus, string> = {
  expected: 'attendu',
  draft: 'brouillon',
  submitted: 'soumis',
  validated: 'validé',
  returned: 'renvoyé',
};

export const SOURCE_LABELS: Record<string, string> = {
  csv: 'fichier CSV',
  xlsx: 'fichier XLSX',
  json: 'API (JSON)',
  web: 'saisie dans le navigateur',
  demo: 'données de démonstration',
};

/** A scheme's name as the pages show it (one table for every page: state.ts SCHEMES). */
export function schemeLabel(code: string): string {
  return schemeNames([code]);
}

/** Whether a page address names a quarter the API can read ('2025-Q1'); the API checks the same. */
export function isPeriod(text: string): boolean {
  return /^\d{4}-Q[1-4]$/.test(text);
}

/**
 * Whether trying again may help: a network failure or a server error may pass, a refused request (4xx:
 * bad address, no access, not found, conflict) will be refused again.
 */
export function isRetryable(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
}

/** `/reports/acme/ACCESS/2025-Q1` (API path, without /api/v1). */
export function reportPath(r: { operator: string; scheme: string; period: string }): string {
  return `/reports/${encodeURIComponent(r.operator)}/${encodeURIComponent(r.scheme)}/${encodeURIComponent(r.period)}`;
}

/** `/rapports/acme/ACCESS/2025-Q1` (page URL). */
export function reportPageUrl(r: { operator: string; scheme: string; period: string }): string {
  return `/rapports/${encodeURIComponent(r.operator)}/${encodeURIComponent(r.scheme)}/${encodeURIComponent(r.period)}`;
}

/**
 * The actions a user may take on a report (mirrors server/reports/workflow.ts, which enforces them):
 * uploads while expected, draft or returned; the operator submits a draft with lines; the Region also
 * validates or returns a submitted report and reopens a validated one.
 */
export function allowedActions(status: DisplayStatus, role: Role, hasRevision: boolean): Array<ReportAction | 'upload'> {
  if (role === 'cotech') return [];
  const actions: Array<ReportAction | 'upload'> = [];
  if (status === 'expected' || status === 'draft' || status === 'returned') actions.push('upload');
  if (status === 'draft' && hasRevision) actions.push('submit');
  if (role === 'region' && status === 'submitted') actions.push('validate', 'return');
  if (role === 'region' && status === 'validated') actions.push('reopen');
  return actions;
}

/** The JSON body of `PUT …/lines` that declares a quarter without any beneficiary (a 0-line revision). */
export const DECLARE_EMPTY_BODY = { lines: [], declareEmpty: true } as const;

/**
 * Whether the page offers "Aucun bénéficiaire ce trimestre": when the report takes uploads, unless its draft
 * already is that declaration (declaring again would only add an identical revision).
 */
export function canDeclareEmpty(report: Pick<ReportSummary, 'status' | 'declaredEmpty'>, actions: ReadonlyArray<ReportAction | 'upload'>): boolean {
  return actions.includes('upload') && !(report.declaredEmpty === true && report.status === 'draft');
}

/** What a report's calendar cell says about its lines: "3 lignes", "0 ligne (déclaré vide)", or nothing before a first upload. */
export function lineCountText(report: Pick<ReportSummary, 'lineCount' | 'declaredEmpty'>): string {
  if (report.declaredEmpty) return '0 ligne (déclaré vide)';
  if (report.lineCount > 0) return `${report.lineCount} ligne${report.lineCount > 1 ? 's' : ''}`;
  return '';
}

/** The column key an error's column names (French header, English alias or a known variant). */
export function columnKeyOf(column: string): ColumnKey | undefined {
  return matchHeader(column);
}

/**
 * The name of the column an issue is about, as the editable table's header says it (French), whatever name
 * the issue carries (the browser's table is sent with the English names); unknown names are kept.
 */
export function tableColumnName(column: string): string {
  const key = columnKeyOf(column);
  return key ? COLUMN_BY_KEY.get(key)!.header : column;
}

/**
 * How an issue's column is named: as sent ('as-sent', e.g. a file's own header), by the editable table's
 * header ('table'), or by the table's header with the file's own name beside it when they differ, for a
 * rejected file shown in the table ('file-in-table').
 */
export type IssueColumnNames = 'as-sent' | 'table' | 'file-in-table';

/** "« code_commune »", "« code_commune » (« Code INSEE » dans le fichier)"; null for an issue about no column. */
export function issueColumnText(column: string, names: IssueColumnNames): string | null {
  if (!column) return null;
  if (names === 'as-sent') return `« ${column} »`;
  const header = tableColumnName(column);
  if (names === 'file-in-table' && header !== column) return `« ${header} » (« ${column} » dans le fichier)`;
  return `« ${header} »`;
}

/** The id of the editable cell an issue points at (null for a whole-line or header issue). */
export function cellId(line: number, key: ColumnKey): string {
  return `cellule-${line}-${key}`;
}

/** Columns the editable table shows: required ones, and any with a value or an issue. */
export function visibleColumns(rows: EditableRow[], issues: LineIssue[]): ColumnKey[] {
  const wanted = new Set<ColumnKey>();
  for (const row of rows) {
    for (const [key, value] of Object.entries(row.values)) if (value) wanted.add(key as ColumnKey);
  }
  for (const issue of issues) {
    const key = columnKeyOf(issue.column);
    if (key) wanted.add(key);
  }
  return COLUMNS.filter((c) => c.required || wanted.has(c.key)).map((c) => c.key);
}

/** The rows of a rejected upload's answer (`rows: [{line, values}]`), keeping known columns only. */
export function rowsFromAnswer(rows: Array<{ line: number; values: Record<string, string> }>): EditableRow[] {
  return rows.map((row) => {
    const values: Partial<Record<ColumnKey, string>> = {};
    for (const [name, value] of Object.entries(row.values)) {
      const key = columnKeyOf(name);
      if (key) values[key] = value ?? '';
    }
    return { line: row.line, values };
  });
}

/** Stored lines (`GET …/lines`) as editable rows: each line's fields, as people read them, under their column keys. */
export function rowsFromLines(lines: Array<Record<string, unknown>>): EditableRow[] {
  return lines.map((line, index) => {
    const values: Partial<Record<ColumnKey, string>> = {};
    for (const column of COLUMNS) {
      // a SIREN-only company is stored with siret null and its SIREN beside it
      const value = line[column.key] ?? line[column.alias] ?? (column.key === 'siret' ? line.siren : undefined);
      // as the read-only table and the export show it (labels, decimal comma); the server reads it back
      const text = lineCellText(column.key, value);
      if (text !== '') values[column.key] = text;
    }
    const lineNo = Number(line.line ?? line.lineNo ?? index + 2);
    return { line: Number.isFinite(lineNo) ? lineNo : index + 2, values };
  });
}

/** The JSON body of `PUT …/lines`: English names, text values, the row's line number kept for errors. */
export function linesBody(rows: EditableRow[]): { lines: Array<Record<string, string | number>> } {
  return {
    lines: rows.map((row) => {
      const line: Record<string, string | number> = { line: row.line };
      for (const column of COLUMNS) {
        const value = row.values[column.key]?.trim();
        if (value) line[column.alias] = value;
      }
      return line;
    }),
  };
}

/** The next free line number for a row added in the browser. */
export function nextLineNumber(rows: EditableRow[]): number {
  return rows.reduce((max, row) => Math.max(max, row.line), 1) + 1;
}

/** "3 erreurs sur 2 lignes" */
export function issueSummary(issues: LineIssue[], noun: 'erreur' | 'avertissement'): string {
  const lines = new Set(issues.map((i) => i.line)).size;
  const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;
  return `${plural(issues.length, noun)} sur ${plural(lines, 'ligne')}`;
}

/** Issues from an `invalid_report` error's details (tolerates a missing or odd shape). */
export function issuesFrom(details: unknown): LineIssue[] {
  if (!Array.isArray(details)) return [];
  return details
    .filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null && 'message' in d)
    .map((d) => ({
      line: Number(d.line ?? 0),
      column: String(d.column ?? ''),
      value: d.value === undefined || d.value === null ? undefined : String(d.value),
      message: String(d.message),
      severity: d.severity === 'warning' ? 'warning' : 'error',
    }));
}

export interface GridRow {
  key: string;
  operator: string;
  operatorName: string;
  scheme: string;
  schemeName: string;
  byQuarter: Map<number, ReportSummary>;
}

/** Reports grouped by operator × scheme, each with its quarters. */
export function reportGrid(reports: ReportSummary[]): GridRow[] {
  const rows = new Map<string, GridRow>();
  for (const report of reports) {
    const key = `${report.operator}/${report.scheme}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        key,
        operator: report.operator,
        operatorName: report.operatorName ?? report.operator,
        scheme: report.scheme,
        schemeName: report.schemeName ?? schemeLabel(report.scheme),
        byQuarter: new Map(),
      };
      rows.set(key, row);
    }
    row.byQuarter.set(Number(report.period.slice(-1)), report);
  }
  return [...rows.values()].sort((a, b) => a.operatorName.localeCompare(b.operatorName, 'fr') || a.scheme.localeCompare(b.scheme));
}
