// « Mon compte » → Notifications (issue 11): each user turns each kind of notice on or off.
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { recordAudit } from '../audit.ts';
import { currentUser, requireRole } from '../auth/middleware.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { NOTICE_KIND_NAMES, type NoticeKind, preferencesOf } from '../mail/preferences.ts';
import { jsonAnswer } from '../openapi.ts';
import { valid } from '../validation.ts';

const tags = ['Compte'];
const Preferences = z.object({
  notifications: z.array(z.object({ kind: z.enum(NOTICE_KIND_NAMES as [string, ...string[]]), label: z.string(), enabled: z.boolean() })),
});
const PatchBody = z
  .partialRecord(z.enum(NOTICE_KIND_NAMES as [string, ...string[]], { error: `type de message inconnu (attendus : ${NOTICE_KIND_NAMES.join(', ')})` }), z.boolean({ error: 'true ou false attendu' }))
  .refine((b) => Object.keys(b).length > 0, 'Aucun choix à enregistrer');

export function notificationRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get(
      '/account/notifications',
      describeRoute({ tags, summary: 'Mes notifications : chaque type de message et s’il m’est envoyé', responses: jsonAnswer(Preferences, 'Mes choix') }),
      requireRole('region', 'cotech', 'operator'),
      async (c) => c.json({ notifications: await preferencesOf(db, currentUser(c)) }),
    )
    .patch(
      '/account/notifications',
      describeRoute({ tags, summary: 'Activer ou couper des types de messages, par exemple {"report_reminders": false}', responses: jsonAnswer(Preferences, 'Mes choix enregistrés') }),
      requireRole('region', 'cotech', 'operator'),
      valid('json', PatchBody),
      async (c) => {
        const user = currentUser(c);
        const body = c.req.valid('json') as Record<string, boolean>;
        const mine = new Set((await preferencesOf(db, user)).map((p) => p.kind));
        const foreign = Object.keys(body).filter((kind) => !mine.has(kind as NoticeKind));
        if (foreign.length) {
          throw new AppError(422, 'invalid_request', `Ces messages ne concernent pas votre rôle : ${foreign.join(', ')}`, foreign.map((field) => ({ field, message: 'ne concerne pas votre rôle' })));
        }
        await db.transaction().execute(async (trx) => {
          for (const [kind, enabled] of Object.entries(body)) {
            await trx
              .insertInto('notification_settings')
              .values({ user_id: user.id, kind, enabled: enabled ? 1 : 0 })
              .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ enabled: enabled ? 1 : 0 }))
              .execute();
          }
          await recordAudit(trx, { userId: user.id, action: 'user.notifications', entity: 'user', entityId: user.id, details: body });
        });
        return c.json({ notifications: await preferencesOf(db, user) });
      },
    );
}
