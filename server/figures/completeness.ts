// Reporting completeness for a year (rule 8): per operator × scheme × quarter, whether a report was
// expected (an agreement in force that quarter), submitted, validated, late or missing.
import type { Db } from '../../db/database.ts';
import type { ReportStatus } from '../../db/schema.ts';
import { todayInParis } from '../domain/dates.ts';
import { formatPeriod, type Period, periodEnd, periodStart } from '../domain/periods.ts';
import { reportDueDays, timeliness } from '../reports/expected.ts';

/** French alphabetical order (one collator: `localeCompare(x, 'fr')` builds one per call). */
const frenchOrder = new Intl.Collator('fr');

export interface CompletenessRow {
  operatorId: string;
  operatorName: string;
  scheme: string;
  period: string;
  quarter: number;
  due: string;
  /** 1 when an agreement of the operator for the scheme is in force during the quarter */
  expected: number;
  /** 1 once the due date has passed (only then can a report be missing or late) */
  isDue: number;
  status: ReportStatus | 'expected';
  /** First submission ('YYYY-MM-DD', Paris time), if any */
  firstSubmittedOn: string | null;
  submitted: number;
  validated: number;
  /** Expected and not submitted by the due date: first submitted after it, or still not submitted */
  late: number;
  /** Expected, due, and not currently submitted or validated (no report, draft or returned) */
  missing: number;
}

export interface CompletenessTotals {
  expected: number;
  due: number;
  submitted: number;
  validated: number;
  late: number;
  missing: number;
  /** Reports filed without an agreement in force (not counted in the rates) */
  outsideAgreement: number;
  /** Share of due reports submitted by their due date, % (null when none is due) */
  onTimeRatePct: number | null;
  /** Share of due reports currently submitted or validated, % */
  overallRatePct: number | null;
}

export interface Completeness {
  year: number;
  today: string;
  dueDays: number;
  rows: CompletenessRow[];
  totals: CompletenessTotals;
  byScheme: Array<CompletenessTotals & { scheme: string }>;
  byQuarter: Array<CompletenessTotals & { quarter: number }>;
  /** With an operator scope: the region's totals */
  regional?: CompletenessTotals;
}

export function completenessTotals(rows: readonly CompletenessRow[]): CompletenessTotals {
  const totals = { expected: 0, due: 0, submitted: 0, validated: 0, late: 0, missing: 0, outsideAgreement: 0 };
  let dueSubmitted = 0;
  for (const row of rows) {
    if (!row.expected) {
      totals.outsideAgreement++;
      continue;
    }
    totals.expected++;
    totals.submitted += row.submitted;
    totals.validated += row.validated;
    totals.late += row.late;
    totals.missing += row.missing;
    if (row.isDue) {
      totals.due++;
      dueSubmitted += row.submitted;
    }
  }
  const rate = (n: number) => (totals.due > 0 ? Math.round((n / totals.due) * 1000) / 10 : null);
  return { ...totals, onTimeRatePct: rate(totals.due - totals.late), overallRatePct: rate(dueSubmitted) };
}

/**
 * Completeness of `year` as of `today`. Operators archived since keep their past expected reports.
 * Lateness is judged on the first submission (report_events), as in the reports' own list.
 */
export async function computeCompleteness(db: Db, year: number, options: { operatorId?: string | null; today?: string } = {}): Promise<Completeness> {
  const today = options.today ?? todayInParis();
  const days = await reportDueDays(db);
  const agreements = await db
    .selectFrom('agreements')
    .select(['operator_id', 'scheme', 'start_date', 'end_date'])
    .where('start_date', '<=', `${year}-12-31`)
    .where('end_date', '>=', `${year}-01-01`)
    .execute();
  const reports = await db
    .selectFrom('reports')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('report_events')
          .select(['report_id', (e) => e.fn.min('at').as('first_at')])
          .where('to_status', '=', 'submitted')
          .groupBy('report_id')
          .as('first'),
      (join) => join.onRef('first.report_id', '=', 'reports.id'),
    )
    .select(['reports.operator_id', 'reports.scheme', 'reports.quarter', 'reports.status', 'reports.submitted_at', 'first.first_at'])
    .where('reports.year', '=', year)
    .execute();
  const operators = new Map((await db.selectFrom('operators').select(['id', 'name']).execute()).map((o) => [o.id, o.name]));

  const key = (operatorId: string, scheme: string, quarter: number) => `${operatorId}\u0000${scheme}\u0000${quarter}`;
  const expected = new Set<string>();
  for (const a of agreements) {
    for (let quarter = 1; quarter <= 4; quarter++) {
      const period: Period = { year, quarter: quarter as Period['quarter'] };
      if (a.start_date <= periodEnd(period) && a.end_date >= periodStart(period)) expected.add(key(a.operator_id, a.scheme, quarter));
    }
  }
  const byKey = new Map(reports.map((r) => [key(r.operator_id, r.scheme, r.quarter), r]));
  const keys = new Set([...expected, ...byKey.keys()]);

  const all: CompletenessRow[] = [];
  for (const k of keys) {
    const [operatorId, scheme, q] = k.split('\u0000');
    const quarter = Number(q);
    const period: Period = { year, quarter: quarter as Period['quarter'] };
    const report = byKey.get(k);
    const status = report?.status ?? 'expected';
    const firstAt = report?.first_at ?? report?.submitted_at ?? null;
    const firstSubmittedOn = firstAt ? todayInParis(new Date(firstAt)) : null;
    const isExpected = expected.has(k) ? 1 : 0;
    // Lateness as the reports' own list judges it (server/reports/expected.ts): on the first submission.
    const { due, late: isLate } = timeliness(period, days, firstAt, today);
    const isDue = today > due ? 1 : 0;
    const submitted = status === 'submitted' || status === 'validated' ? 1 : 0;
    const late = isExpected && isLate ? 1 : 0;
    all.push({
      operatorId,
      operatorName: operators.get(operatorId) ?? operatorId,
      scheme,
      period: formatPeriod(period),
      quarter,
      due,
      expected: isExpected,
      isDue,
      status,
      firstSubmittedOn,
      submitted,
      validated: status === 'validated' ? 1 : 0,
      late,
      missing: isExpected && isDue && !submitted ? 1 : 0,
    });
  }
  all.sort((a, b) => frenchOrder.compare(a.operatorName, b.operatorName) || a.scheme.localeCompare(b.scheme) || a.quarter - b.quarter);

  const operatorId = options.operatorId ?? null;
  const rows = operatorId === null ? all : all.filter((r) => r.operatorId === operatorId);
  const schemes = [...new Set(rows.map((r) => r.scheme))].sort();
  const result: Completeness = {
    year,
    today,
    dueDays: days,
    rows,
    totals: completenessTotals(rows),
    byScheme: schemes.map((scheme) => ({ scheme, ...completenessTotals(rows.filter((r) => r.scheme === scheme)) })),
    byQuarter: [1, 2, 3, 4].map((quarter) => ({ quarter, ...completenessTotals(rows.filter((r) => r.quarter === quarter)) })),
  };
  if (operatorId !== null) result.regional = completenessTotals(all);
  return result;
}
