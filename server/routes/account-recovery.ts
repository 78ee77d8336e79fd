// Getting into an account without a password (issue 11): accepting an invitation, and resetting a forgotten
// password. Public routes: the answer to a reset request is the same whether the address has an account or
// not, requests are throttled per client address and per address asked for, tokens are single-use and
// stored hashed, and a new password closes every session of the account.
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { closeOtherSessions } from '../accounts/login.ts';
import { password } from '../accounts/schemas.ts';
import { reserveAttempt } from '../accounts/throttle.ts';
import { recordAudit } from '../audit.ts';
import { clientAddress } from '../auth/client-address.ts';
import { assertStrongPassword } from '../auth/password-check.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { appUrl, passwordResetMessage, senderRegion } from '../mail/messages.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { mailServiceFor } from '../mail/service.ts';
import { consumeUserToken, createUserToken, findPendingToken, PASSWORD_RESET_TTL_MS } from '../mail/tokens.ts';
import { jsonAnswer } from '../openapi.ts';
import { valid } from '../validation.ts';

const tags = ['Compte'];

const ResetRequestBody = z.object({ email: z.string('Adresse e-mail requise').trim().min(3, 'Adresse e-mail requise').max(320, 'Adresse e-mail trop longue') });
const TokenPasswordBody = z.object({
  token: z.string('Lien incomplet : jeton manquant').trim().min(20, 'Lien incomplet : jeton manquant').max(200, 'Jeton invalide'),
  password,
});
const Accepted = z.object({ message: z.string() });
const PasswordSet = z.object({ message: z.string(), email: z.string() });

/** Per client address: a script trying addresses; per address asked for: mail-bombing one person. */
const PER_ADDRESS = { limit: 10, windowMs: 60 * 60_000 };
const PER_ACCOUNT = { limit: 3, windowMs: 60 * 60_000 };
const SAME_ANSWER = 'Si un compte correspond à cette adresse, un message vient de lui être envoyé avec un lien valable 30 minutes.';
const BAD_LINK = 'Ce lien n’est plus valable : il a déjà servi ou il a expiré. Demandez-en un nouveau.';

export function accountRecoveryRoutes(deps: AppDeps) {
  const { db, config } = deps;

  /** Sets a password from a single-use token: judged first (the token stays usable if it is refused). */
  async function setPasswordFromToken(purpose: 'invitation' | 'password_reset', token: string, next: string) {
    const pending = await findPendingToken(db, token, purpose);
    if (!pending || pending.disabled_at) throw new AppError(400, 'invalid_token', BAD_LINK, [{ field: 'token', message: BAD_LINK }]);
    await assertStrongPassword(config, next, pending.email);
    const hash = await hashPassword(next);
    return db.transaction().execute(async (trx) => {
      const userId = await consumeUserToken(trx, token, purpose);
      if (userId !== pending.id) throw new AppError(400, 'invalid_token', BAD_LINK, [{ field: 'token', message: BAD_LINK }]);
      await trx.updateTable('users').set({ password_hash: hash, failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
      const closed = await closeOtherSessions(trx, userId);
      await recordAudit(trx, {
        userId,
        action: purpose === 'invitation' ? 'user.invitation_accepted' : 'user.password_reset',
        entity: 'user',
        entityId: userId,
        details: { sessionsClosed: closed },
      });
      return { email: pending.email };
    });
  }

  return new Hono<AppEnv>()
    .post(
      '/password-reset',
      describeRoute({
        tags,
        summary: 'Mot de passe oublié : envoie un lien à usage unique (30 min) ; même réponse que l’adresse ait un compte ou non',
        responses: jsonAnswer(Accepted, 'Demande prise en compte', 202),
      }),
      valid('json', ResetRequestBody),
      async (c) => {
        const email = c.req.valid('json').email.toLowerCase();
        const address = clientAddress(c, config.trustedProxies);
        for (const [key, rule] of [[`reset-address:${address}`, PER_ADDRESS], [`reset-email:${email}`, PER_ACCOUNT]] as const) {
          const reservation = await reserveAttempt(db, key, rule);
          if (!reservation.ok) {
            const minutes = Math.ceil(reservation.retryMs / 60_000);
            c.header('Retry-After', String(Math.ceil(reservation.retryMs / 1000)));
            throw new AppError(429, 'too_many_attempts', `Trop de demandes de réinitialisation : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`);
          }
        }
        const mail = mailServiceFor(db, config);
        const user = await db.selectFrom('users').select(['id', 'email', 'disabled_at']).where('email', '=', email).executeTakeFirst();
        if (user && !user.disabled_at && mail.configured) {
          await db.transaction().execute(async (trx) => {
            const token = await createUserToken(trx, user.id, 'password_reset', PASSWORD_RESET_TTL_MS);
            await enqueueMail(trx, { kind: 'password_reset', userId: user.id, to: user.email, ...passwordResetMessage(senderRegion(config), appUrl(config, `/reinitialiser#jeton=${token}`), PASSWORD_RESET_TTL_MS / 60_000) });
            await recordAudit(trx, { userId: user.id, action: 'user.password_reset_request', entity: 'user', entityId: user.id, details: { address } });
          });
          mail.kick();
        }
        return c.json({ message: SAME_ANSWER }, 202);
      },
    )
    .post(
      '/password-reset/confirm',
      describeRoute({ tags, summary: 'Choisir un nouveau mot de passe avec le lien reçu : ferme toutes les sessions du compte', responses: jsonAnswer(PasswordSet, 'Mot de passe changé') }),
      valid('json', TokenPasswordBody),
      async (c) => {
        const body = c.req.valid('json');
        const { email } = await setPasswordFromToken('password_reset', body.token, body.password);
        return c.json({ message: 'Mot de passe changé : connectez-vous avec le nouveau.', email });
      },
    )
    .post(
      '/invitations/confirm',
      describeRoute({ tags, summary: 'Accepter une invitation : choisir son mot de passe avec le lien reçu (72 h)', responses: jsonAnswer(PasswordSet, 'Mot de passe choisi') }),
      valid('json', TokenPasswordBody),
      async (c) => {
        const body = c.req.valid('json');
        const { email } = await setPasswordFromToken('invitation', body.token, body.password);
        return c.json({ message: 'Mot de passe enregistré : vous pouvez vous connecter.', email });
      },
    );
}
