// Communes in no EPCI (issue 12): L'Île-d'Yeu (85113, Vendée) belongs to none. It stays in the region's
// population and coverage as « commune hors EPCI »: its beneficiaries count in the region's and the
// Vendée's totals, never in an EPCI's, and the public version masks its small count like any territory's.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freshDatabase } from '../helpers/database.ts';
import { loadGeography } from '../../geo/load-geography.ts';
import { createApp } from '../../server/app.ts';
import { testConfig } from '../../server/config.ts';
import { call, sessionFor } from '../helpers/app.ts';

const Outside = suite('communes in no EPCI');
const geo = loadGeography('52');
/** Population of the region's communes in the COG (@etalab/decoupage-administratif), L'Île-d'Yeu included */
const COG_POPULATION = 3_907_156;
const YEU = 4_883;

const line = (ref: string, siret: string, commune: string) => ({
  beneficiary_ref: ref,
  beneficiary_type: 'entreprise',
  siret,
  commune,
  stage: 'developpement',
  start_date: '2025-02-01',
  jobs_consolidated_fte: 2,
  jobs_created_fte: 1,
  amount_eur: 15000,
});

Outside(
  'L’Île-d’Yeu is in the population, the coverage, the Vendée and the region’s totals, as a commune outside any EPCI',
  async () => {
    const db = await freshDatabase();
    const app = createApp({ db, config: { ...testConfig(), regionCode: '52' }, geo });
    const region = (await sessionFor(db, 'region')).headers;
    // One company on the island, one in Nantes Métropole.
    const lines = [line('BUS-YEU', '443061841', '85113'), line('BUS-NTE', '552100554', '44109')];
    const upload = await call(app, 'PUT', '/api/v1/reports/region-hdf/BUSINESS/2025-Q1/lines', region, {
      lines,
    });
    assert.is(upload.status, 200, JSON.stringify(upload.body));
    assert.is(upload.body.lines?.[0]?.epci_siren ?? '', '');
    await call(app, 'POST', '/api/v1/reports/region-hdf/BUSINESS/2025-Q1/submit', region, {});
    assert.is(
      (await call(app, 'POST', '/api/v1/reports/region-hdf/BUSINESS/2025-Q1/validate', region, {})).status,
      200,
    );

    const coverage = (
      await call(app, 'GET', '/api/v1/figures/coverage?from=2025&to=2025&schemes=BUSINESS', region)
    ).body;
    assert.is(coverage.summary.population, COG_POPULATION);
    assert.is(
      coverage.epcis.reduce((sum: number, e: { population: number }) => sum + e.population, 0),
      COG_POPULATION - YEU,
    );
    assert.equal(coverage.outsideEpci.communes, [
      { code: '85113', name: 'L’Île-d’Yeu'.replaceAll('’', "'"), departement: '85', population: YEU },
    ]);
    assert.equal(
      [
        coverage.outsideEpci.beneficiaries,
        coverage.outsideEpci.covered,
        coverage.outsideEpci.jobsConsolidated,
      ],
      [1, true, 2],
    );
    assert.is(coverage.summary.beneficiaries, 2);
    assert.is(
      coverage.epcis.reduce((sum: number, e: { beneficiaries: number }) => sum + e.beneficiaries, 0),
      1,
    );
    assert.equal([coverage.summary.epciTotal, coverage.summary.epciCovered], [71, 1]);
    const vendee = coverage.summary.byDepartement.find(
      (d: { departement: string }) => d.departement === '85',
    );
    assert.equal([vendee.beneficiaries, vendee.epciCovered], [1, 0]);
    assert.ok(
      vendee.population > YEU && vendee.populationCoveredPct > 0,
      'the island is the covered part of the Vendée',
    );
    const byType = coverage.summary.byType.reduce(
      (sum: number, t: { population: number }) => sum + t.population,
      0,
    );
    assert.is(byType, COG_POPULATION - YEU, 'EPCI types hold the EPCIs only');

    // Public version: the island's single beneficiary is masked, and so is a second part of each total it is in.
    const handout = (
      await call(
        app,
        'GET',
        '/api/v1/figures/coverage?from=2025&to=2025&schemes=BUSINESS&disclosure=public',
        region,
      )
    ).body;
    assert.equal(
      [handout.outsideEpci.beneficiaries, handout.outsideEpci.hidden.beneficiaries],
      [null, 'small'],
    );
    assert.is(handout.outsideEpci.jobsConsolidated, null);
    assert.is(handout.summary.population, COG_POPULATION);

    // The exports carry it as a row after the EPCIs.
    const csv = await app.request('/api/v1/figures/coverage.csv?from=2025&to=2025&schemes=BUSINESS', {
      headers: region,
    });
    const text = await csv.text();
    assert.match(text, /Commune hors EPCI : L'Île-d'Yeu \(85113\)/);
    await db.destroy();
  },
);

Outside('region 32 has no commune outside an EPCI: no such row', async () => {
  const db = await freshDatabase();
  const app = createApp({ db, config: testConfig(), geo: loadGeography('32') });
  const region = (await sessionFor(db, 'region')).headers;
  const coverage = (
    await call(app, 'GET', '/api/v1/figures/coverage?from=2025&to=2025&schemes=BUSINESS', region)
  ).body;
  assert.is(coverage.outsideEpci, null);
  assert.is(coverage.summary.population, 5_992_194);
  await db.destroy();
});

Outside.run();
