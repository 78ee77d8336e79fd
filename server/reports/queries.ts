// Read-side queries of reports: plain functions taking `db` first. Rows are mapped to API objects
// in serialize.ts.
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { jsonArrayLength } from '../../db/dialect.ts';
import { formatPeriod, type Period, parsePeriod } from '../domain/periods.ts';
import { expectedReports } from './expected.ts';
import type { DisplayStatus } from './workflow.ts';

/** A report as listed: stored, or only expected (reportId null). */
export interface ReportRow {
  reportId: number | null;
  operatorId: string;
  operatorName: string;
  scheme: string;
  schemeName: string;
  period: Period;
  status: DisplayStatus;
  revision: number | null;
  revisionId: number | null;
  lineCount: number;
  /** Warnings kept with the current revision (the review queue shows their count) */
  warningCount: number;
  submittedAt: string | null;
  firstSubmittedAt: string | null;
  validatedAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface ReportFilter {
  year?: number;
  operatorId?: string;
  scheme?: string;
  /** Quarters starting after it are not expected yet ('YYYY-MM-DD') */
  today?: string;
}

function storedReports(db: Db) {
  return db
    .selectFrom('reports')
    .innerJoin('operators', 'operators.id', 'reports.operator_id')
    .innerJoin('schemes', 'schemes.code', 'reports.scheme')
    .leftJoin('report_revisions as rev', 'rev.id', 'reports.current_revision_id')
    .select([
      'reports.id',
      'reports.operator_id',
      'operators.name as operator_name',
      'reports.scheme',
      'schemes.name as scheme_name',
      'reports.period',
      'reports.status',
      'rev.number as revision',
      'rev.id as revision_id',
      'rev.line_count',
      jsonArrayLength(db, sql.ref('rev.warnings')).as('warning_count'),
      'reports.submitted_at',
      'reports.validated_at',
      'reports.created_at',
      'reports.updated_at',
      sql<string | null>`(select min(e.at) from report_events e where e.report_id = reports.id and e.to_status = 'submitted')`.as(
        'first_submitted_at',
      ),
    ]);
}

type StoredRow = Awaited<ReturnType<ReturnType<typeof storedReports>['execute']>>[number];

function fromStored(row: StoredRow): ReportRow {
  return {
    reportId: row.id,
    operatorId: row.operator_id,
    operatorName: row.operator_name,
    scheme: row.scheme,
    schemeName: row.scheme_name,
    period: parsePeriod(row.period)!,
    status: row.status,
    revision: row.revision,
    revisionId: row.revision_id,
    lineCount: row.line_count ?? 0,
    warningCount: row.warning_count ?? 0,
    submittedAt: row.submitted_at,
    firstSubmittedAt: row.first_submitted_at,
    validatedAt: row.validated_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The row of a report the agreements call for but nobody has uploaded yet. */
export function expectedReportRow(operator: { id: string; name: string }, scheme: { code: string; name: string }, period: Period): ReportRow {
  return {
    reportId: null,
    operatorId: operator.id,
    operatorName: operator.name,
    scheme: scheme.code,
    schemeName: scheme.name,
    period,
    status: 'expected',
    revision: null,
    revisionId: null,
    lineCount: 0,
    warningCount: 0,
    submittedAt: null,
    firstSubmittedAt: null,
    validatedAt: null,
    createdAt: null,
    updatedAt: null,
  };
}

const keyOf = (operatorId: string, scheme: string, period: string) => `${operatorId}/${scheme}/${period}`;

/**
 * Stored reports merged with the ones the agreements call for that have no row yet (status `expected`),
 * most recent quarter first, then by operator name and scheme order.
 */
export async function listReports(db: Db, filter: ReportFilter = {}): Promise<ReportRow[]> {
  let query = storedReports(db);
  if (filter.year !== undefined) query = query.where('reports.year', '=', filter.year);
  if (filter.operatorId) query = query.where('reports.operator_id', '=', filter.operatorId);
  if (filter.scheme) query = query.where('reports.scheme', '=', filter.scheme);
  const rows = (await query.execute()).map(fromStored);

  const stored = new Set(rows.map((r) => keyOf(r.operatorId, r.scheme, formatPeriod(r.period))));
  const expected = (await expectedReports(db, filter)).filter((e) => !stored.has(keyOf(e.operatorId, e.scheme, formatPeriod(e.period))));
  if (expected.length > 0) {
    const operators = new Map((await db.selectFrom('operators').select(['id', 'name']).execute()).map((o) => [o.id, o.name]));
    const schemes = new Map((await db.selectFrom('schemes').select(['code', 'name']).execute()).map((s) => [s.code, s.name]));
    for (const e of expected) {
      rows.push(
        expectedReportRow(
          { id: e.operatorId, name: operators.get(e.operatorId) ?? e.operatorId },
          { code: e.scheme, name: schemes.get(e.scheme) ?? e.scheme },
          e.period,
        ),
      );
    }
  }
  const order = new Map((await db.selectFrom('schemes').select(['code', 'sort_order']).execute()).map((s) => [s.code, s.sort_order]));
  return rows.sort(
    (a, b) =>
      b.period.year - a.period.year ||
      b.period.quarter - a.period.quarter ||
      a.operatorName.localeCompare(b.operatorName, 'fr') ||
      (order.get(a.scheme) ?? 0) - (order.get(b.scheme) ?? 0),
  );
}

/** The stored report for operator × scheme × period, or undefined while it is only expected. */
export async function findReport(db: Db, operatorId: string, scheme: string, period: Period): Promise<ReportRow | undefined> {
  const row = await storedReports(db)
    .where('reports.operator_id', '=', operatorId)
    .where('reports.scheme', '=', scheme)
    .where('reports.period', '=', formatPeriod(period))
    .executeTakeFirst();
  return row && fromStored(row);
}

/** Submitted reports waiting for the Region, oldest submission first. */
export async function reviewQueue(db: Db): Promise<ReportRow[]> {
  const rows = await storedReports(db).where('reports.status', '=', 'submitted').orderBy('reports.submitted_at').orderBy('reports.id').execute();
  return rows.map(fromStored);
}

/** Every revision of a report, oldest first, with its author's e-mail. */
export async function reportRevisions(db: Db, reportId: number) {
  return db
    .selectFrom('report_revisions as rev')
    .leftJoin('users', 'users.id', 'rev.created_by')
    .select(['rev.id', 'rev.number', 'rev.created_at', 'users.email', 'rev.source', 'rev.filename', 'rev.line_count', 'rev.warnings'])
    .where('rev.report_id', '=', reportId)
    .orderBy('rev.number')
    .execute();
}

export type RevisionRow = Awaited<ReturnType<typeof reportRevisions>>[number];

/** The workflow history of a report, oldest first, with each author's e-mail and role. */
export async function reportEvents(db: Db, reportId: number) {
  return db
    .selectFrom('report_events as e')
    .leftJoin('users', 'users.id', 'e.user_id')
    .select(['e.at', 'e.from_status', 'e.to_status', 'e.comment', 'users.email', 'users.role'])
    .where('e.report_id', '=', reportId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}

export type EventRow = Awaited<ReturnType<typeof reportEvents>>[number];

/** The lines of one revision, in file order. */
export async function revisionLines(db: Db, revisionId: number) {
  return db.selectFrom('report_lines').selectAll().where('revision_id', '=', revisionId).orderBy('line_no').execute();
}

/** The revision numbered `number` of a report, if any. */
export async function findRevision(db: Db, reportId: number, number: number) {
  return db.selectFrom('report_revisions').select(['id', 'number', 'line_count']).where('report_id', '=', reportId).where('number', '=', number).executeTakeFirst();
}
