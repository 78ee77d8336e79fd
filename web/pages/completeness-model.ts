// The dashboard's completeness table, per operator and quarter, from the rows of /figures/completeness.
// Pure, so that tests can check the counts without a browser.

export interface CompletenessRow {
  operatorId: string;
  operatorName: string;
  scheme: string;
  quarter: number;
  due: string;
  expected: number;
  isDue: number;
  firstSubmittedOn: string | null;
  submitted: number;
  validated: number;
  late: number;
  missing: number;
}

export interface OperatorRow {
  id: string;
  name: string;
  quarters: Array<{ expected: number; received: number; onTime: number; late: number; missing: number }>;
}

/**
 * Per operator and quarter: reports expected, received (submitted or validated: the API's `submitted`
 * already counts validated ones), on time (received, first submitted by the due date), late, missing.
 */
export function completenessByOperator(rows: CompletenessRow[]): OperatorRow[] {
  const byOperator = new Map<string, OperatorRow>();
  for (const r of rows) {
    if (!r.expected) continue;
    let row = byOperator.get(r.operatorId);
    if (!row) {
      row = { id: r.operatorId, name: r.operatorName, quarters: [1, 2, 3, 4].map(() => ({ expected: 0, received: 0, onTime: 0, late: 0, missing: 0 })) };
      byOperator.set(r.operatorId, row);
    }
    const cell = row.quarters[r.quarter - 1];
    cell.expected++;
    cell.received += r.submitted;
    // A report returned for correction was submitted on time but is not received any more.
    if (r.submitted && r.firstSubmittedOn && r.firstSubmittedOn <= r.due) cell.onTime++;
    cell.late += r.late;
    cell.missing += r.missing;
  }
  return [...byOperator.values()];
}

/** The totals of a completeness answer (per year, scheme, quarter or operator). */
export interface CompletenessTotals {
  expected: number;
  due: number;
  submitted: number;
  validated: number;
  late: number;
  missing: number;
  outsideAgreement?: number;
  onTimeRatePct: number | null;
  overallRatePct: number | null;
}
