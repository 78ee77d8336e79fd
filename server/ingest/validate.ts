// Validates every row and gathers every issue: a report is stored whole or not at all (issue 3), so the
// user must see all the errors of a file at once, each with its line, column, value and expectation.
import { periodEnd, periodLabel, periodStart } from '../domain/periods.ts';
import { COLUMN_BY_KEY, type ColumnKey } from './columns.ts';
import { resolveLineCommune } from './commune.ts';
import {
  frenchDate,
  type Parsed,
  parseBeneficiaryRef,
  parseBeneficiaryType,
  parseDate,
  parseDecimal,
  parseDifficultyCriteria,
  parseSizeBand,
  parseLegalForm,
  parseSiret,
  parseSite,
  parseStage,
  parseWholeNumber,
} from './fields.ts';
import { abridged, frenchCount, MAX_CELL_CHARS } from './limits.ts';
import { checkSchemeRules, compileRules } from './scheme-rules.ts';
import type { IngestContext, IngestResult, LineIssue, ParsedLine, RawRow } from './types.ts';

/** Beyond this many errors the list stops, with a last entry saying how many were left out. */
export const MAX_ERRORS = 1000;
// Few ESS employers supported by these schemes exceed this: a larger figure is more likely an amount typed in the wrong column.
const LARGE_JOBS_FTE = 250;

export interface Columns {
  /** The header each column has in the file (the JSON key for JSON) */
  names: ReadonlyMap<ColumnKey, string>;
  /** Required columns the header lacks: already reported on line 1, not repeated on every line */
  missing?: ReadonlySet<ColumnKey>;
}

export function columnName(columns: Columns, key: ColumnKey): string {
  return columns.names.get(key) ?? COLUMN_BY_KEY.get(key)!.header;
}

export function validateRows(
  rows: RawRow[],
  columns: Columns,
  ctx: IngestContext,
  headerIssues: LineIssue[] = [],
): IngestResult {
  const errors: LineIssue[] = headerIssues.filter((i) => i.severity === 'error');
  const warnings: LineIssue[] = headerIssues.filter((i) => i.severity === 'warning');
  const lines: ParsedLine[] = [];
  const rules = compileRules(ctx.rules);
  const firstLineOfRef = new Map<string, number>();
  const firstLineOfSiren = new Map<string, { line: number; ref: string }>();

  // One reporting function for the whole file (not one closure per row: 50k rows make it count, issue 14).
  let row: RawRow = rows[0];
  const issue = (key: ColumnKey, message: string, severity: 'error' | 'warning' = 'error'): void => {
    if (columns.missing?.has(key)) return;
    const found: LineIssue = {
      line: row.line,
      column: columnName(columns, key),
      value: row.values[key] ?? '',
      message,
      severity,
    };
    (severity === 'error' ? errors : warnings).push(found);
  };
  const period = quarterOf(ctx);

  for (row of rows) {
    // Lengths before any pattern: no parser ever sees a value longer than a cell may be.
    if (hasTooLongValue(row.values)) {
      for (const [key, value] of Object.entries(row.values)) {
        if (value.length <= MAX_CELL_CHARS) continue;
        errors.push({
          line: row.line,
          column: columnName(columns, key as ColumnKey),
          value: abridged(value),
          message: `valeur trop longue : ${frenchCount(value.length)} caractères, ${frenchCount(MAX_CELL_CHARS)} au plus dans une cellule`,
          severity: 'error',
        });
      }
      continue;
    }
    const parsed = parseRow(row, ctx, period, issue);
    if (!parsed) continue;

    const refKey = parsed.beneficiaryRef.toLowerCase();
    const firstLine = firstLineOfRef.get(refKey);
    if (firstLine !== undefined) {
      issue(
        'beneficiary_ref',
        `référence déjà utilisée ligne ${firstLine} : une seule ligne par bénéficiaire et par rapport`,
      );
      continue;
    }
    firstLineOfRef.set(refKey, row.line);
    const known = ctx.sirenOfRef?.get(refKey);
    if (known && !parsed.siren) {
      issue(
        'siret',
        `la référence ${parsed.beneficiaryRef} a été déclarée avec le SIREN ${known.siren} (${known.where}) : indiquez-le ici, sinon ce bénéficiaire comptera deux fois`,
        'warning',
      );
    } else if (known && parsed.siren !== known.siren) {
      issue(
        'siret',
        `la référence ${parsed.beneficiaryRef} était associée au SIREN ${known.siren} (${known.where}) : vérifiez la référence ou le SIRET`,
        'warning',
      );
    }
    if (parsed.siren) {
      const other = firstLineOfSiren.get(parsed.siren);
      if (other) {
        issue(
          'siret',
          `même SIREN que la ligne ${other.line} (référence ${other.ref}) : les deux lignes seront comptées comme un seul bénéficiaire`,
          'warning',
        );
      } else firstLineOfSiren.set(parsed.siren, { line: row.line, ref: parsed.beneficiaryRef });
    }

    let blocked = false;
    for (const finding of checkSchemeRules(parsed, rules, ctx.scheme, ctx.period)) {
      issue(finding.column, finding.message, finding.severity);
      if (finding.severity === 'error') blocked = true;
    }
    if (!blocked) lines.push(parsed);
  }

  // In file order (Array.prototype.sort is stable: a line's issues keep their column order).
  const byLine = (a: LineIssue, b: LineIssue) => a.line - b.line;
  errors.sort(byLine);
  warnings.sort(byLine);
  if (errors.length > 0) return { ok: false, errors: capIssues(errors), warnings: capIssues(warnings), rows };
  return { ok: true, lines, warnings: capIssues(warnings), rows };
}

