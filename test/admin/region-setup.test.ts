// Another region as a setting (issue 12): at start, the Region operator takes the served region's name and
// the Hauts-de-France default zones leave a database serving another region; region 32 is left as it is.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freshDatabase } from '../helpers/database.ts';
import { loadGeography } from '../../geo/load-geography.ts';
import { regionProfile } from '../../geo/region-profiles.ts';
import { alignWithRegion } from '../../server/admin/region-setup.ts';

const Region = suite('region profile at start');

Region('Hauts-de-France keeps its Region operator and its four zones', async () => {
  const db = await freshDatabase();
  assert.equal(await alignWithRegion(db, loadGeography('32')), { renamed: false, zonesRemoved: [] });
  assert.is((await db.selectFrom('vigilance_zones').selectAll().execute()).length, 4);
  assert.is((await db.selectFrom('operators').select('name').where('id', '=', 'region-hdf').executeTakeFirstOrThrow()).name, 'Région Hauts-de-France');
});

Region('a database serving Pays de la Loire names its Region operator after it and drops the other region’s zones, once', async () => {
  const db = await freshDatabase();
  const loire = { regionCode: '52', regionName: 'Pays de la Loire', epcis: new Map() };
  const first = await alignWithRegion(db, loire);
  assert.equal(first, { renamed: true, zonesRemoved: ['nord-pas-de-calais', 'nord-est-oise', 'est-somme', 'coeur-aisne'] });
  assert.is((await db.selectFrom('operators').select('name').where('id', '=', 'region-hdf').executeTakeFirstOrThrow()).name, 'Région Pays de la Loire');
  assert.is((await db.selectFrom('vigilance_zones').selectAll().execute()).length, 0);
  assert.equal(await alignWithRegion(db, loire), { renamed: false, zonesRemoved: [] });
  const audit = (await db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
  assert.equal(audit.filter((a) => a === 'zone.delete').length, 4);
  // A Region that renamed its operator keeps its own name.
  await db.updateTable('operators').set({ name: 'Conseil régional' }).where('id', '=', 'region-hdf').execute();
  await alignWithRegion(db, loire);
  assert.is((await db.selectFrom('operators').select('name').where('id', '=', 'region-hdf').executeTakeFirstOrThrow()).name, 'Conseil régional');
});

Region('profiles: the two known regions, and a plain one from the geography for others', () => {
  assert.equal(regionProfile('52'), { code: '52', name: 'Pays de la Loire', shortName: 'Pays de la Loire', authority: 'Région Pays de la Loire', inRegion: 'en Pays de la Loire', siren: '234400034', defaultZones: [] });
  assert.equal(regionProfile('84', 'Auvergne-Rhône-Alpes').authority, 'Région Auvergne-Rhône-Alpes');
});

Region.run();
