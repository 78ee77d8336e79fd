// Rule 8: expected reports come from agreements in force; rates are over reports already due.
import { sql } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Db } from '../../db/database.ts';
import { computeCompleteness } from '../../server/figures/completeness.ts';
import { freshDb } from './helpers.ts';

const Completeness = suite<{ db: Db }>('report completeness');

async function agreement(db: Db, operator: string, scheme: string, start: string, end: string) {
  await db.insertInto('agreements').values({ operator_id: operator, scheme, start_date: start, end_date: end, created_at: '2024-01-01' }).execute();
}

/** A report row with its first submission date (report_events), as the workflow leaves it. */
async function reportRow(db: Db, operator: string, scheme: string, quarter: number, status: string, firstSubmittedAt: string | null) {
  const { rows } = await sql<{ id: number }>`INSERT INTO reports (operator_id, scheme, period, year, quarter, status, submitted_at, created_at, updated_at)
    VALUES (${operator}, ${scheme}, ${`2025-Q${quarter}`}, 2025, ${quarter}, ${status}, ${firstSubmittedAt}, '2025-01-01', '2025-01-01') RETURNING id`.execute(db);
  if (firstSubmittedAt) {
    await sql`INSERT INTO report_events (report_id, from_status, to_status, at) VALUES (${rows[0].id}, 'draft', 'submitted', ${firstSubmittedAt})`.execute(db);
  }
}

Completeness.before.each(async (context) => {
  context.db = await freshDb();
});

Completeness('counts expected, submitted, validated, late and missing per operator × scheme × quarter', async ({ db }) => {
  // op-a's ACC'ESS agreement starts in Q2: Q1 is not expected.
  await agreement(db, 'op-a', 'ACCESS', '2025-04-01', '2026-12-31');
  await reportRow(db, 'op-a', 'ACCESS', 2, 'validated', '2025-07-20T09:00:00Z'); // due 2025-07-30: on time
  await reportRow(db, 'op-a', 'ACCESS', 3, 'submitted', '2025-11-15T09:00:00Z'); // due 2025-10-30: late
  // Q4 (due 2026-01-30) is not due on 2025-12-01: neither missing nor late.
  const result = await computeCompleteness(db, 2025, { today: '2025-12-01' });
  assert.equal(
    result.rows.map((r) => [r.period, r.expected, r.status, r.submitted, r.validated, r.late, r.missing]),
    [
      ['2025-Q2', 1, 'validated', 1, 1, 0, 0],
      ['2025-Q3', 1, 'submitted', 1, 0, 1, 0],
      ['2025-Q4', 1, 'expected', 0, 0, 0, 0],
    ],
  );
  assert.is(result.totals.expected, 3);
  assert.is(result.totals.due, 2);
  assert.is(result.totals.onTimeRatePct, 50);
  assert.is(result.totals.overallRatePct, 100);
});

Completeness('a quarter past due without a submitted report is missing, a returned one too', async ({ db }) => {
  await agreement(db, 'op-a', 'DLA', '2024-01-01', '2025-12-31');
  await reportRow(db, 'op-a', 'DLA', 1, 'returned', '2025-04-02T09:00:00Z'); // submitted on time, then returned
  await reportRow(db, 'op-a', 'DLA', 2, 'draft', null);
  const result = await computeCompleteness(db, 2025, { today: '2026-03-01' });
  assert.equal(result.rows.map((r) => [r.period, r.late, r.missing]), [['2025-Q1', 0, 1], ['2025-Q2', 1, 1], ['2025-Q3', 1, 1], ['2025-Q4', 1, 1]]);
  assert.is(result.totals.overallRatePct, 0);
  assert.is(result.totals.onTimeRatePct, 25);
});

Completeness('a report without an agreement in force is listed but never pushes a rate above 100 %', async ({ db }) => {
  await agreement(db, 'op-a', 'ACCESS', '2025-01-01', '2025-03-31');
  await reportRow(db, 'op-a', 'ACCESS', 1, 'validated', '2025-04-10T09:00:00Z');
  await reportRow(db, 'op-a', 'ACCESS', 2, 'validated', '2025-07-10T09:00:00Z'); // no agreement for Q2
  await reportRow(db, 'op-b', 'ACCESS', 2, 'submitted', '2025-07-10T09:00:00Z');
  const result = await computeCompleteness(db, 2025, { today: '2026-03-01' });
  assert.is(result.totals.expected, 1);
  assert.is(result.totals.outsideAgreement, 2);
  assert.is(result.totals.overallRatePct, 100);
  assert.is(result.totals.onTimeRatePct, 100);
  const own = await computeCompleteness(db, 2025, { today: '2026-03-01', operatorId: 'op-b' });
  assert.equal(own.rows.map((r) => r.operatorId), ['op-b']);
  assert.is(own.regional?.outsideAgreement, 2);
});

Completeness.run();
