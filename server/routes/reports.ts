import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import type { Db } from '../../db/database.ts';
import type { Stage } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { currentUser, requireRole } from '../auth/middleware.ts';
import type { AppDeps, AppEnv, AuthUser } from '../context.ts';
import { todayInParis } from '../domain/dates.ts';
import { formatPeriod, type Period } from '../domain/periods.ts';
import { AppError } from '../errors.ts';
import { csvResponseHeaders } from '../exports/csv.ts';
import { downloadHeaders } from '../exports/download.ts';
import { toXlsx, xlsxResponseHeaders } from '../exports/xlsx.ts';
import { buildTemplate, JsonLinesBody, linesToCsv, linesToXlsxSheet } from '../ingest/index.ts';
import { reportDueDays } from '../reports/expected.ts';
import { expectedReportRow, listReports, reportEvents, reportRevisions, reviewQueue } from '../reports/queries.ts';
import { readLines, resolveTarget, revisionLinesOf, type Target } from '../reports/target.ts';
import {
  DiffQuery,
  ReopenBody,
  ReportListQuery,
  ReportParams,
  ReturnBody,
  RevisionQuery,
  SubmitBody,
  TemplateParams,
  UploadQuery,
} from '../reports/schemas.ts';
import { toIssues, toLineJson, toRejection, toReportDetail, toReportSummary } from '../reports/serialize.ts';
import { z } from 'zod';
import { DiffAnswer, LinesAnswer, ReportDetail, ReportSummary, TransitionAnswer, UploadAnswer } from '../reports/answers.ts';
import { jsonAnswer } from '../openapi.ts';
import { diffRevisions } from '../reports/diff.ts';
import { storeRevision } from '../reports/store.ts';
import { ingestContext, readAndIngest, revisionSource } from '../reports/upload.ts';
import { assertCanUpload, assertTransition, type ReportAction, transitionReport } from '../reports/workflow.ts';
import { mailServiceFor } from '../mail/service.ts';
import { notifyTransition } from '../mail/notify.ts';
import { valid } from '../validation.ts';

const tags = ['Rapports'];
// COTECH members read figures and maps, never report lines nor report pages.
const REPORT_ROLES = ['region', 'operator'] as const;

const reportPath = '/reports/:operator/:scheme/:period';
const TRANSITION_RESPONSES = { 200: { description: 'Le statut du rapport après l’action', content: { 'application/json': { schema: resolver(TransitionAnswer) } } } };

