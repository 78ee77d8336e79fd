// The mail scheduler, in the server process (croner): outbox delivery every minute, reminders every morning,
// the review digest on Monday mornings, Paris time. With several instances (issue 15) each daily job runs
// once: the instance that claims its day in job_runs runs it (server/ops/job-runs.ts); outbox delivery runs
// everywhere, each message claimed by one pass. An instance started after the hour runs a job of the day
// that no instance ran yet (a restart at 7:00 during a deployment does not skip the reminders). What each
// run queued is in the outbox with its dedupe key, so even a run by hand never sends a reminder twice.
import { Cron } from 'croner';
import type { Db } from '../../db/database.ts';
import type { Config } from '../config.ts';
import { todayInParis } from '../domain/dates.ts';
import { runOnce } from '../ops/job-runs.ts';
import { recoverInterrupted } from './outbox.ts';
import { runReminders, runReviewDigest } from './reminders.ts';
import type { MailService } from './service.ts';

const TIMEZONE = 'Europe/Paris';
const DIGEST_AT = '08:00'; // Mondays

/** 'HH:MM' and the day of the week (0 = Sunday) in Paris at `now`. */
function parisClock(now: Date): { time: string; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: TIMEZONE, hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23' }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { time: `${part('hour')}:${part('minute')}`, weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(part('weekday')) };
}

const cronAt = (time: string, weekdays = '*') => {
  const [hour, minute] = time.split(':').map(Number);
  return `0 ${minute} ${hour} * * ${weekdays}`;
};

export async function startMailScheduler(db: Db, config: Readonly<Config>, mail: MailService): Promise<{ stop(): void }> {
  const interrupted = await recoverInterrupted(db);
  if (interrupted > 0) console.warn(`  ${interrupted} message(s) interrompu(s) par un arrêt : marqués en échec dans la file d’envoi, non renvoyés`);
  const reminders = async () => {
    const today = todayInParis();
    if (await runOnce(db, 'reminders', today, async () => ({ queued: await runReminders(db, config, today) }))) mail.kick();
  };
  const digest = async () => {
    const today = todayInParis();
    if (await runOnce(db, 'review_digest', today, async () => ({ queued: await runReviewDigest(db, config, today) }))) mail.kick();
  };
  const jobs = [
    new Cron('0 * * * * *', { timezone: TIMEZONE, protect: true }, () => mail.kick()),
    new Cron(cronAt(config.remindersAt), { timezone: TIMEZONE, protect: true }, reminders),
    new Cron(cronAt(DIGEST_AT, '1'), { timezone: TIMEZONE, protect: true }, digest),
  ];
  // Today's runs that are due and that no instance made yet.
  const clock = parisClock(new Date());
  if (clock.time >= config.remindersAt) await reminders();
  if (clock.weekday === 1 && clock.time >= DIGEST_AT) await digest();
  return {
    stop() {
      for (const job of jobs) job.stop();
    },
  };
}
