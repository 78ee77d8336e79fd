// Workflow notices (issue 11): returned (with the Region's comment), validated and reopened (with the
// reason) go to the operator's users; submitted to the Region reviewers who asked for it. Queued in the
// transaction of the transition itself: the notice exists if and only if the transition happened.
import type { Db } from '../../db/database.ts';
import type { Config } from '../config.ts';
import { parsePeriod, periodLabel } from '../domain/periods.ts';
import type { ReportAction } from '../reports/workflow.ts';
import { appUrl, type Notice, senderRegion, workflowMessage } from './messages.ts';
import { enqueueMail } from './outbox.ts';
import { recipients } from './preferences.ts';

const NOTICE_OF: Record<ReportAction, Notice> = { submit: 'submitted', validate: 'validated', return: 'returned', reopen: 'reopened' };

/**
 * A comment quoted in a mail must not carry a beneficiary reference (mails leave the application): every
 * reference of the report's current lines that appears in it is replaced.
 */
export async function withoutReferences(db: Db, reportId: number, comment: string | null): Promise<string | null> {
  if (!comment) return comment;
  const refs = await db
    .selectFrom('report_lines')
    .innerJoin('reports', 'reports.current_revision_id', 'report_lines.revision_id')
    .select('report_lines.beneficiary_ref')
    .where('reports.id', '=', reportId)
    .execute();
  let cleaned = comment;
  // Longest first: « B-12 » must not leave « 3 » of « B-123 » behind.
  for (const ref of [...new Set(refs.map((r) => r.beneficiary_ref))].sort((a, b) => b.length - a.length)) {
    if (ref.length >= 2) cleaned = cleaned.split(ref).join('[réf. retirée]');
  }
  return cleaned;
}

/** @returns how many notices were queued. */
export async function notifyTransition(trx: Db, config: Pick<Config, 'publicUrl' | 'port' | 'regionCode'>, input: { reportId: number; action: ReportAction; comment: string | null }): Promise<number> {
  const report = await trx
    .selectFrom('reports')
    .innerJoin('schemes', 'schemes.code', 'reports.scheme')
    .innerJoin('operators', 'operators.id', 'reports.operator_id')
    .select(['reports.operator_id', 'reports.scheme', 'reports.period', 'schemes.name as scheme_name', 'operators.name as operator_name'])
    .where('reports.id', '=', input.reportId)
    .executeTakeFirstOrThrow();
  const notice = NOTICE_OF[input.action];
  const period = parsePeriod(report.period)!;
  const users =
    notice === 'submitted'
      ? await recipients(trx, 'submitted_notices', { role: 'region' })
      : await recipients(trx, 'workflow_notices', { role: 'operator', operatorId: report.operator_id });
  if (users.length === 0) return 0;
  const link = appUrl(config, `/rapports/${report.operator_id}/${report.scheme}/${report.period}`);
  const comment = await withoutReferences(trx, input.reportId, input.comment);
  const message = workflowMessage(senderRegion(config), notice, { schemeName: report.scheme_name, label: periodLabel(period), link, operatorName: report.operator_name }, comment);
  for (const user of users) await enqueueMail(trx, { kind: `report_${notice}`, userId: user.id, to: user.email, ...message });
  return users.length;
}
