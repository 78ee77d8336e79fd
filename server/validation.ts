import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ValidationTargets } from 'hono';
import { validator } from 'hono-openapi';
import { AppError } from './errors.ts';

/**
 * Validates a request part at the edge and documents it in /api/v1/openapi.json from the same schema.
 * Read the result with `c.req.valid(target)`. A failure answers
 * 400 `{ error: { code: 'invalid_request', message, details: [{ path, message }] } }`.
 */
export function valid<Schema extends StandardSchemaV1, Target extends keyof ValidationTargets>(
  target: Target,
  schema: Schema,
) {
  return validator(target, schema, (result) => {
    if (!result.success) {
      const details = result.error.map((issue) => ({
        path: (issue.path ?? []).map((p) => (typeof p === 'object' ? String(p.key) : String(p))).join('.'),
        message: issue.message,
      }));
      const where = { json: 'corps', query: 'paramètres', param: 'chemin', form: 'formulaire', header: 'en-têtes', cookie: 'cookies' }[target as string] ?? target;
      throw new AppError(400, 'invalid_request', `Requête invalide (${where}) : ${details.map((d) => `${d.path || 'valeur'} — ${d.message}`).join(' ; ')}`, details);
    }
  });
}
