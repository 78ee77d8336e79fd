// The whole toolbox (issue 12): the ten tools' per-scheme figures add up to the accompaniments shown beside
// them, for every combination of schemes asked for (`schemes=` on /figures/targets), on the demo data.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freshDatabase } from '../helpers/database.ts';
import { loadGeography } from '../../geo/load-geography.ts';
import { createApp } from '../../server/app.ts';
import { testConfig } from '../../server/config.ts';
import { seedDemoDataIfEmpty } from '../../server/demo/seed-demo.ts';
import { targetsFigures } from '../../server/figures/service.ts';
import { call, sessionFor } from '../helpers/app.ts';

const TEN = ['ACCESS', 'DLA', 'FIDESS', 'DASESS', 'BUSINESS', 'INVESS', 'INSO', 'COTE', 'TZCLD', 'TESS'];
/** TESS supports EPCIs: it has no beneficiaries, its EPCIs are counted apart (tessEpcis). */
const BENEFICIARY_TOOLS = TEN.filter((code) => code !== 'TESS');
const Toolbox = suite('the ten tools add up');

Toolbox('for each of the 1,023 combinations of the ten tools, per-scheme counts sum to the accompaniments, and each equals that scheme alone', async () => {
  const db = await freshDatabase();
  await seedDemoDataIfEmpty({ db, config: testConfig(), geo: loadGeography('32') });
  const all = await targetsFigures(db, { basis: 'validated', from: 2024, to: 2025, operatorId: null });
  for (const year of all.years) {
    assert.equal(Object.keys(year.beneficiaries.byScheme).sort(), [...BENEFICIARY_TOOLS].sort());
    assert.ok(year.tessEpcis > 0, 'the demo funds EPCIs through TESS');
    assert.is(Object.values(year.beneficiaries.byScheme).reduce((a, b) => a + b, 0), year.beneficiaries.accompaniments);
    assert.ok(TEN.slice(4).some((code) => year.beneficiaries.byScheme[code] > 0), 'the demo has direct aids');
  }
  for (let mask = 1; mask < 1 << TEN.length; mask++) {
    const schemes = TEN.filter((_, i) => mask & (1 << i));
    const some = await targetsFigures(db, { basis: 'validated', from: 2024, to: 2025, operatorId: null, schemes });
    for (const [i, year] of some.years.entries()) {
      const byScheme = year.beneficiaries.byScheme;
      const counted = schemes.filter((code) => code !== 'TESS');
      assert.equal(Object.keys(byScheme).sort(), [...counted].sort());
      const sum = counted.reduce((total, code) => total + byScheme[code], 0);
      assert.is(sum, year.beneficiaries.accompaniments, `${schemes.join('+')} ${year.year}`);
      for (const code of counted) assert.is(byScheme[code], all.years[i].beneficiaries.byScheme[code]);
      assert.is(year.tessEpcis, schemes.includes('TESS') ? all.years[i].tessEpcis : 0);
      assert.ok(year.beneficiaries.distinct <= sum && year.beneficiaries.distinct <= all.years[i].beneficiaries.distinct);
    }
  }
  await db.destroy();
});

Toolbox('TESS lines are EPCIs: out of the distinct beneficiaries, the jobs and the stages, counted as distinct EPCIs', async () => {
  const db = await freshDatabase();
  const app = createApp({ db, config: testConfig(), geo: loadGeography('32') });
  const region = (await sessionFor(db, 'region')).headers;
  const tess = (ref: string, siret: string, commune: string) => ({ beneficiary_ref: ref, beneficiary_type: 'entreprise', siret, commune, stage: 'developpement', start_date: '2025-02-01', jobs_consolidated_fte: 3, jobs_created_fte: 0, amount_eur: 40000 });
  // Two plans of the Métropole Européenne de Lille (one EPCI), one of Amiens Métropole.
  const lines = [tess('TES-1', '200093201', '59350'), tess('TES-2', '200093201', '59009'), tess('TES-3', '248000531', '80021')];
  const upload = await call(app, 'PUT', '/api/v1/reports/region-hdf/TESS/2025-Q1/lines', region, { lines });
  assert.is(upload.status, 200, JSON.stringify(upload.body));
  await call(app, 'PUT', '/api/v1/reports/region-hdf/BUSINESS/2025-Q1/lines', region, { lines: [{ ...tess('BUS-1', '443061841', '02691'), amount_eur: 15000, jobs_created_fte: 1 }] });
  for (const scheme of ['TESS', 'BUSINESS']) {
    await call(app, 'POST', `/api/v1/reports/region-hdf/${scheme}/2025-Q1/submit`, region, {});
    await call(app, 'POST', `/api/v1/reports/region-hdf/${scheme}/2025-Q1/validate`, region, {});
  }
  const year = (await call(app, 'GET', '/api/v1/figures/targets?from=2025&to=2025', region)).body.years[0];
  assert.equal([year.beneficiaries.distinct, year.beneficiaries.accompaniments, year.tessEpcis, year.jobsConsolidated], [1, 1, 2, 3]);
  assert.is(year.byStage.developpement, 1);
  assert.is(year.beneficiaries.byScheme.TESS, undefined);
  // Coverage: TESS EPCIs are a layer of their own, never beneficiaries of the EPCI.
  const coverage = (await call(app, 'GET', '/api/v1/figures/coverage?from=2025&to=2025&schemes=BUSINESS,TESS', region)).body;
  const bySiren = new Map<string, { beneficiaries: number; covered: boolean }>(coverage.epcis.map((e: { siren: string; beneficiaries: number; covered: boolean }) => [e.siren, e]));
  assert.equal(coverage.epcis.filter((e: { tess: boolean }) => e.tess).map((e: { siren: string }) => e.siren).sort(), ['200093201', '248000531']);
  assert.equal([coverage.summary.tessEpcis, coverage.summary.beneficiaries], [2, 1]);
  assert.equal([bySiren.get('200093201')?.beneficiaries, bySiren.get('200093201')?.covered], [0, false]);
  const withoutTess = (await call(app, 'GET', '/api/v1/figures/coverage?from=2025&to=2025&schemes=BUSINESS', region)).body;
  assert.equal([withoutTess.summary.tessEpcis, withoutTess.epcis.some((e: { tess: boolean }) => e.tess)], [0, false]);
  const refused = await call(app, 'PUT', '/api/v1/reports/region-hdf/TESS/2025-Q2/lines', region, { lines: [tess('TES-4', '443061841', '02691')] });
  assert.is(refused.status, 422);
  assert.match(refused.body.error.details[0].message, /TESS soutient des EPCI/);
  await db.destroy();
});

Toolbox('the route takes any of the ten codes, and names an unknown one', async () => {
  const db = await freshDatabase();
  const app = createApp({ db, config: testConfig(), geo: loadGeography('32') });
  const region = (await sessionFor(db, 'region')).headers;
  const ok = await call(app, 'GET', '/api/v1/figures/targets?from=2025&to=2025&schemes=busiNESS,TESS', region);
  assert.is(ok.status, 200);
  assert.equal(Object.keys(ok.body.years[0].beneficiaries.byScheme), ['BUSINESS']);
  const unknown = await call(app, 'GET', '/api/v1/figures/targets?schemes=ACCESS,NOPE', region);
  assert.is(unknown.status, 400);
  assert.equal(unknown.body.error.details, [{ field: 'schemes', value: 'NOPE', message: 'dispositif inconnu' }]);
  assert.is((await call(app, 'GET', '/api/v1/figures/coverage?from=2025&to=2025&schemes=INSO,COTE', region)).status, 200);
});

Toolbox.run();