/** The first MAX_ERRORS issues and a last one saying how many more there were (a file, not a list, to fix). */
function capIssues(issues: LineIssue[]): LineIssue[] {
  if (issues.length <= MAX_ERRORS) return issues;
  const shown = issues.slice(0, MAX_ERRORS);
  const next = issues[MAX_ERRORS];
  const errors = next.severity === 'error';
  shown.push({
    line: next.line,
    column: '',
    value: '',
    message: errors
      ? `… et ${issues.length - MAX_ERRORS} autres erreurs non listées : corrigez les premières et renvoyez le fichier`
      : `… et ${issues.length - MAX_ERRORS} autres remarques non listées`,
    severity: next.severity,
  });
  return shown;
}

/** A project holder's company may be created during the support; an existing company's cannot. */
const beneficiaryTypeIsCompany = (values: Record<string, string>) => {
  const parsed = parseBeneficiaryType((values.beneficiary_type ?? '').trim());
  return parsed.ok && parsed.value === 'entreprise';
};

type Report = (key: ColumnKey, message: string, severity?: 'error' | 'warning') => void;

const hasTooLongValue = (values: Record<string, string>): boolean => {
  for (const key in values) if (values[key].length > MAX_CELL_CHARS) return true;
  return false;
};

/** The report's quarter, as every row is checked against it (computed once per file). */
interface Quarter {
  quarterStart: string;
  quarterEnd: string;
  /** « T1 2025 (du 01/01/2025 au 31/03/2025) » */
  text: string;
}

function quarterOf(ctx: IngestContext): Quarter {
  const quarterStart = periodStart(ctx.period);
  const quarterEnd = periodEnd(ctx.period);
  return { quarterStart, quarterEnd, text: `${periodLabel(ctx.period)} (du ${frenchDate(quarterStart)} au ${frenchDate(quarterEnd)})` };
}

