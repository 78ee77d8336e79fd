// Line export for French Excel, with the template's headers so that an export can be edited and uploaded again.
import type { ReportLine, Stage } from '../../db/schema.ts';
import { toFrenchCsv } from '../exports/csv.ts';
import { COLUMN_BY_KEY, COLUMNS, type ColumnKey } from './columns.ts';
import { DIFFICULTY_CRITERIA, frenchDate, LEGAL_FORMS, STAGE_LABELS } from './fields.ts';

export type ExportLine = Pick<
  ReportLine,
  | 'beneficiary_ref'
  | 'siret'
  | 'siren'
  | 'beneficiary_type'
  | 'legal_form'
  | 'commune_code'
  | 'stage'
  | 'start_date'
  | 'end_date'
  | 'jobs_consolidated_fte'
  | 'jobs_created_fte'
  | 'amount_eur'
  | 'site'
  | 'creation_date'
> &
  Partial<Pick<ReportLine, 'headcount' | 'difficulty_criteria' | 'advance_term_months' | 'size_band'>>;

/**
 * A stored value as people read it, in the export and in the web's tables alike: stage and legal form by
 * their French label, numbers with a decimal comma, dates as 31/03/2025 ('' for nothing). The parsers read
 * it back unchanged.
 */
export function lineCellText(key: ColumnKey, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (COLUMN_BY_KEY.get(key)?.kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return frenchDate(value);
  if (key === 'legal_form') return LEGAL_FORMS.find((f) => f.code === value)?.label ?? String(value);
  if (key === 'stage') return STAGE_LABELS[value as Stage] ?? String(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value).replace('.', ',') : '';
  return String(value);
}

function cells(line: ExportLine): Record<ColumnKey, unknown> {
  return {
    beneficiary_ref: line.beneficiary_ref,
    siret: line.siret ?? line.siren,
    beneficiary_type: line.beneficiary_type,
    legal_form: line.legal_form,
    commune: line.commune_code,
    postcode: null,
    commune_name: null,
    stage: line.stage,
    start_date: line.start_date,
    end_date: line.end_date,
    jobs_consolidated_fte: line.jobs_consolidated_fte,
    jobs_created_fte: line.jobs_created_fte,
    amount_eur: line.amount_eur,
    site: line.site,
    creation_date: line.creation_date,
    headcount: line.headcount ?? null,
    difficulty_criteria: line.difficulty_criteria ? line.difficulty_criteria.split(',').map((code) => DIFFICULTY_CRITERIA.find((c) => c.code === code)?.label ?? code).join(', ') : null,
    advance_term_months: line.advance_term_months ?? null,
    size_band: line.size_band ?? null,
  };
}

/** The columns an export shows: the common ones, and a scheme's own ones when some line fills them. */
function exportedColumns(lines: readonly ExportLine[]) {
  return COLUMNS.filter((c) => !c.schemes || lines.some((line) => cells(line)[c.key] !== null));
}

/**
 * The lines as an XLSX sheet for people (issue 9): the template's headers, codes as text (leading zeros
 * kept), dates as date cells, numbers as numbers, stage and legal form by their French label. It can be
 * filled in and uploaded again like the template.
 */
export function linesToXlsxSheet(lines: readonly ExportLine[]): { name: string; header: string[]; rows: unknown[][] } {
  const columns = exportedColumns(lines);
  return {
    name: 'Bénéficiaires',
    header: columns.map((c) => c.header),
    rows: lines.map((line) => {
      const row = cells(line);
      return columns.map((c) => {
        const value = row[c.key];
        if (value === null || value === undefined) return null;
        if (c.kind === 'date' && typeof value === 'string') return new Date(`${value}T00:00:00Z`);
        if (typeof value === 'number') return value;
        return lineCellText(c.key, value);
      });
    }),
  };
}

/** The whole CSV (';', CRLF, UTF-8 BOM, formula-like cells neutralised by toFrenchCsv). */
export function linesToCsv(lines: readonly ExportLine[]): string {
  const columns = exportedColumns(lines);
  return toFrenchCsv(
    columns.map((c) => c.header),
    lines.map((line) => {
      const row = cells(line);
      return columns.map((c) => lineCellText(c.key, row[c.key]));
    }),
  );
}
