import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ValidationTargets } from 'hono';
import { validator } from 'hono-openapi';
import { z } from 'zod';
import { AppError } from './errors.ts';

const number = (n: number | bigint) => new Intl.NumberFormat('fr-FR').format(n);
const plural = (n: number | bigint, word: string) => `${number(n)} ${word}${Number(n) > 1 ? 's' : ''}`;

const EXPECTED_TYPE: Readonly<Record<string, string>> = {
  string: 'Texte attendu',
  number: 'Nombre attendu',
  int: 'Nombre entier attendu',
  bigint: 'Nombre entier attendu',
  boolean: 'Valeur vrai ou faux attendue',
  array: 'Liste attendue',
  object: 'Objet attendu',
  date: 'Date attendue',
};

const FORMATS: Readonly<Record<string, string>> = {
  email: 'Adresse e-mail invalide',
  date: 'Date attendue au format AAAA-MM-JJ (ex. 2025-03-31)',
  datetime: 'Date et heure attendues au format ISO 8601 (ex. 2025-03-31T12:00:00Z)',
  regex: 'Format invalide',
};

const frenchLocale = z.locales.fr().localeError;

/**
 * French messages for the issues a schema leaves without one of its own, worded for the people who read
 * them in the forms (« Valeur obligatoire » rather than « expected number, received null »); zod's French
 * locale covers the rare rest.
 */
const frenchIssueMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return 'Valeur obligatoire';
      return EXPECTED_TYPE[issue.expected] ?? frenchLocale?.(issue);
    case 'too_small': {
      const { minimum: min, inclusive, origin } = issue;
      if (origin === 'number' || origin === 'int' || origin === 'bigint') {
        if (!inclusive && Number(min) === 0) return 'Valeur strictement positive attendue';
        return inclusive ? `Valeur supérieure ou égale à ${number(min)} attendue` : `Valeur supérieure à ${number(min)} attendue`;
      }
      if (origin === 'string') return Number(min) <= 1 ? 'Valeur obligatoire' : `${plural(min, 'caractère')} au moins`;
      if (origin === 'array' || origin === 'set') return Number(min) <= 1 ? 'Choisissez au moins un élément' : `${plural(min, 'élément')} au moins`;
      return frenchLocale?.(issue);
    }
    case 'too_big': {
      const { maximum: max, inclusive, origin } = issue;
      if (origin === 'number' || origin === 'int' || origin === 'bigint') {
        return inclusive ? `Valeur inférieure ou égale à ${number(max)} attendue` : `Valeur inférieure à ${number(max)} attendue`;
      }
      if (origin === 'string') return `${plural(max, 'caractère')} au plus`;
      if (origin === 'array' || origin === 'set') return `${plural(max, 'élément')} au plus`;
      return frenchLocale?.(issue);
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `Valeur attendue : ${String(issue.values[0])}`
        : `Valeur attendue parmi : ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return FORMATS[issue.format] ?? frenchLocale?.(issue);
    case 'not_multiple_of':
      return `Multiple de ${number(issue.divisor)} attendu`;
    case 'unrecognized_keys':
      return issue.keys.length > 1 ? `Champs inconnus : ${issue.keys.join(', ')}` : `Champ inconnu : ${issue.keys[0]}`;
    default:
      return frenchLocale?.(issue);
  }
};

// For the whole process, before any request is validated: every route imports this module, and the
// report files' and rules' schemas parse with the same configuration. A schema's own message still wins.
z.config({ localeError: frenchIssueMessage });

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