/** A row's ParsedLine, or null after reporting each of its errors. */
function parseRow(row: RawRow, ctx: IngestContext, period: Quarter, issue: Report): ParsedLine | null {
  const values = row.values;
  let failed = false;
  function read<T>(key: ColumnKey, result: Parsed<T>): T | undefined {
    if (!result.ok) {
      issue(key, result.message);
      failed = true;
      return undefined;
    }
    if (result.warning) issue(key, result.warning, 'warning');
    return result.value;
  }
  const text = (key: ColumnKey) => (values[key] ?? '').trim();
  const optional = <T>(key: ColumnKey, parse: (t: string) => Parsed<T>): T | null | undefined =>
    text(key) ? read(key, parse(text(key))) : null;

  const beneficiaryRef = read('beneficiary_ref', parseBeneficiaryRef(text('beneficiary_ref')));
  const identifiers = optional('siret', parseSiret);
  const beneficiaryType = read('beneficiary_type', parseBeneficiaryType(text('beneficiary_type')));
  const legalForm = read('legal_form', parseLegalForm(text('legal_form')));
  const stage = read('stage', parseStage(text('stage')));
  // The support and the company's creation lie in the past of the report: a two-digit year is read so.
  const quarterEndDate = period.quarterEnd;
  const pastOnly = { notAfter: quarterEndDate };
  const startDate = text('start_date')
    ? read('start_date', parseDate(text('start_date'), pastOnly))
    : read<string>('start_date', {
        ok: false,
        message: "date de début obligatoire : début de l'accompagnement (ex. 15/01/2025)",
      });
  const endDate = optional('end_date', parseDate);
  const creationDate = optional('creation_date', (t) => parseDate(t, pastOnly));
  const jobsConsolidatedFte = text('jobs_consolidated_fte')
    ? read('jobs_consolidated_fte', parseDecimal(text('jobs_consolidated_fte'), 'emplois consolidés en ETP'))
    : 0;
  const jobsCreatedFte = text('jobs_created_fte')
    ? read('jobs_created_fte', parseDecimal(text('jobs_created_fte'), 'emplois créés en ETP'))
    : 0;
  const amountEur = optional('amount_eur', (t) => parseDecimal(t, 'montant en euros'));
  const site = read('site', parseSite(text('site'), ctx.siteIds));
  const headcount = optional('headcount', (t) => parseWholeNumber(t, 'effectif salarié', 1_000_000));
  const difficultyCriteria = optional('difficulty_criteria', parseDifficultyCriteria);
  const advanceTermMonths = optional('advance_term_months', (t) => parseWholeNumber(t, 'durée de l’avance en mois', 600));
  const sizeBand = optional('size_band', parseSizeBand);

  const place = resolveLineCommune(ctx.geo, values.commune, values.postcode, values.commune_name);
  if (!place.ok) {
    issue(place.column, place.message);
    failed = true;
  } else for (const repair of place.repairs) issue(repair.column, repair.message, 'warning');

  for (const [key, jobs] of [
    ['jobs_consolidated_fte', jobsConsolidatedFte],
    ['jobs_created_fte', jobsCreatedFte],
  ] as const) {
    if (jobs !== undefined && jobs > LARGE_JOBS_FTE) {
      issue(
        key,
        `plus de ${LARGE_JOBS_FTE} ETP pour un seul bénéficiaire : vérifiez qu'il ne s'agit pas d'un montant`,
        'warning',
      );
    }
  }
  const company = beneficiaryTypeIsCompany(values);
  if (creationDate && creationDate > quarterEndDate) {
    // A project holder may give the planned date of its company; an existing company cannot be created later.
    if (company) {
      issue('creation_date', `date de création postérieure à la fin du trimestre ${periodLabel(ctx.period)} (${frenchDate(quarterEndDate)}) : une entreprise accompagnée existe déjà, vérifiez la date`);
      failed = true;
    } else issue('creation_date', `date de création postérieure à la fin du trimestre ${periodLabel(ctx.period)} : vérifiez-la`, 'warning');
  } else if (creationDate && startDate && creationDate > startDate && company) {
    issue('creation_date', `date de création (${frenchDate(creationDate)}) postérieure au début de l’accompagnement (${frenchDate(startDate)}) : vérifiez l’une des deux dates`);
    failed = true;
  }
  if (startDate && endDate && endDate < startDate) {
    issue('end_date', `date de fin antérieure à la date de début (${frenchDate(startDate)})`);
    failed = true;
  }
  // A line is one beneficiary supported during the quarter (DOMAIN rule 1).
  const { quarterStart, quarterEnd, text: quarter } = period;
  if (startDate && startDate > quarterEnd) {
    issue(
      'start_date',
      `l'accompagnement commence après la fin du trimestre ${quarter} : cette ligne ne concerne pas ce rapport`,
    );
    failed = true;
  }
  if (endDate && endDate < quarterStart && !(startDate && endDate < startDate)) {
    issue(
      'end_date',
      `l'accompagnement s'est terminé avant le début du trimestre ${quarter} : cette ligne ne concerne pas ce rapport`,
    );
    failed = true;
  }

  if (failed || !place.ok) return null;
  return {
    lineNo: row.line,
    beneficiaryRef: beneficiaryRef!,
    siret: identifiers?.siret ?? null,
    siren: identifiers?.siren ?? null,
    beneficiaryType: beneficiaryType!,
    legalForm: legalForm ?? null,
    communeInput: place.input,
    communeCode: place.commune.code,
    epciSiren: place.commune.epciSiren,
    stage: stage!,
    startDate: startDate!,
    endDate: endDate ?? null,
    jobsConsolidatedFte: jobsConsolidatedFte!,
    jobsCreatedFte: jobsCreatedFte!,
    amountEur: amountEur ?? null,
    site: site ?? null,
    creationDate: creationDate ?? null,
    headcount: headcount ?? null,
    difficultyCriteria: difficultyCriteria || null,
    advanceTermMonths: advanceTermMonths ?? null,
    sizeBand: sizeBand ?? null,
  };
}