export function reportRoutes(deps: AppDeps) {
  const { db, config, geo } = deps;

  /** One workflow action on one report, in one transaction; answers `{ status }`. */
  async function act(user: AuthUser, params: { operator: string; scheme: string; period: Period }, action: ReportAction, comment: string | null): Promise<z.infer<typeof TransitionAnswer>> {
    const target = await resolveTarget(db, user, params, action === 'submit' ? 'operator-change' : 'review');
    if (!target.row?.reportId) {
      assertTransition('expected', action, false); // always throws: nothing was uploaded yet
      throw new AppError(409, 'conflict', 'Rapport attendu : aucun fichier déposé');
    }
    const reportId = target.row.reportId;
    const mail = mailServiceFor(db, deps.config);
    const answer = await db.transaction().execute(async (trx) => {
      const result = await transitionReport(trx, { reportId, action, userId: user.id, comment });
      // The notice is queued with the transition, or not at all; it leaves after the commit.
      if (mail.configured) await notifyTransition(trx, deps.config, { reportId, action, comment });
      return result;
    });
    mail.kick();
    return answer;
  }

  return new Hono<AppEnv>()
    .get(
      '/reports',
      describeRoute({
        tags,
        summary: 'Rapports attendus et déposés (un opérateur ne voit que les siens)',
        description: 'Fusionne les rapports prévus par les conventions (statut expected) et ceux déposés.',
        responses: jsonAnswer(z.array(ReportSummary), 'Les rapports'),
      }),
      requireRole(...REPORT_ROLES),
      valid('query', ReportListQuery),
      async (c) => {
        const user = currentUser(c);
        const query = c.req.valid('query');
        // An operator user sees only its own reports, whatever the filter says.
        const operatorId = user.role === 'operator' ? user.operatorId! : query.operator;
        const today = todayInParis();
        const dueDays = await reportDueDays(db);
        const rows = await listReports(db, { year: query.year, operatorId, scheme: query.scheme, today });
        return c.json(
          rows
            .filter((r) => !query.status || r.status === query.status)
            .map((r) => toReportSummary(r, dueDays, today))
            .filter((r) => query.late === undefined || r.late === query.late),
        );
      },
    )
    .get(
      '/review-queue',
      describeRoute({ tags, summary: 'Rapports soumis à examiner par la Région, du plus ancien au plus récent', responses: jsonAnswer(z.array(ReportSummary), 'Les rapports à examiner') }),
      requireRole('region'),
      async (c) => {
        const today = todayInParis();
        const dueDays = await reportDueDays(db);
        return c.json((await reviewQueue(db)).map((r) => toReportSummary(r, dueDays, today)));
      },
    )
    .get(
      '/templates/:file',
      describeRoute({ tags, summary: 'Modèle de fichier d’un dispositif (ACCESS.csv, DLA.xlsx, …)' }),
      requireRole(...REPORT_ROLES),
      valid('param', TemplateParams),
      async (c) => {
        const { scheme, format } = c.req.valid('param').file;
        const row = await db.selectFrom('schemes').select('stages').where('code', '=', scheme).executeTakeFirst();
        if (!row) throw new AppError(404, 'not_found', `Dispositif inconnu : ${scheme}`);
        const template = await buildTemplate(scheme, format, { stages: JSON.parse(row.stages) as Stage[] });
        return c.body(template.body as string, 200, downloadHeaders(template.contentType, template.filename));
      },
    )
    .get(
      reportPath,
      describeRoute({ tags, summary: 'Un rapport : statut, échéance, révisions, historique et commentaires de la Région', responses: jsonAnswer(ReportDetail, 'Le rapport') }),
      requireRole(...REPORT_ROLES),
      valid('param', ReportParams),
      async (c) => {
        const user = currentUser(c);
        const target = await resolveTarget(db, user, c.req.valid('param'), 'read');
        const row = target.row ?? expectedReportRow(target.operator, target.scheme, target.period);
        const revisions = row.reportId ? await reportRevisions(db, row.reportId) : [];
        const events = row.reportId ? await reportEvents(db, row.reportId) : [];
        return c.json(toReportDetail(row, revisions, events, { dueDays: await reportDueDays(db), today: todayInParis(), role: user.role }) satisfies z.infer<typeof ReportDetail>);
      },
    )
    .get(
      `${reportPath}/lines`,
      describeRoute({
        tags,
        summary: 'Lignes de la révision courante (ou ?revision=N), au format JSON du dépôt',
        responses: { 200: { description: 'Les lignes de la révision', content: { 'application/json': { schema: resolver(LinesAnswer) } } } },
      }),
      requireRole(...REPORT_ROLES),
      valid('param', ReportParams),
      valid('query', RevisionQuery),
      async (c) => {
        const { revision, lines } = await readLines(db, currentUser(c), c.req.valid('param'), c.req.valid('query').revision);
        const answer: z.infer<typeof LinesAnswer> = { revision: revision?.number ?? null, lineCount: lines.length, lines: lines.map(toLineJson) };
        return c.json(answer);
      },
    )
    .get(
      `${reportPath}/diff`,
      describeRoute({
        tags,
        summary: 'Ce qui a changé entre deux révisions (par défaut : la précédente → la courante)',
        description:
          'Lignes ajoutées, retirées et modifiées, appariées par ref_beneficiaire (sans tenir compte de la casse) ; pour une ligne modifiée, ' +
          'chaque champ avec sa valeur avant et après. from absent pour la révision 1 : toutes ses lignes sont ajoutées.',
        responses: { 200: { description: 'Différences entre les deux révisions', content: { 'application/json': { schema: resolver(DiffAnswer) } } } },
      }),
      requireRole(...REPORT_ROLES),
      valid('param', ReportParams),
      valid('query', DiffQuery),
      async (c) => {
        const user = currentUser(c);
        const query = c.req.valid('query');
        // One resolution of the report (access, agreement) for both revisions.
        const target = await resolveTarget(db, user, c.req.valid('param'), 'read');
        const { revision: to, lines: after } = await revisionLinesOf(db, target, query.to);
        if (!to) throw new AppError(404, 'not_found', 'Aucune révision déposée pour ce rapport');
        const fromNumber = query.from ?? (to.number > 1 ? to.number - 1 : null);
        if (fromNumber !== null && fromNumber >= to.number) {
          throw new AppError(400, 'invalid_request', `La révision de départ (${fromNumber}) doit précéder la révision d’arrivée (${to.number})`, [{ field: 'from', message: 'révision antérieure attendue' }]);
        }
        const before = fromNumber === null ? { revision: null, lines: [] } : await revisionLinesOf(db, target, fromNumber);
        const answer: z.infer<typeof DiffAnswer> = { from: fromNumber, to: to.number, ...diffRevisions(before.lines, after) };
        return c.json(answer);
      },
    )
    .get(
      `${reportPath}/lines.csv`,
      describeRoute({ tags, summary: 'Lignes en CSV pour les outils (séparateur ;, UTF-8 avec BOM, cellules neutralisées)' }),
      requireRole(...REPORT_ROLES),
      valid('param', ReportParams),
      valid('query', RevisionQuery),
      async (c) => {
        const { filename, lines } = await exportedLines(db, currentUser(c), c.req.valid('param'), c.req.valid('query').revision);
        return c.body(linesToCsv(lines), 200, csvResponseHeaders(`${filename}.csv`));
      },
    )
    .get(
      `${reportPath}/lines.xlsx`,
      describeRoute({ tags, summary: 'Lignes en classeur Excel pour les personnes (codes en texte, dates en dates, en-têtes du modèle)' }),
      requireRole(...REPORT_ROLES),
      valid('param', ReportParams),
      valid('query', RevisionQuery),
      async (c) => {
        const { filename, lines } = await exportedLines(db, currentUser(c), c.req.valid('param'), c.req.valid('query').revision);
        return new Response(Buffer.from(await toXlsx([linesToXlsxSheet(lines)])), { status: 200, headers: xlsxResponseHeaders(`${filename}.xlsx`) });
      },
    )
    .put(
      `${reportPath}/lines`,
      describeRoute({
        tags,
        summary: 'Déposer les lignes du trimestre (CSV, XLSX, JSON ou formulaire) : tout ou rien',
        description:
          'Un fichier sans erreur devient une nouvelle révision du brouillon ; un fichier avec au moins une erreur est refusé en entier (422) ' +
          'avec la liste de toutes les erreurs (ligne, colonne, valeur, message). ?dryRun=1 vérifie sans enregistrer. ' +
          'Un trimestre sans aucun bénéficiaire se déclare explicitement en JSON : {"lines": [], "declareEmpty": true} ' +
          '(révision de 0 ligne, declaredEmpty: true, à soumettre ensuite) ; des lignes vides sans ce drapeau, un fichier ' +
          'réduit à son en-tête, ou le drapeau accompagné de lignes sont refusés (422).',
        responses: {
          200: {
            description: 'La révision créée (ou, unchanged: true, celle qui existait déjà) ; dryRun : { dryRun: true, revision: null, … }',
            content: { 'application/json': { schema: resolver(UploadAnswer) } },
          },
          404: { description: 'Rapport d’un autre opérateur, opérateur ou dispositif inconnu, ou aucune convention pour ce trimestre' },
          409: { description: 'Rapport soumis ou validé (verrouillé), ou trimestre pas encore commencé' },
          413: { description: '{ error: { code: "payload_too_large", message } }' },
          415: { description: 'Format non reconnu' },
          422: { description: '{ error: { code: "invalid_report", message, details: [{ line, column, value, message }], warnings, rows } }' },
        },
        requestBody: {
          content: {
            'text/csv': { schema: { type: 'string' } },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
            // The JSON body is read by the ingest library (one route, four media types), documented from its schema.
            'application/json': { schema: resolver(JsonLinesBody) },
            'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } },
          },
        },
      }),
      requireRole(...REPORT_ROLES),
      valid('param', ReportParams),
      valid('query', UploadQuery),
      async (c) => {
        const user = currentUser(c);
        const params = c.req.valid('param');
        const query = c.req.valid('query');
        const idempotencyKey = idempotencyKeyOf(c.req.header('idempotency-key'));
        const target = await resolveTarget(db, user, params, 'operator-change');
        // Fail before reading a large file when the report cannot take it anyway.
        if (target.row) assertCanUpload(target.row.status);
        const reportId = target.row?.reportId ?? null;

        // A retried request (the client never got our answer) gets the revision it already made.
        if (reportId !== null && idempotencyKey && !query.dryRun) {
          const seen = await findRevisionBy(db, reportId, 'idempotency_key', idempotencyKey);
          if (seen) return c.json(unchangedAnswer(seen));
        }
        const ctx = await ingestContext(db, geo, target.operator.id, target.scheme.code, target.period);
        const current = reportId !== null && target.row?.revision ? await findRevisionBy(db, reportId, 'number', target.row.revision) : undefined;
        const upload = await readAndIngest(c, ctx, query.filename ?? headerFilename(c.req.header('x-filename')), {
          limits: { maxRows: config.uploadMaxRows },
          limitBytes: config.uploadLimitBytes,
          threads: config.ingestThreads,
          dryRun: query.dryRun === true,
          // Only a draft: re-sending the same file after a return is a deliberate new revision.
          unchanged: async (sha256) => !query.dryRun && current?.status === 'draft' && current.content_sha256 === sha256,
        });
        if ('unchanged' in upload) return c.json(unchangedAnswer(current!));
        const { result } = upload;
        const source = revisionSource(upload.format, user.via);
        if (!result.ok && result.requestError) throw new AppError(400, result.requestError.code, result.requestError.message);
        if (!result.ok) {
          if (!query.dryRun) await auditRejected(db, user, target, source, upload.filename, result.errors.length, result.warnings.length);
          return c.json({ error: toRejection(result, upload.format === 'json' ? 'json' : 'file') }, 422);
        }
        const warnings = toIssues(result.warnings);
        const lineCount = result.lineCount ?? result.lines.length;
        const declaredEmpty = lineCount === 0; // only reachable with declareEmpty: true
        if (query.dryRun) return c.json({ dryRun: true, revision: null, lineCount, declaredEmpty, warnings });
        const stored = await db.transaction().execute((trx) =>
          storeRevision(trx, {
            operatorId: target.operator.id,
            scheme: target.scheme.code,
            period: target.period,
            lines: result.lines,
            source,
            filename: upload.filename,
            userId: user.id,
            warnings: result.warnings,
            contentSha256: upload.sha256,
            idempotencyKey,
          }),
        );
        return c.json({ revision: stored.number, lineCount: result.lines.length, declaredEmpty, warnings, status: 'draft' as const, unchanged: false });
      },
    )
    .post(
      `${reportPath}/submit`,
      describeRoute({ tags, summary: 'Soumettre un brouillon à la Région (note facultative)', responses: TRANSITION_RESPONSES }),
      requireRole(...REPORT_ROLES),
      valid('param', ReportParams),
      valid('json', SubmitBody),
      async (c) => c.json(await act(currentUser(c), c.req.valid('param'), 'submit', c.req.valid('json').comment ?? null)),
    )
    .post(
      `${reportPath}/validate`,
      describeRoute({ tags, summary: 'Valider un rapport soumis (Région) : il est alors verrouillé', responses: TRANSITION_RESPONSES }),
      requireRole('region'),
      valid('param', ReportParams),
      async (c) => c.json(await act(currentUser(c), c.req.valid('param'), 'validate', null)),
    )
    .post(
      `${reportPath}/return`,
      describeRoute({ tags, summary: 'Renvoyer un rapport soumis à l’opérateur avec un commentaire (Région)', responses: TRANSITION_RESPONSES }),
      requireRole('region'),
      valid('param', ReportParams),
      valid('json', ReturnBody),
      async (c) => c.json(await act(currentUser(c), c.req.valid('param'), 'return', c.req.valid('json').comment)),
    )
    .post(
      `${reportPath}/reopen`,
      describeRoute({ tags, summary: 'Rouvrir un rapport validé avec un motif (Région) : il redevient brouillon', responses: TRANSITION_RESPONSES }),
      requireRole('region'),
      valid('param', ReportParams),
      valid('json', ReopenBody),
      async (c) => c.json(await act(currentUser(c), c.req.valid('param'), 'reopen', c.req.valid('json').reason)),
    );
}

