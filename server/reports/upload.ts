// An upload, from the HTTP body to a validated set of lines: reads CSV, XLSX, JSON or a browser form,
// and runs the ingest library with the operator's scheme rules and sites.
import type { Context } from 'hono';
import type { Db } from '../../db/database.ts';
import type { RevisionSource } from '../../db/schema.ts';
import type { Geography } from '../../geo/geography.ts';
import { type Period, periodLabel } from '../domain/periods.ts';
import { AppError } from '../errors.ts';
import { detectFormat, type IngestContext, type IngestResult, ingestFile, ingestJson } from '../ingest/index.ts';

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

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(400, 'invalid_json', 'Le corps JSON est illisible : vérifiez sa syntaxe');
  }
}

/**
 * Reads the body whatever its form and validates it. The body is read here rather than by a `valid()`
 * validator because one route takes four media types; the ingest library validates every line itself
 * and reports each problem with its line and column.
 */
export async function readAndIngest(c: Context, ctx: IngestContext, filename: string | null): Promise<UploadedBody> {
  const contentType = c.req.header('content-type') ?? '';
  const mediaType = contentType.split(';')[0].trim().toLowerCase();

  if (mediaType === 'multipart/form-data') {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File)) {
      throw new AppError(400, 'file_required', 'Formulaire incomplet : joignez le fichier dans le champ « file »');
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    return ingestBytes(bytes, detectFormat(file.type || undefined, file.name || undefined, bytes), ctx, file.name || filename);
  }

  if (/^application\/([\w.-]+\+)?json$/.test(mediaType)) {
    return { result: ingestJson(parseJsonText(await c.req.text()), ctx), format: 'json', filename };
  }

  const bytes = new Uint8Array(await c.req.arrayBuffer());
  return ingestBytes(bytes, detectFormat(mediaType || undefined, filename ?? undefined, bytes), ctx, filename);
}

async function ingestBytes(bytes: Uint8Array, format: UploadedBody['format'] | null, ctx: IngestContext, filename: string | null): Promise<UploadedBody> {
  if (!format) throw unsupported();
  const result = format === 'json' ? ingestJson(parseJsonText(new TextDecoder().decode(bytes)), ctx) : await ingestFile(bytes, format, ctx);
  return { result, format, filename };
}
