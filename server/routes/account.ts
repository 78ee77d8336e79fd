import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import { z } from 'zod';
import { CreatedTokenAnswer, LoginAnswer, PasswordChangedAnswer, SessionAnswer, TokenAnswer } from '../accounts/answers.ts';
import { getCookie, setCookie } from 'hono/cookie';
import { createApiToken, findApiToken, listApiTokens, revokeApiToken, toTokenView } from '../accounts/api-tokens.ts';
import { DEVICE_COOKIE_MAX_AGE_S, issueDeviceCookie, trustedDevice } from '../accounts/device-cookie.ts';
import { checkCredentials, checkCurrentPassword, closeOtherSessions, closeSession, openSession, SESSION_MS } from '../accounts/login.ts';
import { IdParam, LoginBody, PasswordChangeBody, TokenCreateBody } from '../accounts/schemas.ts';
import { recordAudit } from '../audit.ts';
import { clientAddress } from '../auth/client-address.ts';
import { currentUser, requireRole, userFromSession } from '../auth/middleware.ts';
import { assertStrongPassword } from '../auth/password-check.ts';
import { hashPassword } from '../auth/passwords.ts';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from '../auth/session-cookie.ts';
import { cameOverHttps } from '../edge/request-origin.ts';
import type { AppDeps, AppEnv, AuthUser } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { valid } from '../validation.ts';

const tags = ['Compte'];
const ANY_ROLE = ['region', 'operator', 'cotech'] as const;

const DEVICE_COOKIE = 'tess_device';

/** The signed-in user as the API shows it, with its operator's name for the page header. */
async function userView(db: AppDeps['db'], user: Pick<AuthUser, 'id' | 'email' | 'role' | 'operatorId'>) {
  const operator = user.operatorId ? await db.selectFrom('operators').select('name').where('id', '=', user.operatorId).executeTakeFirst() : undefined;
  return { id: user.id, email: user.email, role: user.role, operator: user.operatorId, operatorName: operator?.name ?? null };
}

/** Creating tokens and changing the password need a password login: a leaked token must not perpetuate itself. */
function requireSession(user: AuthUser): void {
  if (user.via !== 'session') {
    throw new AppError(403, 'session_required', 'Cette action exige une connexion par mot de passe, pas un jeton d’API');
  }
}

