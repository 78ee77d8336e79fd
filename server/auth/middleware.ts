import { createMiddleware } from 'hono/factory';
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { AppError } from '../errors.ts';
import type { AppEnv, AuthUser } from '../context.ts';
import { isSameOriginChange } from '../edge/request-origin.ts';
import { readSessionCookie, SESSION_COOKIE_NAMES } from './session-cookie.ts';
import { hashSecret } from './tokens.ts';

/** The session cookie's name over plain HTTP (tests, a laptop); over HTTPS it is `__Host-tess_session`. */
export const SESSION_COOKIE = SESSION_COOKIE_NAMES.plain;
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/**
 * Logging in authenticates from the body, never from the current cookie: a browser whose page lost its
 * CSRF token (reload after expiry) must still be able to log in again. Not a CSRF opening: the route
 * needs a JSON body, which a cross-site form cannot send without a CORS preflight.
 */
const LOGIN = { method: 'POST', path: '/api/v1/session' };

const toAuthUser = (row: { id: number; email: string; role: Role; operator_id: string | null }, via: AuthUser['via']): AuthUser => ({
  id: row.id,
  email: row.email,
  role: row.role,
  operatorId: row.operator_id,
  via,
});

/**
 * Whether an account may act: not disabled, and not attached to an archived operator. Archiving an operator
 * cuts its accounts off at once (sessions and tokens included) without touching them: unarchiving restores them.
 */
export const accountActive = (row: { disabled_at: string | null; operator_archived_at: string | null }) =>
  !row.disabled_at && !row.operator_archived_at;

/** Looks up the user behind a session cookie value; null when unknown, expired, disabled or of an archived operator. */
export async function userFromSession(db: Db, cookieValue: string): Promise<(AuthUser & { csrfToken: string }) | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('operators', 'operators.id', 'users.operator_id')
    .select(['users.id', 'users.email', 'users.role', 'users.operator_id', 'users.disabled_at', 'operators.archived_at as operator_archived_at'])
    .select(['sessions.csrf_token', 'sessions.expires_at'])
    .where('sessions.id', '=', hashSecret(cookieValue))
    .executeTakeFirst();
  if (!row || !accountActive(row) || row.expires_at <= new Date().toISOString()) return null;
  return { ...toAuthUser(row, 'session'), csrfToken: row.csrf_token };
}

/** Looks up the user behind a Bearer API token; null when unknown, revoked, disabled or of an archived operator. */
export async function userFromApiToken(db: Db, token: string): Promise<AuthUser | null> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .leftJoin('operators', 'operators.id', 'users.operator_id')
    .select(['users.id', 'users.email', 'users.role', 'users.operator_id', 'users.disabled_at', 'operators.archived_at as operator_archived_at'])
    .select(['api_tokens.id as tokenId', 'api_tokens.revoked_at'])
    .where('api_tokens.token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row || row.revoked_at || !accountActive(row)) return null;
  await db.updateTable('api_tokens').set({ last_used_at: new Date().toISOString() }).where('id', '=', row.tokenId).execute();
  return toAuthUser(row, 'token');
}

/**
 * Resolves `c.var.user` from a Bearer token or the session cookie. A cookie-authenticated change
 * (POST/PUT/PATCH/DELETE) must carry the session's CSRF token in `X-CSRF-Token`: a cross-site form or
 * fetch cannot read it, so it cannot forge the change. Bearer requests are not exposed to CSRF.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const db = c.var.deps.db;
  let user: AuthUser | null = null;
  const authorization = c.req.header('authorization');
  if (authorization?.startsWith('Bearer ')) {
    const token = authorization.slice('Bearer '.length).trim();
    user = token.length <= 200 ? await userFromApiToken(db, token) : null;
    if (!user) throw new AppError(401, 'unauthenticated', 'Jeton d’API invalide ou révoqué');
  } else if (!(c.req.method === LOGIN.method && c.req.path === LOGIN.path)) {
    const cookie = readSessionCookie(c, c.var.deps.config);
    const sessionUser = cookie && cookie.length <= 100 ? await userFromSession(db, cookie) : null;
    if (sessionUser) {
      const { csrfToken, ...rest } = sessionUser;
      if (!SAFE_METHODS.has(c.req.method) && !isSameOriginChange(c, c.var.deps.config)) {
        throw new AppError(403, 'cross_origin', 'Requête refusée : elle ne vient pas d’une page de l’application (origine différente)');
      }
      if (!SAFE_METHODS.has(c.req.method) && c.req.header(CSRF_HEADER) !== csrfToken) {
        throw new AppError(403, 'csrf', 'Requête refusée : jeton anti-CSRF absent ou invalide (rechargez la page)');
      }
      user = rest;
    }
  }
  c.set('user', user);
  await next();
});

/** Refuses with 401 when nobody is logged in, 403 when the role is not among `roles`. */
export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = c.var.user;
    if (!user) throw new AppError(401, 'unauthenticated', 'Connexion requise');
    if (!roles.includes(user.role)) throw new AppError(403, 'forbidden', 'Votre rôle ne permet pas cette action');
    await next();
  });
}

/** The logged-in user (after requireRole). */
export function currentUser(c: { var: { user: AuthUser | null } }): AuthUser {
  const user = c.var.user;
  if (!user) throw new AppError(401, 'unauthenticated', 'Connexion requise');
  return user;
}

/**
 * Operators may only touch their own operator: answers 404 (not 403) so that an operator cannot even
 * learn which other operator ids exist. Region users may touch any operator.
 */
export function assertOperatorAccess(user: AuthUser, operatorId: string): void {
  if (user.role === 'region') return;
  if (user.role === 'operator' && user.operatorId === operatorId) return;
  throw new AppError(404, 'not_found', 'Ressource introuvable');
}
