import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatPeriod } from '../../server/domain/periods.ts';
import { expectedReports, reportDueDays, timeliness } from '../../server/reports/expected.ts';
import { call, createTestApp, type TestApp } from '../helpers/app.ts';
import { A, addAgreement, B, createWorld, path, uploadClean, type World } from './fixtures.ts';

const Expected = suite<{ app: TestApp }>('expected reports');

Expected.before.each(async (context) => {
  context.app = await createTestApp();
});

const keys = (list: Awaited<ReturnType<typeof expectedReports>>) => list.map((e) => `${e.operatorId} ${e.scheme} ${formatPeriod(e.period)}`);

Expected('an agreement expects one report per quarter it overlaps, up to the current quarter', async ({ app }) => {
  await addAgreement(app, 'op', 'DLA', '2024-11-15', '2025-08-31');
  const list = await expectedReports(app.db, { today: '2025-05-02' });
  assert.equal(keys(list), ['op DLA 2024-Q4', 'op DLA 2025-Q1', 'op DLA 2025-Q2']);
});

Expected('quarters outside the agreement are not expected', async ({ app }) => {
  await addAgreement(app, 'op', 'DLA', '2025-04-01', '2025-06-30');
  assert.equal(keys(await expectedReports(app.db, { today: '2027-01-01' })), ['op DLA 2025-Q2']);
});

Expected('no quarter is expected before an agreement starts', async ({ app }) => {
  await addAgreement(app, 'op', 'DLA', '2026-01-01', '2026-12-31');
  assert.equal(await expectedReports(app.db, { today: '2025-12-31' }), []);
});

Expected('two overlapping agreements expect each quarter once', async ({ app }) => {
  await addAgreement(app, 'op', 'FIDESS', '2025-01-01', '2025-06-30');
  await addAgreement(app, 'op', 'FIDESS', '2025-05-01', '2025-09-30');
  assert.equal(keys(await expectedReports(app.db, { today: '2026-01-01' })), ['op FIDESS 2025-Q1', 'op FIDESS 2025-Q2', 'op FIDESS 2025-Q3']);
});

Expected('filters by year, operator and scheme', async ({ app }) => {
  await addAgreement(app, 'op', 'DLA', '2024-01-01', '2025-12-31');
  await addAgreement(app, 'other', 'ACCESS', '2024-01-01', '2025-12-31');
  const list = await expectedReports(app.db, { today: '2026-06-01', year: 2025, operatorId: 'op', scheme: 'DLA' });
  assert.equal(keys(list), ['op DLA 2025-Q1', 'op DLA 2025-Q2', 'op DLA 2025-Q3', 'op DLA 2025-Q4']);
});

Expected('archived operators are no longer expected to report', async ({ app }) => {
  await addAgreement(app, 'op', 'DLA', '2025-01-01', '2025-12-31');
  await app.db.updateTable('operators').set({ archived_at: '2025-06-01T00:00:00Z' }).execute();
  assert.equal(await expectedReports(app.db, { today: '2026-01-01' }), []);
});

Expected('the due delay comes from the settings, 30 days by default', async ({ app }) => {
  assert.is(await reportDueDays(app.db), 30);
  await app.db.updateTable('settings').set({ value: '45' }).where('key', '=', 'report_due_days').execute();
  assert.is(await reportDueDays(app.db), 45);
});

Expected.run();

const Lateness = suite('report lateness');
const Q1 = { year: 2025, quarter: 1 } as const;

Lateness('a report is due 30 days after its quarter ends', () => {
  assert.is(timeliness(Q1, 30, null, '2025-04-01').due, '2025-04-30');
  assert.is(timeliness({ year: 2025, quarter: 4 }, 30, null, '2025-04-01').due, '2026-01-30');
});

Lateness('an unsubmitted report is late the day after its due date, not on it', () => {
  assert.is(timeliness(Q1, 30, null, '2025-04-30').late, false);
  assert.is(timeliness(Q1, 30, null, '2025-05-01').late, true);
});

Lateness('a report submitted on time is never late, one submitted after its due date stays late', () => {
  assert.equal(timeliness(Q1, 30, '2025-04-30T12:00:00.000Z', '2026-01-01'), { due: '2025-04-30', late: false, submittedLate: false });
  assert.equal(timeliness(Q1, 30, '2025-05-02T08:00:00.000Z', '2026-01-01'), { due: '2025-04-30', late: true, submittedLate: true });
});

Lateness('the due date is a French calendar day', () => {
  // 23:30 UTC on 30 April is already 1 May in Paris.
  assert.is(timeliness(Q1, 30, '2025-04-30T23:30:00.000Z').submittedLate, true);
});

Lateness.run();

const List = suite<{ world: World }>('report list');

List.before.each(async (context) => {
  context.world = await createWorld();
});

List('merges expected and stored reports with their status, due date, lateness and line count', async ({ world }) => {
  await uploadClean(world, world.opA, A, 3);
  const list = (await call(world.app, 'GET', '/api/v1/reports?year=2025', world.region)).body as Array<Record<string, unknown>>;
  assert.is(list.length, 8); // 2 operators × 4 quarters
  const stored = list.find((r) => r.operator === A && r.period === '2025-Q1')!;
  assert.is(stored.status, 'draft');
  assert.is(stored.lineCount, 3);
  assert.is(stored.revision, 1);
  assert.is(stored.label, 'T1 2025');
  assert.is(stored.due, '2025-04-30');
  assert.is(stored.operatorName, A);
  const expected = list.find((r) => r.operator === B && r.period === '2025-Q2')!;
  assert.is(expected.status, 'expected');
  assert.is(expected.lineCount, 0);
  assert.is(expected.revision, null);
  assert.is(list[0].period, '2025-Q4', 'most recent quarter first');
});

List('a report submitted after its due date is flagged submittedLate', async ({ world }) => {
  await uploadClean(world, world.opA, A);
  await call(world.app, 'POST', `${path(A)}/submit`, world.opA);
  const report = (await call(world.app, 'GET', path(A), world.opA)).body;
  // The test runs long after 30 April 2025.
  assert.is(report.status, 'submitted');
  assert.is(report.late, true);
  assert.is(report.submittedLate, true);
});

List('filters by status, scheme and lateness', async ({ world }) => {
  await uploadClean(world, world.opA, A);
  const drafts = (await call(world.app, 'GET', '/api/v1/reports?status=draft', world.region)).body;
  assert.equal(drafts.map((r: { operator: string; period: string }) => `${r.operator} ${r.period}`), ['op-a 2025-Q1']);
  assert.equal((await call(world.app, 'GET', '/api/v1/reports?scheme=DLA', world.region)).body, []);
  const late = (await call(world.app, 'GET', '/api/v1/reports?year=2025&late=1', world.region)).body;
  assert.is(late.length, 8);
  assert.is((await call(world.app, 'GET', '/api/v1/reports?status=lost', world.region)).status, 400);
});

List('a stored report stays listed even without an agreement any more', async ({ world }) => {
  await uploadClean(world, world.opA, A);
  await world.db.deleteFrom('agreements').where('operator_id', '=', A).execute();
  const list = (await call(world.app, 'GET', `/api/v1/reports?operator=${A}`, world.region)).body;
  assert.equal(list.map((r: { period: string; status: string }) => `${r.period} ${r.status}`), ['2025-Q1 draft']);
});

List.run();
