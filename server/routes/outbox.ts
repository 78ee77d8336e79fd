// The outbox, as the Region sees it (issue 11): every mail queued, sent or failed and why, most recent
// first; a failed one can be queued again. Mail bodies are not listed: subjects say what each one was.
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { recordAudit } from '../audit.ts';
import { currentUser, requireRole } from '../auth/middleware.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { conflict, notFound } from '../errors.ts';
import { mailServiceFor } from '../mail/service.ts';
import { jsonAnswer } from '../openapi.ts';
import { valid } from '../validation.ts';

const tags = ['Messages'];
const STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;

const OutboxQuery = z.object({
  status: z.enum(STATUSES, { error: 'statut attendu : pending, sending, sent ou failed' }).optional(),
  limit: z.coerce.number({ error: 'Nombre attendu' }).int('Nombre entier attendu').min(1, 'Au moins 1').max(500, '500 au plus').default(100),
});
const OutboxParam = z.object({ id: z.coerce.number({ error: 'numéro de message attendu' }).int().positive('numéro de message attendu') });

const OutboxEntry = z.object({
  id: z.number().int(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  status: z.enum(STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
const OutboxAnswer = z.object({ configured: z.boolean().describe('false : aucun serveur SMTP configuré (TERRITOIRES_SMTP_URL)'), entries: z.array(OutboxEntry) });

export function outboxRoutes(deps: AppDeps) {
  const { db, config } = deps;
  const view = (r: { id: number; kind: string; to_address: string; subject: string; status: (typeof STATUSES)[number]; attempts: number; last_error: string | null; next_attempt_at: string; created_at: string; sent_at: string | null }) => ({
    id: r.id,
    kind: r.kind,
    to: r.to_address,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  });
  const columns = ['id', 'kind', 'to_address', 'subject', 'status', 'attempts', 'last_error', 'next_attempt_at', 'created_at', 'sent_at'] as const;

  return new Hono<AppEnv>()
    .get(
      '/outbox',
      describeRoute({ tags, summary: 'File d’envoi des e-mails (Région) : envoyés, en attente, en échec et pourquoi', responses: jsonAnswer(OutboxAnswer, 'Les messages, du plus récent au plus ancien') }),
      requireRole('region'),
      valid('query', OutboxQuery),
      async (c) => {
        const q = c.req.valid('query');
        let query = db.selectFrom('outbox').select(columns).orderBy('id', 'desc').limit(q.limit);
        if (q.status) query = query.where('status', '=', q.status);
        return c.json({ configured: mailServiceFor(db, config).configured, entries: (await query.execute()).map(view) });
      },
    )
    .post(
      '/outbox/:id/retry',
      describeRoute({ tags, summary: 'Renvoyer un message en échec (Région)', responses: jsonAnswer(OutboxEntry, 'Le message, de nouveau en attente') }),
      requireRole('region'),
      valid('param', OutboxParam),
      async (c) => {
        const user = currentUser(c);
        const { id } = c.req.valid('param');
        const row = await db.selectFrom('outbox').select(columns).where('id', '=', id).executeTakeFirst();
        if (!row) throw notFound('Message');
        if (row.status !== 'failed') throw conflict('Seul un message en échec peut être renvoyé.');
        const updated = await db.transaction().execute(async (trx) => {
          const again = await trx
            .updateTable('outbox')
            .set({ status: 'pending', attempts: 0, next_attempt_at: new Date().toISOString() })
            .where('id', '=', id)
            .where('status', '=', 'failed')
            .returning(columns)
            .executeTakeFirstOrThrow();
          await recordAudit(trx, { userId: user.id, action: 'outbox.retry', entity: 'outbox', entityId: id, details: { kind: row.kind, lastError: row.last_error } });
          return again;
        });
        mailServiceFor(db, config).kick();
        return c.json(view(updated));
      },
    );
}
