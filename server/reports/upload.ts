// An upload, from the HTTP body to a validated set of lines: reads CSV, XLSX, JSON or a browser form,
// and runs the ingest library with the operator's scheme rules and sites.
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { Db } from '../../db/database.ts';
import type { RevisionSource } from '../../db/schema.ts';
import type { Geography } from '../../geo/geography.ts';
import { geographyDirectory } from '../../geo/load-geography.ts';
import { type Period, periodLabel } from '../domain/periods.ts';
import { AppError } from '../errors.ts';
import { detectFormat, type IngestContext, type IngestLimits, type IngestResult } from '../ingest/index.ts';
import { runInWorker } from '../workers/pool.ts';
import { spoolBody } from './spool.ts';

export interface UploadedBody {
  result: IngestResult;
  format: 'csv' | 'xlsx' | 'json';
  filename: string | null;
}

/**
 * How a revision came in, for its history: the file's format, except JSON lines sent from a browser
 * session, which are the web page's editable table ('web'); JSON with a Bearer token is a script ('json').
 */
export function revisionSource(format: UploadedBody['format'], via: 'session' | 'token'): RevisionSource {
  return format === 'json' && via === 'session' ? 'web' : format;
}

/**
 * The context the ingest library validates against: the scheme's enabled rules, the operator's sites and the
 * SIREN its references carried in its other reports.
 */
export async function ingestContext(db: Db, geo: Geography, operatorId: string, scheme: string, period: Period): Promise<IngestContext> {
  const rules = await db.selectFrom('scheme_rules').selectAll().where('scheme', '=', scheme).where('enabled', '=', 1).execute();
  const sites = await db.selectFrom('sites').select('id').where('operator_id', '=', operatorId).execute();
  return { geo, operatorId, scheme, period, rules, siteIds: new Set(sites.map((s) => String(s.id))), sirenOfRef: await sirenOfRef(db, operatorId, scheme, period) };
}

/** The SIREN each of the operator's references last carried in its other reports' current revisions. */
async function sirenOfRef(db: Db, operatorId: string, scheme: string, period: Period): Promise<Map<string, { siren: string; where: string }>> {
  const rows = await db
    .selectFrom('report_lines')
    .innerJoin('reports', 'reports.current_revision_id', 'report_lines.revision_id')
    .select(['report_lines.beneficiary_ref', 'report_lines.siren', 'reports.scheme', 'reports.year', 'reports.quarter'])
    .where('reports.operator_id', '=', operatorId)
    .where('report_lines.siren', 'is not', null)
    .where((eb) => eb.not(eb.and([eb('reports.scheme', '=', scheme), eb('reports.year', '=', period.year), eb('reports.quarter', '=', period.quarter)])))
    .orderBy('reports.year')
    .orderBy('reports.quarter')
    .execute();
  const found = new Map<string, { siren: string; where: string }>();
  for (const r of rows) {
    found.set(r.beneficiary_ref.toLowerCase(), { siren: r.siren!, where: `${r.scheme} ${periodLabel({ year: r.year, quarter: r.quarter as Period['quarter'] })}` });
  }
  return found;
}

const unsupported = () =>
  new AppError(
    415,
    'unsupported_media_type',
    'Format non reconnu : envoyez un fichier CSV (text/csv), un classeur Excel .xlsx ' +
      '(application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) ou du JSON {"lines": […]}',
  );

/** The body and what it is, before anything is parsed. */
interface ReceivedBody {
  source: { path: string } | { bytes: Uint8Array };
  sha256: string;
  format: UploadedBody['format'];
  filename: string | null;
  discard(): Promise<void>;
}

/** Bodies up to this size, their length announced, are read in memory rather than spooled to disk. */
const IN_MEMORY_BODY_BYTES = 64 * 1024;

/** SHA-256 of what was sent: a retried upload has the same. */
const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Reads the body whatever its form (one route takes four media types, so no `valid()` validator): a file
 * sent as the body is spooled to disk, a multipart form (bounded by the body limit) is read in memory.
 * Parsing and validation happen in a worker thread (readAndIngest).
 */
