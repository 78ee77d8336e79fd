import { z } from 'zod';

// Request schemas of the account routes: shared constants so that validation and the OpenAPI
// document (/api/v1/openapi.json) come from the same definitions.

export const MIN_PASSWORD_LENGTH = 10;

export const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Le mot de passe doit comporter au moins ${MIN_PASSWORD_LENGTH} caractères`)
  .max(200, 'Le mot de passe ne doit pas dépasser 200 caractères');

export const LoginBody = z.object({
  email: z.string().trim().min(1, 'Adresse e-mail requise').max(320),
  password: z.string().min(1, 'Mot de passe requis').max(1000),
});

export const PasswordChangeBody = z.object({
  current: z.string().min(1, 'Mot de passe actuel requis').max(1000),
  next: password,
});

export const TokenCreateBody = z.object({
  name: z.string().trim().min(1, 'Donnez un nom au jeton (ex. « import tableur »)').max(100, '100 caractères au plus'),
});

export const IdParam = z.object({
  id: z.coerce.number().int('Identifiant entier attendu').positive('Identifiant positif attendu'),
});
