// Counting rule 8 (DOMAIN.md): expected reports come from agreements, one per quarter of each
// operator × scheme agreement, due a set number of days (setting `report_due_days`, default 30)
// after the quarter ends.
import type { Db } from '../../db/database.ts';
import { todayInParis } from '../domain/dates.ts';
import { formatPeriod, type Period, periodDue, periodEnd, periodStart, periodsBetween } from '../domain/periods.ts';

const DEFAULT_DUE_DAYS = 30;

export interface ExpectedReport {
  operatorId: string;
  scheme: string;
  period: Period;
}

export interface ExpectedFilter {
  year?: number;
  operatorId?: string;
  scheme?: string;
  /** 'YYYY-MM-DD'; quarters starting after it are not expected yet. Default: today in Paris. */
  today?: string;
}

/** The number of days after a quarter's end when its report is due (setting `report_due_days`). */
export async function reportDueDays(db: Db): Promise<number> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'report_due_days').executeTakeFirst();
  const days = row ? Number(JSON.parse(row.value)) : DEFAULT_DUE_DAYS;
  return Number.isInteger(days) && days >= 0 ? days : DEFAULT_DUE_DAYS;
}

/**
 * Every report the agreements call for, from the first quarter of each agreement up to the current
 * quarter (a quarter that has not started is not expected yet), sorted by period, operator, scheme.
 * Archived operators are skipped; quarters covered by two agreements appear once.
 */
export async function expectedReports(db: Db, filter: ExpectedFilter = {}): Promise<ExpectedReport[]> {
  const today = filter.today ?? todayInParis();
  let query = db
    .selectFrom('agreements')
    .innerJoin('operators', 'operators.id', 'agreements.operator_id')
    .select(['agreements.operator_id', 'agreements.scheme', 'agreements.start_date', 'agreements.end_date'])
    .where('operators.archived_at', 'is', null)
    .where('agreements.start_date', '<=', today);
  if (filter.operatorId) query = query.where('agreements.operator_id', '=', filter.operatorId);
  if (filter.scheme) query = query.where('agreements.scheme', '=', filter.scheme);
  if (filter.year !== undefined) {
    query = query.where('agreements.start_date', '<=', `${filter.year}-12-31`).where('agreements.end_date', '>=', `${filter.year}-01-01`);
  }
  const seen = new Set<string>();
  const expected: ExpectedReport[] = [];
  for (const agreement of await query.execute()) {
    for (const period of periodsBetween(agreement.start_date, agreement.end_date)) {
      if (periodStart(period) > today) break;
      if (filter.year !== undefined && period.year !== filter.year) continue;
      const key = `${agreement.operator_id}/${agreement.scheme}/${formatPeriod(period)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      expected.push({ operatorId: agreement.operator_id, scheme: agreement.scheme, period });
    }
  }
  return expected.sort(
    (a, b) => a.period.year - b.period.year || a.period.quarter - b.period.quarter || a.operatorId.localeCompare(b.operatorId) || a.scheme.localeCompare(b.scheme),
  );
}

/** Whether an agreement of the operator for the scheme overlaps the quarter. */
export async function agreementCovers(db: Db, operatorId: string, scheme: string, period: Period): Promise<boolean> {
  const row = await db
    .selectFrom('agreements')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('scheme', '=', scheme)
    .where('start_date', '<=', periodEnd(period))
    .where('end_date', '>=', periodStart(period))
    .executeTakeFirst();
  return row !== undefined;
}

export interface Timeliness {
  /** 'YYYY-MM-DD' */
  due: string;
  /** Not submitted by the due date: still unsubmitted after it, or first submitted after it. */
  late: boolean;
  /** First submitted after the due date. */
  submittedLate: boolean;
}

/**
 * Lateness is judged on the FIRST submission: a report submitted on time and later returned by the
 * Region for a correction is not late, whenever the correction comes.
 */
export function timeliness(period: Period, dueDays: number, firstSubmittedAt: string | null, today: string = todayInParis()): Timeliness {
  const due = periodDue(period, dueDays);
  if (firstSubmittedAt) {
    const submittedLate = todayInParis(new Date(firstSubmittedAt)) > due;
    return { due, late: submittedLate, submittedLate };
  }
  return { due, late: today > due, submittedLate: false };
}
