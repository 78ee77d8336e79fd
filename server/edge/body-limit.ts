// Every request body is bounded while it is read (Content-Length announced or chunked), before any route
// touches it: about 1 MB for JSON and forms, the upload limit for report lines (PUT …/lines).
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Config } from '../config.ts';

/** Largest body outside report uploads: a form or a JSON change is a few KB. */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

const UPLOAD_PATH = /^\/api\/v1\/reports\/[^/]+\/[^/]+\/[^/]+\/lines$/;

/** '10 Mo', '1 Mo', '0,98 Ko' */
export function sizeInFrench(bytes: number): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'Mo'] : [bytes / 1024, 'Ko'];
  return `${value.toLocaleString('fr-FR', { maximumFractionDigits: 2 })} ${unit}`;
}

export function limitBodies(config: Pick<Config, 'uploadLimitBytes'>): MiddlewareHandler {
  const tooLarge = (what: string, limit: number) => (c: Context) =>
    c.json({ error: { code: 'payload_too_large', message: `${what} trop volumineux : la limite est de ${sizeInFrench(limit)}.`, details: [] } }, 413);
  const forUploads = bodyLimit({
    maxSize: config.uploadLimitBytes,
    onError: (c) =>
      c.json(
        {
          error: {
            code: 'payload_too_large',
            message: `Fichier trop volumineux : la limite est de ${sizeInFrench(config.uploadLimitBytes)}. Découpez-le ou contactez la Région.`,
            details: [],
          },
        },
        413,
      ),
  });
  const forOthers = bodyLimit({ maxSize: JSON_BODY_LIMIT_BYTES, onError: tooLarge('Corps de requête', JSON_BODY_LIMIT_BYTES) });
  return (c, next) => {
    if (!(c.req.method === 'PUT' && UPLOAD_PATH.test(c.req.path))) return forOthers(c, next);
    // A raw file body is counted while it is spooled to disk (server/reports/spool.ts); only an announced
    // length is refused here, so that a chunked one is not first buffered in memory.
    const multipart = (c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/');
    if (multipart || c.req.header('content-length')) return forUploads(c, next);
    return next();
  };
}
