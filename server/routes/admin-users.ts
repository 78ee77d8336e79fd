import { Hono } from 'hono';
import { z } from 'zod';
import { describeRoute } from 'hono-openapi';
import { closeOtherSessions } from '../accounts/login.ts';
import { changes } from '../admin/changes.ts';
import { assertActiveOperator } from '../admin/references.ts';
import { ROLE_LABELS, UserCreateBody, UserIdParam, UserListQuery, UserPatchBody } from '../admin/schemas.ts';
import { assertEmailFree, assertNotLastRegionUser, findUser, toUserView } from '../admin/users.ts';
import { recordAudit } from '../audit.ts';
import { currentUser, requireRole } from '../auth/middleware.ts';
import { assertStrongPassword } from '../auth/password-check.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { inviteUser } from '../mail/invitations.ts';
import { NO_PASSWORD } from '../mail/preferences.ts';
import { mailServiceFor } from '../mail/service.ts';
import { valid } from '../validation.ts';
import { CreatedUserAnswer, UserView } from '../admin/answers.ts';
import { jsonAnswer } from '../openapi.ts';

const tags = ['Administration : utilisateurs'];

export function adminUserRoutes({ db, config }: AppDeps) {
  return new Hono<AppEnv>()
    .get('/users', describeRoute({ tags, summary: 'Comptes utilisateurs', responses: jsonAnswer(z.array(UserView), 'Les comptes') }), requireRole('region'), valid('query', UserListQuery), async (c) => {
      const { role, operator } = c.req.valid('query');
      let query = db.selectFrom('users').selectAll().orderBy('role').orderBy('email');
      if (role) query = query.where('role', '=', role);
      if (operator) query = query.where('operator_id', '=', operator);
      return c.json((await query.execute()).map(toUserView));
    })
    .get('/users/:id', describeRoute({ tags, summary: 'Un compte utilisateur', responses: jsonAnswer(UserView, 'Le compte') }), requireRole('region'), valid('param', UserIdParam), async (c) => {
      const user = await findUser(db, c.req.valid('param').id);
      if (!user) throw notFound('Utilisateur');
      return c.json(toUserView(user));
    })
    .post(
      '/users',
      describeRoute({
        tags,
        summary: 'Créer un compte (rôle operator : rattaché à un opérateur) ; sans mot de passe, une invitation est envoyée',
        description:
          'Sans `password`, l’utilisateur reçoit par e-mail un lien à usage unique (72 h) pour choisir son mot de passe : `invitation: "sent"`. ' +
          'Sans serveur SMTP configuré, la réponse donne ce lien une seule fois, à transmettre : `invitation: { link }`.',
        responses: jsonAnswer(CreatedUserAnswer, 'Le compte créé', 201),
      }),
      requireRole('region'),
      valid('json', UserCreateBody),
      async (c) => {
        const me = currentUser(c);
        const body = c.req.valid('json');
        const email = body.email.toLowerCase();
        const operator = body.role === 'operator' ? body.operator! : null;
        await assertEmailFree(db, email);
        if (operator) await assertActiveOperator(db, operator);
        if (body.password !== undefined) await assertStrongPassword(config, body.password, email);
        const passwordHash = body.password !== undefined ? await hashPassword(body.password) : NO_PASSWORD;
        const mail = mailServiceFor(db, config);
        const { row, invitation } = await db.transaction().execute(async (trx) => {
          const created = await trx
            .insertInto('users')
            .values({ email, password_hash: passwordHash, role: body.role, operator_id: operator, created_at: new Date().toISOString(), locked_until: null, disabled_at: null })
            .returningAll()
            .executeTakeFirstOrThrow();
          const invited = body.password === undefined ? await inviteUser(trx, config, mail, created) : undefined;
          await recordAudit(trx, {
            userId: me.id,
            action: 'user.create',
            entity: 'user',
            entityId: created.id,
            details: { email, role: body.role, operator, invitation: invited === undefined ? null : invited === 'sent' ? 'sent' : 'link_shown' },
          });
          return { row: created, invitation: invited };
        });
        mail.kick();
        return c.json({ ...toUserView(row), ...(invitation !== undefined && { invitation }) }, 201);
      },
    )
    .patch(
      '/users/:id',
      describeRoute({ tags, summary: 'Modifier un compte : rôle, opérateur, désactivation, nouveau mot de passe, déverrouillage', responses: jsonAnswer(UserView, 'Le compte modifié') }),
      requireRole('region'),
      valid('param', UserIdParam),
      valid('json', UserPatchBody),
      async (c) => {
        const me = currentUser(c);
        const { id } = c.req.valid('param');
        const body = c.req.valid('json');
        const before = await findUser(db, id);
        if (!before) throw notFound('Utilisateur');

        const role = body.role ?? before.role;
        const operator = role !== 'operator' ? (body.operator ?? null) : body.operator === undefined ? before.operator_id : body.operator;
        if ((role === 'operator') !== Boolean(operator)) {
          throw new AppError(
            422,
            'invalid_role',
            role === 'operator'
              ? 'Un compte « Opérateur » doit être rattaché à un opérateur'
              : `Un compte « ${ROLE_LABELS[role]} » n’est rattaché à aucun opérateur : choisissez le rôle « Opérateur » ou retirez l’opérateur`,
            [{ path: 'operator', value: operator }],
          );
        }
        if (operator && operator !== before.operator_id) await assertActiveOperator(db, operator);
        const email = body.email?.toLowerCase() ?? before.email;
        if (email !== before.email) await assertEmailFree(db, email, id);
        const disabledAt = body.disabled === undefined ? before.disabled_at : body.disabled ? (before.disabled_at ?? new Date().toISOString()) : null;
        if (role !== 'region' || disabledAt) await assertNotLastRegionUser(db, before);
        if (body.password) await assertStrongPassword(config, body.password, email);
        const passwordHash = body.password ? await hashPassword(body.password) : before.password_hash;

        const after = { email, role, operator, disabled: disabledAt !== null };
        const row = await db.transaction().execute(async (trx) => {
          const resetsLock = body.unlock || body.password;
          const updated = await trx
            .updateTable('users')
            .set({
              email,
              role,
              operator_id: operator,
              disabled_at: disabledAt,
              password_hash: passwordHash,
              ...(resetsLock ? { failed_logins: 0, locked_until: null } : {}),
            })
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirstOrThrow();
          // A new password or a disabled account must not leave a session open somewhere.
          if (body.password || disabledAt) await closeOtherSessions(trx, id);
          await recordAudit(trx, {
            userId: me.id,
            action: 'user.update',
            entity: 'user',
            entityId: id,
            details: {
              ...changes({ email: before.email, role: before.role, operator: before.operator_id, disabled: before.disabled_at !== null }, after),
              ...(body.password ? { passwordReset: true } : {}),
              ...(body.unlock ? { unlocked: true } : {}),
            },
          });
          return updated;
        });
        return c.json(toUserView(row));
      },
    )
    .delete(
      '/users/:id',
      describeRoute({ tags, summary: 'Désactiver un compte (jamais supprimé : le journal garde ses actions)', responses: jsonAnswer(UserView, 'Le compte désactivé') }),
      requireRole('region'),
      valid('param', UserIdParam),
      async (c) => {
        const me = currentUser(c);
        const { id } = c.req.valid('param');
        const before = await findUser(db, id);
        if (!before) throw notFound('Utilisateur');
        if (before.disabled_at) return c.json(toUserView(before));
        await assertNotLastRegionUser(db, before);
        const row = await db.transaction().execute(async (trx) => {
          const updated = await trx.updateTable('users').set({ disabled_at: new Date().toISOString() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
          await closeOtherSessions(trx, id);
          await recordAudit(trx, { userId: me.id, action: 'user.disable', entity: 'user', entityId: id, details: { email: before.email } });
          return updated;
        });
        return c.json(toUserView(row));
      },
    );
}
