// The outbox: requests write a mail here, in their own transaction, and never wait for SMTP. A delivery
// pass (the scheduler, or right after a request queued something) sends what is due, one row at a time:
// a row is claimed ('sending') before it is sent and marked 'sent' after, so two passes never send it twice;
// a failure is retried with backoff, then kept as 'failed' with the reason for the Region to read.
import type { Db } from '../../db/database.ts';
import type { Mailer } from './transport.ts';

/** Waits between attempts: 1 min, 5 min, 30 min, 2 h, 12 h; then the row is failed. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 12 * 3600_000];

export interface OutgoingMail {
  kind: string;
  userId: number | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** A reminder or digest already queued under this key is not queued again */
  dedupeKey?: string;
}

/** @returns false when a mail with the same dedupe key was queued before. */
export async function enqueueMail(db: Db, mail: OutgoingMail, now = new Date()): Promise<boolean> {
  const at = now.toISOString();
  const result = await db
    .insertInto('outbox')
    .values({
      kind: mail.kind,
      user_id: mail.userId,
      to_address: mail.to,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html,
      dedupe_key: mail.dedupeKey ?? null,
      status: 'pending',
      next_attempt_at: at,
      last_error: null,
      created_at: at,
      sent_at: null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * A row left 'sending' by a process that died may or may not have reached the SMTP server: it is not sent
 * again (a duplicate reset link or reminder is worse than a missing one the Region can see) but failed with
 * the reason, for the Region to resend from the outbox if needed.
 */
export async function recoverInterrupted(db: Db): Promise<number> {
  const result = await db
    .updateTable('outbox')
    .set({ status: 'failed', last_error: 'Envoi interrompu (arrêt du serveur) : non renvoyé, pour ne pas l’envoyer deux fois.' })
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Sends every due row; @returns how many were sent and how many failed this pass. */
export async function deliverDue(db: Db, mailer: Mailer | null, now = () => new Date()): Promise<{ sent: number; failed: number }> {
  const counts = { sent: 0, failed: 0 };
  if (!mailer) return counts;
  for (;;) {
    const due = await db
      .selectFrom('outbox')
      .select(['id', 'to_address', 'subject', 'text_body', 'html_body', 'attempts'])
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now().toISOString())
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (!due) return counts;
    const claimed = await db.updateTable('outbox').set({ status: 'sending', attempts: due.attempts + 1 }).where('id', '=', due.id).where('status', '=', 'pending').executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue; // another pass took it
    try {
      await mailer.send({ to: due.to_address, subject: due.subject, text: due.text_body, html: due.html_body, messageId: `<outbox-${due.id}@territoires-ess>` });
      await db.updateTable('outbox').set({ status: 'sent', sent_at: now().toISOString(), last_error: null }).where('id', '=', due.id).execute();
      counts.sent++;
    } catch (error) {
      const attempt = due.attempts + 1;
      const delay = RETRY_DELAYS_MS[attempt - 1];
      const reason = error instanceof Error ? error.message.slice(0, 500) : String(error);
      await db
        .updateTable('outbox')
        .set(
          delay === undefined
            ? { status: 'failed', last_error: `Échec après ${attempt} tentatives : ${reason}` }
            : { status: 'pending', last_error: reason, next_attempt_at: new Date(now().getTime() + delay).toISOString() },
        )
        .where('id', '=', due.id)
        .execute();
      counts.failed++;
      // The server is probably down: the other rows wait for the next pass rather than fail one by one now.
      return counts;
    }
  }
}