export function accountRoutes(deps: AppDeps) {
  const { db, config } = deps;

  return new Hono<AppEnv>()
    .post(
      '/session',
      describeRoute({ tags, summary: 'Se connecter (cookie de session et jeton anti-CSRF)', responses: { 200: { description: 'Connecté', content: { 'application/json': { schema: resolver(LoginAnswer) } } } } }),
      valid('json', LoginBody),
      async (c) => {
        const body = c.req.valid('json');
        const address = clientAddress(c, config.trustedProxies);
        const deviceNonce = await trustedDevice(db, getCookie(c, DEVICE_COOKIE), body.email.trim());
        const user = await checkCredentials(db, { ...body, address, deviceNonce });
        // Logging in again from the same browser replaces its previous session.
        const previous = readSessionCookie(c, config);
        if (previous) await closeSession(db, previous);
        const session = await openSession(db, user.id);
        writeSessionCookie(c, config, session.secret, SESSION_MS / 1000);
        setCookie(c, DEVICE_COOKIE, await issueDeviceCookie(db, user.email), {
          httpOnly: true,
          sameSite: 'Strict',
          secure: config.secureCookies || cameOverHttps(c, config),
          path: '/api/v1/session',
          maxAge: DEVICE_COOKIE_MAX_AGE_S,
        });
        await recordAudit(db, { userId: user.id, action: 'session.login', entity: 'user', entityId: user.id, details: { address, knownDevice: deviceNonce !== null } });
        const answer: z.infer<typeof LoginAnswer> = { user: await userView(db, user), csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
        return c.json(answer);
      },
    )
    .get(
      '/session',
      describeRoute({ tags, summary: 'Utilisateur connecté et jeton anti-CSRF de la session', responses: { 200: { description: 'La session', content: { 'application/json': { schema: resolver(SessionAnswer) } } } } }),
      requireRole(...ANY_ROLE),
      async (c) => {
        const user = currentUser(c);
        const cookie = readSessionCookie(c, config);
        const session = user.via === 'session' && cookie ? await userFromSession(db, cookie) : null;
        const answer: z.infer<typeof SessionAnswer> = { user: await userView(db, user), via: user.via, csrfToken: session?.csrfToken ?? null };
        return c.json(answer);
      },
    )
    .delete('/session', describeRoute({ tags, summary: 'Se déconnecter' }), async (c) => {
      const cookie = readSessionCookie(c, config);
      const userId = cookie ? await closeSession(db, cookie) : null;
      if (userId !== null) {
        await recordAudit(db, { userId, action: 'session.logout', entity: 'user', entityId: userId, details: { address: clientAddress(c, config.trustedProxies) } });
      }
      clearSessionCookie(c, config);
      return c.body(null, 204);
    })
    .post(
      '/account/password',
      describeRoute({ tags, summary: 'Changer son mot de passe (ferme ses autres sessions)', responses: { 200: { description: 'Mot de passe changé', content: { 'application/json': { schema: resolver(PasswordChangedAnswer) } } } } }),
      requireRole(...ANY_ROLE),
      valid('json', PasswordChangeBody),
      async (c) => {
        const user = currentUser(c);
        requireSession(user);
        const { current, next } = c.req.valid('json');
        await checkCurrentPassword(db, user.id, current, clientAddress(c, config.trustedProxies));
        if (current === next) throw new AppError(400, 'same_password', 'Le nouveau mot de passe doit différer de l’actuel');
        await assertStrongPassword(config, next, user.email, 'next');
        const hash = await hashPassword(next);
        const closed = await db.transaction().execute(async (trx) => {
          await trx.updateTable('users').set({ password_hash: hash, failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
          const count = await closeOtherSessions(trx, user.id, readSessionCookie(c, config));
          await recordAudit(trx, {
            userId: user.id,
            action: 'user.password_change',
            entity: 'user',
            entityId: user.id,
            details: { otherSessionsClosed: count, address: clientAddress(c, config.trustedProxies) },
          });
          return count;
        });
        const answer: z.infer<typeof PasswordChangedAnswer> = { changed: true, otherSessionsClosed: closed };
        return c.json(answer);
      },
    )
    .post(
      '/tokens',
      describeRoute({
        tags,
        summary: 'Créer un jeton d’API personnel (affiché une seule fois)',
        responses: { 201: { description: 'Jeton créé', content: { 'application/json': { schema: resolver(CreatedTokenAnswer) } } } },
      }),
      requireRole(...ANY_ROLE),
      valid('json', TokenCreateBody),
      async (c) => {
        const user = currentUser(c);
        requireSession(user);
        const { name } = c.req.valid('json');
        const { token, secret } = await db.transaction().execute(async (trx) => {
          const created = await createApiToken(trx, user.id, name);
          await recordAudit(trx, { userId: user.id, action: 'token.create', entity: 'api_token', entityId: created.token.id, details: { name } });
          return created;
        });
        const answer: z.infer<typeof CreatedTokenAnswer> = { ...token, token: secret };
        return c.json(answer, 201);
      },
    )
    .get(
      '/tokens',
      describeRoute({
        tags,
        summary: 'Mes jetons d’API (sans leur valeur)',
        responses: { 200: { description: 'Mes jetons', content: { 'application/json': { schema: resolver(z.array(TokenAnswer)) } } } },
      }),
      requireRole(...ANY_ROLE),
      async (c) => {
        const answer: z.infer<typeof TokenAnswer>[] = await listApiTokens(db, currentUser(c).id);
        return c.json(answer);
      },
    )
    .delete(
      '/tokens/:id',
      describeRoute({ tags, summary: 'Révoquer un jeton d’API (le sien ; la Région : n’importe lequel)', responses: { 200: { description: 'Le jeton révoqué', content: { 'application/json': { schema: resolver(TokenAnswer) } } } } }),
      requireRole(...ANY_ROLE),
      valid('param', IdParam),
      async (c) => {
        const user = currentUser(c);
        const { id } = c.req.valid('param');
        const token = await findApiToken(db, id);
        if (!token || (token.user_id !== user.id && user.role !== 'region')) throw notFound('Jeton');
        if (token.revoked_at) return c.json(toTokenView(token));
        const revoked = await db.transaction().execute(async (trx) => {
          const view = await revokeApiToken(trx, id);
          await recordAudit(trx, { userId: user.id, action: 'token.revoke', entity: 'api_token', entityId: id, details: { name: token.name, owner: token.user_id } });
          return view;
        });
        return c.json(revoked);
      },
    );
}