async function receiveBody(c: Context, filename: string | null, limitBytes: number): Promise<ReceivedBody> {
  const contentType = c.req.header('content-type') ?? '';
  const mediaType = contentType.split(';')[0].trim().toLowerCase();

  if (mediaType === 'multipart/form-data') {
    let form: Record<string, string | File | (string | File)[]>;
    try {
      form = await c.req.parseBody();
    } catch {
      throw new AppError(400, 'invalid_multipart', 'Formulaire illisible : le corps multipart/form-data est mal formé (limite de partie absente ou incomplète). Renvoyez le fichier.');
    }
    const file = form.file;
    if (!(file instanceof File)) {
      throw new AppError(400, 'file_required', 'Formulaire incomplet : joignez le fichier dans le champ « file »');
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const format = detectFormat(file.type || undefined, file.name || undefined, bytes);
    if (!format) throw unsupported();
    return { source: { bytes }, sha256: digest(bytes), format, filename: (file.name || filename)?.slice(0, 255) ?? null, discard: async () => {} };
  }

  const formatOf = (head: Uint8Array) => (/^application\/([\w.-]+\+)?json$/.test(mediaType) ? 'json' : detectFormat(mediaType || undefined, filename ?? undefined, head));
  // A small body with an announced length (a few lines edited in the browser, a script's JSON) is read in
  // memory: spooling it would cost more file operations than its validation (issue 14, small uploads).
  const announced = Number(c.req.header('content-length') ?? Number.NaN);
  if (announced >= 0 && announced <= IN_MEMORY_BODY_BYTES) {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const format = formatOf(bytes);
    if (!format) throw unsupported();
    return { source: { bytes }, sha256: digest(bytes), format, filename, discard: async () => {} };
  }
  const spooled = await spoolBody(c.req.raw.body, limitBytes);
  const format = formatOf(spooled.head);
  if (!format) {
    await spooled.discard();
    throw unsupported();
  }
  return { source: { path: spooled.path }, sha256: spooled.sha256, format, filename, discard: spooled.discard };
}

/**
 * Reads the body and validates it off the main thread: a large or hostile file never holds the event
 * loop (issue 8). The ingest library reports each problem with its line and column.
 */
export async function readAndIngest(
  c: Context,
  ctx: IngestContext,
  filename: string | null,
  options: { limits: IngestLimits; limitBytes: number; threads: number; dryRun: boolean; unchanged: (sha256: string) => Promise<boolean> },
): Promise<(UploadedBody & { sha256: string }) | { unchanged: true }> {
  const body = await receiveBody(c, filename, options.limitBytes);
  try {
    return await ingestReceived(body, ctx, options);
  } finally {
    await body.discard();
  }
}

async function ingestReceived(
  body: ReceivedBody,
  ctx: IngestContext,
  options: { limits: IngestLimits; threads: number; dryRun: boolean; unchanged: (sha256: string) => Promise<boolean> },
): Promise<(UploadedBody & { sha256: string }) | { unchanged: true }> {
  const sha256 = body.sha256;
  // A retry of the upload that made the current revision (its answer was lost): nothing to parse again.
  if (await options.unchanged(sha256)) return { unchanged: true };
  const geographyDir = geographyDirectory(ctx.geo);
  const result = await runInWorker(
    {
      kind: 'ingest',
      geographyDir,
      format: body.format,
      source: body.source,
      limits: options.limits,
      keepLines: !options.dryRun,
      operatorId: ctx.operatorId,
      scheme: ctx.scheme,
      period: ctx.period,
      rules: ctx.rules,
      siteIds: [...ctx.siteIds],
      sirenOfRef: [...(ctx.sirenOfRef ?? new Map())],
    },
    options.threads,
  );
  return { result, format: body.format, filename: body.filename, sha256 };
}
