import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** A domain error the API answers as `{ error: { code, message, details } }`. Messages are in French: users read them. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what = 'Ressource') => new AppError(404, 'not_found', `${what} introuvable`);
export const forbidden = (message = 'Accès refusé') => new AppError(403, 'forbidden', message);
export const conflict = (message: string, details?: unknown) => new AppError(409, 'conflict', message, details);