/** A revision's lines and the export's name without extension: beneficiaires-<operator>-<scheme>-<period>[-rN]. */
async function exportedLines(db: Db, user: AuthUser, params: { operator: string; scheme: string; period: Period }, number: number | undefined) {
  const { target, revision, lines } = await readLines(db, user, params, number);
  const suffix = revision && revision.number !== target.row?.revision ? `-r${revision.number}` : '';
  return { lines, filename: `beneficiaires-${target.operator.id}-${target.scheme.code}-${formatPeriod(target.period)}${suffix}` };
}

/** The `Idempotency-Key` header (IETF draft): printable ASCII, 1–200 characters; anything else is a 400. */
function idempotencyKeyOf(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!/^[\x21-\x7e]{1,200}$/.test(value)) {
    throw new AppError(400, 'invalid_idempotency_key', 'En-tête Idempotency-Key invalide : 1 à 200 caractères ASCII visibles attendus (ex. un UUID)');
  }
  return value;
}

type RevisionRow = NonNullable<Awaited<ReturnType<typeof findRevisionBy>>>;

async function findRevisionBy(db: Db, reportId: number, column: 'idempotency_key' | 'number', value: string | number) {
  return db
    .selectFrom('report_revisions')
    .innerJoin('reports', 'reports.id', 'report_revisions.report_id')
    .select(['report_revisions.number', 'report_revisions.line_count', 'report_revisions.warnings', 'report_revisions.content_sha256', 'reports.status'])
    .where('report_revisions.report_id', '=', reportId)
    .where(`report_revisions.${column}`, '=', value)
    .executeTakeFirst();
}

/** The answer to an upload that changed nothing: the revision it designates, as its first answer said. */
const unchangedAnswer = (revision: RevisionRow) => ({
  revision: revision.number,
  lineCount: revision.line_count,
  declaredEmpty: revision.line_count === 0,
  warnings: JSON.parse(revision.warnings) as unknown[],
  status: revision.status,
  unchanged: true,
});

/** The browser's `X-Filename` header (URI-encoded), when the name is not in the query. */
function headerFilename(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return decodeURIComponent(value).slice(0, 255);
  } catch {
    return null;
  }
}

/**
 * A rejected upload changes no report, but the attempt is audited (who, when, how many errors), without
 * the cells' values: it helps the Region support an operator who struggles with a file.
 */
async function auditRejected(db: Db, user: AuthUser, target: Target, source: string, filename: string | null, errorCount: number, warningCount: number) {
  await recordAudit(db, {
    userId: user.id,
    action: 'report.upload_rejected',
    entity: 'report',
    entityId: `${target.operator.id}/${target.scheme.code}/${formatPeriod(target.period)}`,
    reportId: target.row?.reportId ?? null,
    revisionId: null,
    details: { errorCount, warningCount, source, filename },
  });
}
