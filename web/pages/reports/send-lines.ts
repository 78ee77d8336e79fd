// Sends a report's lines (a file, or the browser table as JSON) and keeps the whole answer: a rejected
// upload's `rows` (the lines as read, to fill the editable table) sit beside `details` in the error,
// which the generic ApiError drops. XMLHttpRequest because fetch cannot report upload progress.
import { ApiError, apiUrl, currentCsrfToken, reauthenticate } from '../../api.ts';
import { type EditableRow, type LineIssue, issuesFrom, rowsFromAnswer } from './report-model.ts';

export interface Accepted {
  ok: true;
  revision: number | null;
  lineCount: number;
  /** The revision is a declaration of a quarter without any beneficiary */
  declaredEmpty: boolean;
  warnings: LineIssue[];
}

export interface Rejected {
  ok: false;
  message: string;
  errors: LineIssue[];
  warnings: LineIssue[];
  rows: EditableRow[];
}

export type SendResult = Accepted | Rejected;

export interface SendOptions {
  /** The lines path of the report, e.g. `/reports/acme/ACCESS/2025-Q1/lines` */
  path: string;
  /** A FormData body goes as multipart (the server records its revision as entered on the web) */
  body: Blob | string | FormData;
  /** Ignored for FormData, whose boundary the browser sets */
  contentType: string;
  csrfToken: string | null;
  /** Re-check only, store nothing (`?dryRun=1`) */
  dryRun?: boolean;
  /** Original file name, for the revision history */
  filename?: string;
  onProgress?: (fraction: number) => void;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The content type to send a chosen file with (browsers often leave CSV files untyped). */
export function fileContentType(file: { name: string; type: string }): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return XLSX_TYPE;
  if (name.endsWith('.csv') || name.endsWith('.txt')) return 'text/csv';
  return file.type || 'application/octet-stream';
}

/**
 * Why a chosen file cannot be read, before sending it (null when its name says CSV or XLSX): the server
 * would refuse it with a message written for API users.
 */
export function unreadableFileReason(name: string): string | null {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (!extension || ['csv', 'xlsx', 'txt', 'tsv'].includes(extension)) return null;
  if (extension === 'xls')
    return `Le fichier « ${name} » est un classeur Excel 97-2003 (.xls), qui n’est pas lu : dans Excel, enregistrez-le au format .xlsx (ou CSV) puis déposez-le.`;
  if (extension === 'ods')
    return `Le fichier « ${name} » est un classeur LibreOffice (.ods), qui n’est pas lu : enregistrez-le au format .xlsx (ou CSV) puis déposez-le.`;
  return `Le fichier « ${name} » n’est ni un CSV ni un classeur Excel .xlsx : déposez le modèle du dispositif rempli, enregistré dans l’un de ces formats.`;
}

/**
 * Resolves with the accepted or rejected answer (422 `invalid_report`); rejects with ApiError for
 * anything else (413 too large, 409 report locked, 403/404, network).
 */
export function sendLines(options: SendOptions, retried = false): Promise<SendResult> {
  return new Promise<SendResult>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', apiUrl(options.path, { dryRun: options.dryRun ? 1 : undefined, filename: options.filename }));
    if (!(options.body instanceof FormData)) xhr.setRequestHeader('content-type', options.contentType);
    xhr.setRequestHeader('accept', 'application/json');
    if (options.filename) xhr.setRequestHeader('x-filename', encodeURIComponent(options.filename));
    if (options.csrfToken) xhr.setRequestHeader('x-csrf-token', options.csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'Envoi interrompu : le serveur ne répond pas. Vérifiez votre connexion puis réessayez.'));
    xhr.onload = () => {
      let body: Record<string, unknown> | null = null;
      try {
        body = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        // not JSON (a proxy's error page): handled below with a generic message
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress?.(1);
        resolve({
          ok: true,
          revision: typeof body?.revision === 'number' ? body.revision : null,
          lineCount: Number(body?.lineCount ?? 0),
          declaredEmpty: body?.declaredEmpty === true,
          warnings: issuesFrom(body?.warnings),
        });
        return;
      }
      const error = (body?.error ?? {}) as { code?: string; message?: string; details?: unknown; rows?: unknown; warnings?: unknown };
      if (xhr.status === 401 && !retried) {
        // The session expired while the user worked: the file or the table is kept, the user logs in again
        // in place, and the same lines are sent again with the new session's token.
        void reauthenticate().then((again) =>
          again
            ? sendLines({ ...options, csrfToken: currentCsrfToken() }, true).then(resolve, reject)
            : reject(new ApiError(401, 'unauthenticated', 'Connexion requise')),
        );
        return;
      }
      if (xhr.status === 422 && error.code === 'invalid_report') {
        const issues = issuesFrom(error.details);
        resolve({
          ok: false,
          message: error.message ?? 'Le fichier contient des erreurs : rien n’a été enregistré.',
          errors: issues.filter((i) => i.severity !== 'warning'),
          warnings: [...issues.filter((i) => i.severity === 'warning'), ...issuesFrom(error.warnings)],
          rows: Array.isArray(error.rows) ? rowsFromAnswer(error.rows as Array<{ line: number; values: Record<string, string> }>) : [],
        });
        return;
      }
      const fallback =
        xhr.status === 413
          ? 'Fichier trop volumineux : la taille maximale est dépassée. Découpez-le ou retirez les colonnes inutiles.'
          : `Erreur du serveur (${xhr.status})`;
      // The server's 415 names media types and JSON bodies, for API users; a person chose a file.
      const message =
        xhr.status === 415
          ? 'Format de fichier non reconnu : déposez le modèle du dispositif rempli, enregistré en CSV (.csv) ou en classeur Excel (.xlsx).'
          : (error.message ?? fallback);
      reject(new ApiError(xhr.status, error.code ?? 'http_error', message, error.details));
    };
    xhr.send(options.body);
  });
}

