// Reminders of due reports and the weekly review digest (issue 11). Each run looks at today's date and
// queues, per user, what its window calls for: a report due in seven days or less (« before »), due today or
// in the week after (« due »), then one per week of lateness; a submitted or validated report gets none.
// Every reminder has a dedupe key (user, report, window): a second run the same day, a restart or a
// run the next day queues nothing twice.
import type { Db } from '../../db/database.ts';
import type { Config } from '../config.ts';
import { addDays, daysBetween } from '../domain/dates.ts';
import { formatPeriod, type Period, periodDue, periodLabel } from '../domain/periods.ts';
import { frenchDate } from '../ingest/fields.ts';
import { expectedReports, reportDueDays } from '../reports/expected.ts';
import { appUrl, type ReminderStage, reminderMessage, reviewDigestMessage, senderRegion } from './messages.ts';
import { enqueueMail } from './outbox.ts';
import { recipients } from './preferences.ts';

/** A report late for longer is left to the Region's review: operators are not reminded forever. */
export const MAX_WEEKS_LATE = 12;


/** The reminder window `today` falls in for a report due on `due`, if any. */
export function reminderWindow(due: string, today: string): { stage: ReminderStage; key: string; weeksLate: number } | null {
  const days = daysBetween(due, today);
  if (days < -7) return null;
  if (days < 0) return { stage: 'before', key: 'before', weeksLate: 0 };
  if (days < 7) return { stage: 'due', key: 'due', weeksLate: 0 };
  const weeks = Math.floor(days / 7);
  if (weeks > MAX_WEEKS_LATE) return null;
  return { stage: 'late', key: `late-${weeks}`, weeksLate: weeks };
}

/** @returns how many reminders were queued. */
export async function runReminders(db: Db, config: Pick<Config, 'publicUrl' | 'port' | 'regionCode'>, today: string): Promise<number> {
  const dueDays = await reportDueDays(db);
  const expected = await expectedReports(db, { today: addDays(today, 7) });
  const filed = new Set(
    (await db.selectFrom('reports').select(['operator_id', 'scheme', 'period']).where('status', 'in', ['submitted', 'validated']).execute()).map((r) => `${r.operator_id}/${r.scheme}/${r.period}`),
  );
  const schemeNames = new Map((await db.selectFrom('schemes').select(['code', 'name']).execute()).map((s) => [s.code, s.name]));
  const usersByOperator = new Map<string, Array<{ id: number; email: string }>>();
  let queued = 0;
  for (const report of expected) {
    const key = `${report.operatorId}/${report.scheme}/${formatPeriod(report.period)}`;
    if (filed.has(key)) continue;
    const due = periodDue(report.period, dueDays);
    const window = reminderWindow(due, today);
    if (!window) continue;
    let users = usersByOperator.get(report.operatorId);
    if (!users) {
      users = await recipients(db, 'report_reminders', { role: 'operator', operatorId: report.operatorId });
      usersByOperator.set(report.operatorId, users);
    }
    const message = reminderMessage(
      senderRegion(config),
      { schemeName: schemeNames.get(report.scheme) ?? report.scheme, label: periodLabel(report.period), due: frenchDate(due), link: appUrl(config, `/rapports/${key}`) },
      window.stage,
      window.weeksLate,
    );
    for (const user of users) {
      if (await enqueueMail(db, { kind: 'reminder', userId: user.id, to: user.email, ...message, dedupeKey: `reminder:${user.id}:${key}:${window.key}` })) queued++;
    }
  }
  return queued;
}

/** ISO week of a day, « 2026-W49 »: one digest per reviewer and week. */
export function isoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - weekday + 3);
  const firstThursday = new Date(Date.UTC(date.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((date.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The weekly digest of reports awaiting review, to the Region reviewers; none when nothing waits. */
export async function runReviewDigest(db: Db, config: Pick<Config, 'publicUrl' | 'port' | 'regionCode'>, today: string): Promise<number> {
  const waiting = await db
    .selectFrom('reports')
    .innerJoin('operators', 'operators.id', 'reports.operator_id')
    .innerJoin('schemes', 'schemes.code', 'reports.scheme')
    .select(['operators.name as operator_name', 'schemes.name as scheme_name', 'reports.year', 'reports.quarter', 'reports.submitted_at'])
    .where('reports.status', '=', 'submitted')
    .orderBy('reports.submitted_at')
    .execute();
  if (waiting.length === 0) return 0;
  const message = reviewDigestMessage(
    senderRegion(config),
    waiting.map((r) => ({ operatorName: r.operator_name, schemeName: r.scheme_name, label: periodLabel({ year: r.year, quarter: r.quarter as Period['quarter'] }), submittedOn: r.submitted_at ? frenchDate(r.submitted_at.slice(0, 10)) : '—' })),
    appUrl(config, '/region/revue'),
  );
  let queued = 0;
  for (const user of await recipients(db, 'review_digest', { role: 'region' })) {
    if (await enqueueMail(db, { kind: 'review_digest', userId: user.id, to: user.email, ...message, dedupeKey: `digest:${user.id}:${isoWeek(today)}` })) queued++;
  }
  return queued;
}
