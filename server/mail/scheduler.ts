// The mail scheduler, in the server process (croner): outbox delivery every minute, reminders every morning,
// the review digest on Monday mornings, Paris time. What each run queued is in the outbox with its dedupe
// key, so a restart, a second instance or a run by hand never sends a reminder twice.
import { Cron } from 'croner';
import type { Db } from '../../db/database.ts';
import type { Config } from '../config.ts';
import { todayInParis } from '../domain/dates.ts';
import { recoverInterrupted } from './outbox.ts';
import { runReminders, runReviewDigest } from './reminders.ts';
import type { MailService } from './service.ts';

const TIMEZONE = 'Europe/Paris';

export async function startMailScheduler(db: Db, config: Readonly<Config>, mail: MailService): Promise<{ stop(): void }> {
  const interrupted = await recoverInterrupted(db);
  if (interrupted > 0) console.warn(`  ${interrupted} message(s) interrompu(s) par un arrêt : marqués en échec dans la file d’envoi, non renvoyés`);
  const jobs = [
    new Cron('0 * * * * *', { timezone: TIMEZONE, protect: true }, () => mail.kick()),
    new Cron('0 0 7 * * *', { timezone: TIMEZONE, protect: true }, async () => {
      await runReminders(db, config, todayInParis());
      mail.kick();
    }),
    new Cron('0 0 8 * * 1', { timezone: TIMEZONE, protect: true }, async () => {
      await runReviewDigest(db, config, todayInParis());
      mail.kick();
    }),
  ];
  return {
    stop() {
      for (const job of jobs) job.stop();
    },
  };
}
