import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildGeography } from '../../geo/build/build-geography.ts';
import { readPackageData } from '../../geo/build/package-data.ts';
import { GEO_DATA_DIR, loadGeography } from '../../geo/load-geography.ts';
import { locatePoint, resolveCommune } from '../../geo/lookup.ts';

const sha1 = (file: string) => createHash('sha1').update(readFileSync(file)).digest('hex');

const determinism = suite('npm run geo:build for Hauts-de-France');
let dir32 = '';
determinism.before(() => {
  dir32 = mkdtempSync(join(tmpdir(), 'geo-32-'));
});
determinism.after(() => rmSync(dir32, { recursive: true, force: true }));

determinism('reproduces the committed geo/data/32 files byte for byte', () => {
  const summary = buildGeography({ regionCode: '32', outDir: dir32 });
  assert.equal(summary.epciTypes, { CC: 64, CA: 25, CU: 2, METRO: 1 });
  const committed = readdirSync(join(GEO_DATA_DIR, '32')).sort();
  assert.equal(readdirSync(dir32).sort(), committed);
  for (const file of committed) assert.is(sha1(join(dir32, file)), sha1(join(GEO_DATA_DIR, '32', file)), `${file} differs`);
});

const otherRegion = suite('npm run geo:build for Pays de la Loire (the region is a parameter)');
let dir52 = '';
otherRegion.before(() => {
  dir52 = mkdtempSync(join(tmpdir(), 'geo-52-'));
  buildGeography({ regionCode: '52', outDir: join(dir52, '52') });
});
otherRegion.after(() => rmSync(dir52, { recursive: true, force: true }));

otherRegion('builds every EPCI with members in region 52, each current commune in one EPCI at most', () => {
  const pkg = readPackageData();
  const current = new Set(pkg.communes.filter((c) => c.type === 'commune-actuelle' && c.region === '52').map((c) => c.code));
  const expectedEpcis = pkg.epcis.filter((e) => e.membres.some((m) => current.has(m.code)));
  const geo = loadGeography('52', dir52);
  assert.is(geo.regionName, 'Pays de la Loire');
  assert.is(geo.epcis.size, expectedEpcis.length);
  assert.is(geo.communes.size, current.size);
  const seen = new Set<string>();
  for (const e of geo.epcis.values()) {
    for (const code of e.communeCodes) {
      assert.not.ok(seen.has(code), `${code} in two EPCIs`);
      seen.add(code);
    }
  }
  // Only the communes the package puts in no EPCI stay outside one (L'Île-d'Yeu, a commune isolée)
  const isolated = [...current].filter((code) => !pkg.epcis.some((e) => e.membres.some((m) => m.code === code)));
  assert.equal([...current].filter((code) => !seen.has(code)), isolated);
  assert.equal(isolated, ['85113']);
});

otherRegion('reproduces the committed geo/data/52 files byte for byte, L’Île-d’Yeu drawn apart in the map layer', () => {
  const committed = readdirSync(join(GEO_DATA_DIR, '52')).sort();
  assert.equal(readdirSync(join(dir52, '52')).sort(), committed);
  for (const file of committed) assert.is(sha1(join(dir52, '52', file)), sha1(join(GEO_DATA_DIR, '52', file)), `${file} differs`);
  const layer = JSON.parse(readFileSync(join(GEO_DATA_DIR, '52', 'epcis.topo.json'), 'utf8'));
  assert.equal(layer.objects.outsideEpci.geometries.map((g: { properties: { code: string } }) => g.properties.code), ['85113']);
  assert.is(JSON.parse(readFileSync(join(GEO_DATA_DIR, '32', 'epcis.topo.json'), 'utf8')).objects.outsideEpci, undefined);
});

otherRegion('resolves its absorbed codes and locates its points', () => {
  const geo = loadGeography('52', dir52);
  assert.is(resolveCommune(geo, '49069')?.name, "Orée d'Anjou"); // a code change since 2018
  const nantes = locatePoint(geo, -1.5536, 47.2184);
  assert.is(nantes?.commune.name, 'Nantes');
  assert.is(nantes?.epci?.type, 'METRO');
  assert.is(loadGeography('32').regionName, 'Hauts-de-France', 'the default region is untouched');
});

determinism.run();
otherRegion.run();
