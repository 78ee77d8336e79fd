// The shapes of the account routes' answers, as zod schemas: the routes type their answers with them and
// the OpenAPI document states them as success schemas (issue 9).
import { z } from 'zod';

export const UserAnswer = z.object({
  id: z.number().int(),
  email: z.string(),
  role: z.enum(['region', 'operator', 'cotech']),
  operator: z.string().nullable(),
  operatorName: z.string().nullable(),
});

export const LoginAnswer = z.object({
  user: UserAnswer,
  csrfToken: z.string().describe('À renvoyer dans l’en-tête X-CSRF-Token de chaque modification'),
  expiresAt: z.string().describe('Fin de la session (ISO 8601)'),
});

export const SessionAnswer = z.object({
  user: UserAnswer,
  via: z.enum(['session', 'token']),
  csrfToken: z.string().nullable(),
});

export const TokenAnswer = z.object({
  id: z.number().int(),
  name: z.string(),
  userId: z.number().int(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const CreatedTokenAnswer = TokenAnswer.extend({ token: z.string().describe('La valeur du jeton, affichée cette seule fois') });

export const PasswordChangedAnswer = z.object({ changed: z.literal(true), otherSessionsClosed: z.number().int() });
