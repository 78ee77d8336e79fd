// The COPRESS yearly report (issue 10): its figures are the figure routes' figures, its workbook has one
// sheet per section with French headers, and years still being reported say so.
import ExcelJS from 'exceljs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cohortReporting, yearReporting } from '../../server/figures/reporting.ts';
import { call } from '../helpers/app.ts';
import { A, B, createWorld, jsonLine, path } from '../reports/fixtures.ts';

const Annual = suite('COPRESS annual report');

const withoutTimes = (value: unknown) => JSON.parse(JSON.stringify(value, (key, v) => (key === 'generatedAt' ? undefined : v)));

Annual('the annual report’s figures equal the figure routes’ for the same year', async () => {
  const world = await createWorld();
  for (const [operator, headers, commune] of [[A, world.opA, '02691'], [B, world.opB, '80021']] as const) {
    await call(world.app, 'PUT', `${path(operator)}/lines`, headers, { lines: [jsonLine(`${operator}-1`, { commune }), jsonLine(`${operator}-2`, { commune, jobs_consolidated_fte: 2 })] });
    await call(world.app, 'POST', `${path(operator)}/submit`, headers, {});
  }
  await call(world.app, 'POST', `${path(A)}/validate`, world.region, {});
  const report = await call(world.app, 'GET', '/api/v1/figures/annual-report?year=2025', world.region);
  assert.is(report.status, 200, JSON.stringify(report.body));
  const targets = (await call(world.app, 'GET', '/api/v1/figures/targets?from=2024&to=2025', world.region)).body;
  const coverage = (await call(world.app, 'GET', '/api/v1/figures/coverage?from=2025&to=2025', world.region)).body;
  const cohort = (await call(world.app, 'GET', '/api/v1/figures/coverage?from=2024&to=2025', world.region)).body;
  const completeness = (await call(world.app, 'GET', '/api/v1/figures/completeness?year=2025', world.region)).body;
  assert.equal(withoutTimes(report.body.targets), withoutTimes(targets.years[1]));
  assert.equal(withoutTimes(report.body.cohort.years), withoutTimes(targets.years));
  assert.equal(withoutTimes(report.body.coverage), withoutTimes(coverage));
  assert.equal(withoutTimes(report.body.cohort.coverage), withoutTimes(cohort));
  assert.equal(report.body.completeness.totals, completeness.totals);
  assert.is(report.body.targets.beneficiaries.distinct, 2);
  assert.equal(report.body.schemes.map((s: { code: string; kind: string }) => s.kind).includes('direct_aid'), true);
  const opA = report.body.completeness.byOperator.find((o: { operatorId: string }) => o.operatorId === A);
  assert.is(opA.expected, 4);
  // The provisional basis counts the submitted report too.
  const provisional = (await call(world.app, 'GET', '/api/v1/figures/annual-report?year=2025&basis=submitted', world.region)).body;
  assert.is(provisional.targets.beneficiaries.distinct, 4);
});

Annual('the workbook has one sheet per section, French headers, the same figures', async () => {
  const world = await createWorld();
  await call(world.app, 'PUT', `${path(A)}/lines`, world.opA, { lines: [jsonLine('A-1'), jsonLine('A-2'), jsonLine('A-3')] });
  await call(world.app, 'POST', `${path(A)}/submit`, world.opA, {});
  await call(world.app, 'POST', `${path(A)}/validate`, world.region, {});
  const response = await world.app.request('/api/v1/figures/annual-report.xlsx?year=2025', { headers: world.region });
  assert.is(response.status, 200);
  assert.match(response.headers.get('content-disposition') ?? '', /rapport-annuel-copress-2025\.xlsx/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
  assert.equal(book.worksheets.map((w) => w.name), [
    'Synthèse', 'Dispositifs', 'Stades', 'Familles de l’ESS', 'Tailles', 'Types d’EPCI', 'Zones de vigilance', 'Départements', 'Complétude', 'EPCI 2025', 'Synthèse couverture 2025', 'Objectifs 2024–2025', 'Cohorte 2024–2025',
  ]);
  const synthesis = book.getWorksheet('Synthèse')!;
  const rows = new Map<string, unknown>();
  synthesis.eachRow((row) => rows.set(String(row.getCell(1).value), row.getCell(2).value));
  assert.is(rows.get('Bénéficiaires distincts'), 3);
  assert.is(rows.get('Objectif bénéficiaires'), 700);
  assert.is(book.getWorksheet('Dispositifs')!.getRow(1).getCell(2).value, 'Dispositif');
  assert.is((await call(world.app, 'GET', '/api/v1/figures/annual-report?year=1999', world.region)).status, 400);
  assert.is((await world.app.request('/api/v1/figures/annual-report.xlsx?year=2025', { headers: world.opA })).status, 403);
});

Annual('a year still being reported says which quarters are in; a cohort with no due report says « pas encore de données »', async () => {
  assert.equal(yearReporting(2026, '2026-12-02', 30), { year: 2026, quartersDue: 3, complete: false, label: 'année en cours : T1–T3 reçus' });
  assert.equal(yearReporting(2026, '2026-05-15', 30), { year: 2026, quartersDue: 1, complete: false, label: 'année en cours : T1 reçu' });
  assert.is(yearReporting(2025, '2026-12-02', 30).label, null);
  const future = cohortReporting(2028, 2028, '2026-12-02', 30);
  assert.equal([future.noDataYet, future.label], [true, 'pas encore de données']);
  const spanning = cohortReporting(2025, 2026, '2026-12-02', 30);
  assert.equal([spanning.noDataYet, spanning.complete, spanning.label], [false, false, '2026 : année en cours : T1–T3 reçus']);
  const world = await createWorld();
  const coverage = (await call(world.app, 'GET', '/api/v1/figures/coverage?from=2099&to=2099', world.region)).body;
  assert.is(coverage.reporting.noDataYet, true);
  const targets = (await call(world.app, 'GET', '/api/v1/figures/targets?from=2024&to=2025', world.region)).body;
  assert.equal(targets.years.map((y: { reporting: { complete: boolean } }) => y.reporting.complete), [true, true]);
});

Annual.run();
