// The whole toolbox (issue 12): the ten tools' per-scheme figures add up to the accompaniments shown beside
// them, for every combination of schemes asked for (`schemes=` on /figures/targets), on the demo data.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createDatabase } from '../../db/database.ts';
import { loadGeography } from '../../geo/load-geography.ts';
import { createApp } from '../../server/app.ts';
import { testConfig } from '../../server/config.ts';
import { seedDemoDataIfEmpty } from '../../server/demo/seed-demo.ts';
import { targetsFigures } from '../../server/figures/service.ts';
import { call, sessionFor } from '../helpers/app.ts';

const TEN = ['ACCESS', 'DLA', 'FIDESS', 'DASESS', 'BUSINESS', 'INVESS', 'INSO', 'COTE', 'TZCLD', 'TESS'];
const Toolbox = suite('the ten tools add up');

Toolbox('for each of the 1,023 combinations of the ten tools, per-scheme counts sum to the accompaniments, and each equals that scheme alone', async () => {
  const db = await createDatabase(':memory:');
  await seedDemoDataIfEmpty({ db, config: testConfig(), geo: loadGeography('32') });
  const all = await targetsFigures(db, { basis: 'validated', from: 2024, to: 2025, operatorId: null });
  for (const year of all.years) {
    assert.equal(Object.keys(year.beneficiaries.byScheme).sort(), [...TEN].sort());
    assert.is(Object.values(year.beneficiaries.byScheme).reduce((a, b) => a + b, 0), year.beneficiaries.accompaniments);
    assert.ok(TEN.slice(4).some((code) => year.beneficiaries.byScheme[code] > 0), 'the demo has direct aids');
  }
  for (let mask = 1; mask < 1 << TEN.length; mask++) {
    const schemes = TEN.filter((_, i) => mask & (1 << i));
    const some = await targetsFigures(db, { basis: 'validated', from: 2024, to: 2025, operatorId: null, schemes });
    for (const [i, year] of some.years.entries()) {
      const byScheme = year.beneficiaries.byScheme;
      assert.equal(Object.keys(byScheme).sort(), [...schemes].sort());
      const sum = schemes.reduce((total, code) => total + byScheme[code], 0);
      assert.is(sum, year.beneficiaries.accompaniments, `${schemes.join('+')} ${year.year}`);
      for (const code of schemes) assert.is(byScheme[code], all.years[i].beneficiaries.byScheme[code]);
      assert.ok(year.beneficiaries.distinct <= sum && year.beneficiaries.distinct <= all.years[i].beneficiaries.distinct);
    }
  }
  await db.destroy();
});

Toolbox('the route takes any of the ten codes, and names an unknown one', async () => {
  const db = await createDatabase(':memory:');
  const app = createApp({ db, config: testConfig(), geo: loadGeography('32') });
  const region = (await sessionFor(db, 'region')).headers;
  const ok = await call(app, 'GET', '/api/v1/figures/targets?from=2025&to=2025&schemes=busiNESS,TESS', region);
  assert.is(ok.status, 200);
  assert.equal(Object.keys(ok.body.years[0].beneficiaries.byScheme).sort(), ['BUSINESS', 'TESS']);
  const unknown = await call(app, 'GET', '/api/v1/figures/targets?schemes=ACCESS,NOPE', region);
  assert.is(unknown.status, 400);
  assert.equal(unknown.body.error.details, [{ field: 'schemes', value: 'NOPE', message: 'dispositif inconnu' }]);
  assert.is((await call(app, 'GET', '/api/v1/figures/coverage?from=2025&to=2025&schemes=INSO,COTE', region)).status, 200);
});

Toolbox.run();
