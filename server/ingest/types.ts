import type { BeneficiaryType, SchemeRule, Stage } from '../../db/schema.ts';
import type { Geography } from '../../geo/geography.ts';
import type { Period } from '../domain/periods.ts';

/** One valid report line, ready to store in report_lines (identity is derived by the caller). */
export interface ParsedLine {
  /** The line as the user sees it in the file (header = 1), or the position in a JSON body (1-based) */
  lineNo: number;
  beneficiaryRef: string;
  siret: string | null;
  siren: string | null;
  beneficiaryType: BeneficiaryType;
  /** One of LEGAL_FORMS' codes */
  legalForm: string | null;
  /** What the file said about the place, as written: the commune code, or "postcode name" (repairs are in the warnings) */
  communeInput: string | null;
  /** Current INSEE code */
  communeCode: string;
  epciSiren: string;
  stage: Stage;
  /** ISO dates 'YYYY-MM-DD' */
  startDate: string;
  endDate: string | null;
  jobsConsolidatedFte: number;
  jobsCreatedFte: number;
  amountEur: number | null;
  /** An operator site id, 'visite' or 'distance' */
  site: string | null;
  creationDate: string | null;
  /** INSEE employee size band (SIZE_BANDS code), optional */
  sizeBand: string | null;
  /** DASESS eligibility (optional columns) */
  headcount: number | null;
  /** Codes of DIFFICULTY_CRITERIA, comma-separated */
  difficultyCriteria: string | null;
  advanceTermMonths: number | null;
}

/** An error or warning about one cell (or, with line 1, about the header). Messages are in French. */
export interface LineIssue {
  line: number;
  /** The header as written in the file (its canonical French name when the column is missing) */
  column: string;
  /** The cell text as read */
  value: string;
  message: string;
  severity: 'error' | 'warning';
}

/** A data row as read, before validation: canonical English column names → cell text. */
export interface RawRow {
  line: number;
  values: Record<string, string>;
}

export interface IngestContext {
  geo: Geography;
  operatorId: string;
  scheme: string;
  period: Period;
  /** The enabled rows of scheme_rules for that scheme */
  rules: SchemeRule[];
  /** The operator's site ids (as text) */
  siteIds: ReadonlySet<string>;
  /**
   * By lower-cased beneficiary_ref, the SIREN the operator last gave that reference in its other reports
   * (current revisions), with where: a line without it would count as another beneficiary (DOMAIN rule 2).
   */
  sirenOfRef?: ReadonlyMap<string, { siren: string; where: string }>;
}

export type IngestResult =
  | {
      ok: true;
      lines: ParsedLine[];
      /** How many lines are valid, when `lines` was left out (a dry run in server/workers/worker.ts) */
      lineCount?: number;
      warnings: LineIssue[];
      rows: RawRow[];
      /** How many rows were read, when `rows` was left out (server/workers/worker.ts) */
      rowCount?: number;
      /** True for the deliberate declaration of a quarter without any beneficiary (then `lines` is empty) */
      declaredEmpty?: boolean;
    }
  | {
      ok: false;
      errors: LineIssue[];
      warnings: LineIssue[];
      rows: RawRow[];
      /** How many rows were read, when `rows` was cut (server/workers/worker.ts) */
      rowCount?: number;
      /** The body is not a report at all (JSON that does not parse, or nested too deep): a 400, not a 422 */
      requestError?: { code: string; message: string };
    };
