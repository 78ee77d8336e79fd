// Rows → API objects for reports, in one place: the names here are the API contract (issue 3).
import type { ReportLine, Role } from '../../db/schema.ts';
import { formatPeriod, periodLabel } from '../domain/periods.ts';
import { type LinesSender, rejectionMessage } from '../ingest/rejection.ts';
import type { LineIssue, RawRow } from '../ingest/types.ts';
import type { ReportSummary } from './answers.ts';
import { timeliness } from './expected.ts';
import type { EventRow, ReportRow, RevisionRow } from './queries.ts';
import { allowedActions, STATUS_LABELS } from './workflow.ts';

export function toReportSummary(row: ReportRow, dueDays: number, today: string): ReportSummary {
  return {
    operator: row.operatorId,
    operatorName: row.operatorName,
    scheme: row.scheme,
    schemeName: row.schemeName,
    period: formatPeriod(row.period),
    label: periodLabel(row.period),
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    ...timeliness(row.period, dueDays, row.firstSubmittedAt, today),
    lineCount: row.lineCount,
    warningCount: row.warningCount,
    declaredEmpty: isDeclaredEmpty(row.revision, row.lineCount),
    revision: row.revision,
    submittedAt: row.submittedAt,
    validatedAt: row.validatedAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * A stored revision without lines can only come from an explicit declaration (`declareEmpty: true`): every
 * upload path refuses empty lines otherwise. So no flag is stored: 0 lines in a revision means declared empty.
 */
const isDeclaredEmpty = (revision: number | null, lineCount: number): boolean => revision !== null && lineCount === 0;

export type IssueOut = Pick<LineIssue, 'line' | 'column' | 'value' | 'message'>;

/** Errors and warnings as the API shows them (severity is implied by where they appear). */
export const toIssues = (issues: ReadonlyArray<IssueOut>): IssueOut[] =>
  issues.map(({ line, column, value, message }) => ({ line, column, value, message }));

/**
 * The error of a refused upload: a sentence worded for the sender (a file by default), then every error
 * and warning, and the rows as read.
 */
export function toRejection(
  result: { errors: readonly LineIssue[]; warnings: readonly LineIssue[]; rows: RawRow[]; rowCount?: number },
  sender: LinesSender = 'file',
) {
  const errors = toIssues(result.errors);
  return {
    code: 'invalid_report',
    message: rejectionMessage(errors, result.rowCount ?? result.rows.length, sender),
    details: errors,
    warnings: toIssues(result.warnings),
    rows: result.rows,
  };
}

export function toRevision(row: RevisionRow) {
  return {
    number: row.number,
    createdAt: row.created_at,
    createdBy: row.email,
    source: row.source,
    filename: row.filename,
    lineCount: row.line_count,
    declaredEmpty: isDeclaredEmpty(row.number, row.line_count),
    warnings: toIssues(JSON.parse(row.warnings) as IssueOut[]),
  };
}

export function toEvent(row: EventRow) {
  return {
    at: row.at,
    from: row.from_status,
    to: row.to_status,
    comment: row.comment,
    by: row.email,
    byRole: row.role,
  };
}

/**
 * What the Region asked that the operator has not acted on yet: the return comment while the report is
 * returned, or the reopening reason while the reopened report is a draft (until it is submitted again).
 */
function regionComment(status: ReportRow['status'], events: EventRow[]): { comment: string | null; kind: 'return' | 'reopen' } | null {
  const last = events[events.length - 1];
  if (!last) return null;
  if (status === 'returned' && last.to_status === 'returned') return { comment: last.comment, kind: 'return' };
  if (status === 'draft' && last.from_status === 'validated' && last.to_status === 'draft') return { comment: last.comment, kind: 'reopen' };
  return null;
}

export function toReportDetail(
  row: ReportRow,
  revisions: RevisionRow[],
  events: EventRow[],
  ctx: { dueDays: number; today: string; role: Role },
) {
  const current = revisions.find((r) => r.number === row.revision);
  const regionNote = regionComment(row.status, events);
  return {
    ...toReportSummary(row, ctx.dueDays, ctx.today),
    createdAt: row.createdAt,
    /** What the current user may do now: the UI shows these buttons only */
    actions: allowedActions(row.status, ctx.role, row.revision !== null),
    /** The Region's comment (returned) or reopening reason (draft since a reopen) while it waits for the operator */
    regionComment: regionNote?.comment ?? null,
    regionCommentKind: regionNote?.kind ?? null,
    warnings: current ? toRevision(current).warnings : [],
    revisions: revisions.map(toRevision),
    events: events.map(toEvent),
  };
}

/**
 * A stored line with the English names a JSON upload uses, so that `GET …/lines` can be edited and
 * sent back to `PUT …/lines`; `line` is the line in the uploaded file, `commune` the resolved current code.
 * `commune_input` and `epci_siren` are read-only facts (sent back, they are ignored with a warning).
 */
export function toLineJson(line: ReportLine) {
  return {
    line: line.line_no,
    beneficiary_ref: line.beneficiary_ref,
    // One field, as a file has it: the SIRET, or the SIREN when only that was given (a separate `siren`
    // field would be read back as the same column and overwrite the SIRET).
    siret: line.siret ?? line.siren,
    beneficiary_type: line.beneficiary_type,
    legal_form: line.legal_form,
    commune: line.commune_code,
    commune_input: line.commune_input,
    epci_siren: line.epci_siren,
    stage: line.stage,
    start_date: line.start_date,
    end_date: line.end_date,
    jobs_consolidated_fte: line.jobs_consolidated_fte,
    jobs_created_fte: line.jobs_created_fte,
    amount_eur: line.amount_eur,
    site: line.site,
    creation_date: line.creation_date,
    headcount: line.headcount,
    difficulty_criteria: line.difficulty_criteria,
    advance_term_months: line.advance_term_months,
    size_band: line.size_band,
  };
}
