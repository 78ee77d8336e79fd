// The Pays de la Loire demo (issue 12): `TERRITOIRES_REGION=52 npm start` on a fresh database seeds its own
// operators, sites and reports, nothing of Hauts-de-France.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freshDatabase } from '../helpers/database.ts';
import { loadGeography } from '../../geo/load-geography.ts';
import { alignWithRegion } from '../../server/admin/region-setup.ts';
import { testConfig } from '../../server/config.ts';
import { generateDemoData } from '../../server/demo/generate.ts';
import { seedDemoDataIfEmpty } from '../../server/demo/seed-demo.ts';

const demo = suite('the Pays de la Loire demo');
const geo = loadGeography('52');

demo('its operators, sites, agreements and reports are all of region 52, labelled « (démo) »', () => {
  const data = generateDemoData(geo);
  const text = JSON.stringify(data);
  assert.not.ok(text.includes('Hauts-de-France'));
  const region = data.operators.find((o) => o.isRegion);
  assert.is(region?.name, 'Région Pays de la Loire');
  for (const o of data.operators.filter((o) => !o.isRegion)) assert.match(o.name, /\(démo\)$/);
  for (const s of data.sites) assert.ok(geo.communes.has(s.communeCode), s.name);
  const departements = new Set(data.agreements.flatMap((a) => a.territories.filter((t) => t.kind === 'departement').map((t) => t.code)));
  assert.equal([...departements].sort(), ['44', '49', '53', '72', '85']);
  const lines = data.reports.flatMap((r) => r.steps.flatMap((s) => (s.action === 'upload' ? s.lines : [])));
  assert.ok(lines.length > 3000, `${lines.length} lines`);
  assert.ok(lines.some((l) => l.communeCode === '85113'), 'some beneficiaries on L’Île-d’Yeu');
  for (const l of lines.filter((l) => l.beneficiaryRef.startsWith('RPDL-TES'))) assert.ok(geo.epcis.has(l.siren ?? ''), `TESS line ${l.beneficiaryRef} names an EPCI`);
});

demo('seeding a fresh region 52 database: the Region operator renamed, no foreign zone, its demo accounts', async () => {
  const db = await freshDatabase();
  const deps = { db, config: testConfig({ regionCode: '52', demo: true }), geo };
  await alignWithRegion(db, geo);
  const seeded = await seedDemoDataIfEmpty(deps);
  assert.ok(seeded.seeded);
  assert.ok(seeded.logins.some((l) => l.operator === 'ess-loire-atlantique'));
  const names = (await db.selectFrom('operators').select('name').execute()).map((o) => o.name);
  assert.ok(names.includes('Région Pays de la Loire'));
  assert.not.ok(names.some((n) => n.includes('Hauts-de-France')));
  assert.is((await db.selectFrom('vigilance_zones').selectAll().execute()).length, 0);
  assert.ok((await db.selectFrom('meetings').selectAll().execute()).length >= 2, 'its committee meetings too');
  await db.destroy();
});

demo.run();
