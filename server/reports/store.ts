import { CompiledQuery } from 'kysely';
import type { Db } from '../../db/database.ts';
import { type Engine, engineOf, multiRowInsertSql } from '../../db/dialect.ts';
import type { RevisionSource } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { beneficiaryIdentity } from '../domain/identity.ts';
import { formatPeriod, type Period } from '../domain/periods.ts';
import type { ParsedLine } from '../ingest/types.ts';
import { type IssueOut, toIssues } from './serialize.ts';
import { assertCanUpload, recordEvent } from './workflow.ts';

/** One validated line, as the ingest library produces it (the demo generator builds them too). */
export type LineToStore = ParsedLine;

export interface StoreRevisionInput {
  operatorId: string;
  scheme: string;
  period: Period;
  /** Empty only for the deliberate declaration of a quarter without any beneficiary (the routes check the flag) */
  lines: readonly LineToStore[];
  source: RevisionSource;
  filename: string | null;
  userId: number | null;
  /** Non-blocking remarks kept with the revision */
  warnings: readonly IssueOut[];
  /** SHA-256 of the bytes uploaded, and the client's Idempotency-Key: a retry is recognised by either */
  contentSha256?: string | null;
  idempotencyKey?: string | null;
}

export interface StoredRevision {
  reportId: number;
  revisionId: number;
  /** 1, 2, … within the report */
  number: number;
}

const LINE_COLUMNS = [
  'revision_id', 'line_no', 'beneficiary_ref', 'siret', 'siren', 'identity', 'beneficiary_type', 'legal_form',
  'commune_input', 'commune_code', 'epci_siren', 'stage', 'start_date', 'end_date', 'jobs_consolidated_fte',
  'jobs_created_fte', 'amount_eur', 'site', 'creation_date', 'headcount', 'difficulty_criteria', 'advance_term_months',
  'size_band',
] as const;

// 23 columns × 1,000 rows = 23,000 bound values, under SQLite's 32,766 limit (since 3.32) and PostgreSQL's 65,535.
const CHUNK_ROWS = 1000;

const insertSqlCache = new Map<string, string>();
function insertLinesSql(engine: Engine, rows: number): string {
  const key = `${engine}:${rows}`;
  let text = insertSqlCache.get(key);
  if (!text) {
    text = multiRowInsertSql(engine, 'report_lines', LINE_COLUMNS, rows);
    insertSqlCache.set(key, text);
  }
  return text;
}

/**
 * Inserts a revision's lines in multi-row chunks. The SQL text is built once per chunk size and the
 * values bound directly: Kysely's query builder would cost more than SQLite itself at 1M lines.
 */
async function insertLines(trx: Db, revisionId: number, operatorId: string, lines: readonly LineToStore[]): Promise<void> {
  const engine = engineOf(trx);
  for (let start = 0; start < lines.length; start += CHUNK_ROWS) {
    const chunk = lines.slice(start, start + CHUNK_ROWS);
    const params: unknown[] = [];
    for (const l of chunk) {
      params.push(
        revisionId, l.lineNo, l.beneficiaryRef, l.siret, l.siren, beneficiaryIdentity(operatorId, l.siren, l.beneficiaryRef),
        l.beneficiaryType, l.legalForm, l.communeInput, l.communeCode, l.epciSiren, l.stage, l.startDate, l.endDate,
        l.jobsConsolidatedFte, l.jobsCreatedFte, l.amountEur, l.site, l.creationDate, l.headcount, l.difficultyCriteria, l.advanceTermMonths,
        l.sizeBand,
      );
    }
    await trx.executeQuery(CompiledQuery.raw(insertLinesSql(engine, chunk.length), params));
  }
}

/**
 * Stores a validated upload as the report's new current revision. Call it inside a transaction:
 * creates the report as `draft` when it does not exist yet (a `returned` report goes back to `draft`),
 * appends the revision (append-only, numbered previous + 1), inserts its lines, points the report at it,
 * bumps `reports.updated_at` and writes the audit entry. Refuses (409) a submitted or validated report.
 */
export async function storeRevision(trx: Db, input: StoreRevisionInput): Promise<StoredRevision> {
  const now = new Date().toISOString();
  const period = formatPeriod(input.period);
  let report = await trx
    .selectFrom('reports')
    .select(['id', 'status'])
    .where('operator_id', '=', input.operatorId)
    .where('scheme', '=', input.scheme)
    .where('period', '=', period)
    .executeTakeFirst();
  const previousStatus = report?.status ?? 'expected';
  if (report) assertCanUpload(report.status);
  else {
    const created = await trx
      .insertInto('reports')
      .values({
        operator_id: input.operatorId,
        scheme: input.scheme,
        period,
        year: input.period.year,
        quarter: input.period.quarter,
        status: 'draft',
        current_revision_id: null,
        submitted_at: null,
        validated_at: null,
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'status'])
      .executeTakeFirstOrThrow();
    await recordEvent(trx, { reportId: created.id, from: 'expected', to: 'draft', comment: null, userId: input.userId, at: now });
    report = created;
  }

  const previous = await trx
    .selectFrom('report_revisions')
    .select((eb) => eb.fn.max('number').as('last'))
    .where('report_id', '=', report.id)
    .executeTakeFirst();
  const number = Number(previous?.last ?? 0) + 1;
  const warnings = toIssues(input.warnings);
  const revision = await trx
    .insertInto('report_revisions')
    .values({
      report_id: report.id,
      number,
      source: input.source,
      filename: input.filename,
      line_count: input.lines.length,
      warnings: JSON.stringify(warnings),
      created_by: input.userId,
      created_at: now,
      content_sha256: input.contentSha256 ?? null,
      idempotency_key: input.idempotencyKey ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertLines(trx, revision.id, input.operatorId, input.lines);

  await trx
    .updateTable('reports')
    .set({ status: 'draft', current_revision_id: revision.id, updated_at: now })
    .where('id', '=', report.id)
    .execute();
  if (report.status === 'returned') {
    await recordEvent(trx, { reportId: report.id, from: 'returned', to: 'draft', comment: null, userId: input.userId, at: now });
  }
  await recordAudit(trx, {
    userId: input.userId,
    action: 'report.upload',
    entity: 'report',
    entityId: `${input.operatorId}/${input.scheme}/${period}`,
    reportId: report.id,
    revisionId: revision.id,
    details: {
      revision: number,
      lineCount: input.lines.length,
      declaredEmpty: input.lines.length === 0,
      warningCount: warnings.length,
      source: input.source,
      filename: input.filename,
      previousStatus,
    },
  });
  return { reportId: report.id, revisionId: revision.id, number };
}
