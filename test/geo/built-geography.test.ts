import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readPackageData } from '../../geo/build/package-data.ts';
import { invalidFeatures } from '../../geo/build/simplified-layer.ts';
import { createTestApp, sessionFor } from '../helpers/app.ts';
import { loadGeography } from '../../geo/load-geography.ts';
import { mapLayers } from '../../geo/map-layers.ts';
import { resolveCommune } from '../../geo/lookup.ts';
import { type Area, features, readTopology } from './polygons-helper.ts';

const geo = loadGeography('32');
const pkg = readPackageData();
const km2 = (f: Parameters<typeof turf.area>[0]) => turf.area(f) / 1e6;

const epcis = suite('The built geography of Hauts-de-France');

epcis('has the 92 EPCIs of the region: 1 METRO, 2 CU, 25 CA, 64 CC', () => {
  assert.is(geo.regionName, 'Hauts-de-France');
  assert.is(geo.epcis.size, 92);
  const types: Record<string, number> = {};
  for (const e of geo.epcis.values()) types[e.type] = (types[e.type] ?? 0) + 1;
  assert.equal(types, { METRO: 1, CU: 2, CA: 25, CC: 64 });
});

epcis('holds every current commune of the region, each in exactly one EPCI', () => {
  const expected = pkg.communes.filter((c) => c.type === 'commune-actuelle' && c.region === '32').map((c) => c.code).sort();
  assert.is(expected.length, 3782);
  assert.equal([...geo.communes.keys()].sort(), expected);
  const seen = new Map<string, string>();
  for (const e of geo.epcis.values()) {
    for (const code of e.communeCodes) {
      assert.not.ok(seen.has(code), `${code} in ${seen.get(code)} and ${e.siren}`);
      seen.set(code, e.siren);
      assert.is(geo.communes.get(code)!.epciSiren, e.siren);
    }
  }
  assert.is(seen.size, 3782);
});

epcis('flags the two interregional EPCIs and keeps only their in-region part', () => {
  const interregional = [...geo.epcis.values()].filter((e) => e.interregional).map((e) => e.siren).sort();
  assert.equal(interregional, ['200069722', '247600588']);
  const villesSoeurs = geo.epcis.get('247600588')!;
  const members = pkg.epcis.find((e) => e.code === '247600588')!.membres.length;
  assert.ok(villesSoeurs.communeCodes.length < members);
  assert.ok(villesSoeurs.communeCodes.every((c) => geo.communes.get(c)!.departement === '80'));
});

epcis('counts about 6.0 million inhabitants, EPCI populations adding up to it', () => {
  const total = [...geo.communes.values()].reduce((sum, c) => sum + c.population, 0);
  assert.ok(Math.abs(total - 6.0e6) / 6.0e6 < 0.01, `${total}`);
  assert.is([...geo.epcis.values()].reduce((sum, e) => sum + e.population, 0), total);
  assert.is(geo.epcis.get('200093201')!.communeCodes.length, 95);
});

epcis('resolves every 2018 commune code of the contours, the 26 absorbed ones to the commune that absorbed them', () => {
  const contours = JSON.parse(readFileSync(join(import.meta.dirname, '../../geo/vendor/communes-hauts-de-france.geojson'), 'utf8')) as FeatureCollection;
  const absorbed = contours.features.map((f) => String(f.properties!.code)).filter((code) => !geo.communes.has(code));
  assert.is(absorbed.length, 26);
  for (const code of absorbed) assert.ok(resolveCommune(geo, code), `${code} does not resolve`);
  const attachedByBorder = Object.fromEntries(
    ['80389', '80209', '80419', '60475', '02077', '02311', '62210'].map((code) => [code, resolveCommune(geo, code)!.name]),
  );
  assert.equal(attachedByBorder, {
    '80389': 'Hombleux',
    '80209': 'Trois-Rivières',
    '80419': 'Trois-Rivières',
    '60475': 'Villers-Saint-Frambourg-Ognon',
    '02077': 'Bernoy-le-Château',
    '02311': 'Pargny-et-Filain',
    '62210': 'Bonnières',
  });
  assert.is(resolveCommune(geo, '62461')!.name, 'Hesdin-la-Forêt'); // commune déléguée, via chefLieu
});

epcis('resolves codes of communes merged before 2018 (absent from the contours) to the commune that absorbed them', () => {
  assert.is(resolveCommune(geo, '02669')!.name, 'Vallées en Champagne'); // Saint-Agnan, commune déléguée
  assert.is(resolveCommune(geo, '02300')!.code, '02738'); // Fargniers → Tergnier
  // Every former code the COG lists for a current commune of the region resolves to that commune.
  const pkg = readPackageData();
  for (const c of pkg.communes) {
    if (c.type !== 'commune-actuelle' || c.region !== '32') continue;
    for (const former of c.anciensCodes ?? []) {
      const found = resolveCommune(geo, former);
      assert.ok(found, `${former} (merged into ${c.code}) does not resolve`);
    }
  }
});

/** The part of an area inside a box, as a MultiPolygon without the degenerate rings clipping leaves; null if empty. */
function clip(area: Area, box: [number, number, number, number]): Feature<MultiPolygon> | null {
  const clipped = turf.bboxClip(area, box).geometry as Polygon | MultiPolygon;
  const parts = clipped.type === 'Polygon' ? [clipped.coordinates] : clipped.coordinates;
  const kept = parts.map((rings) => rings.filter((ring) => ring.length >= 4)).filter((rings) => rings.length > 0);
  return kept.length ? turf.multiPolygon(kept) : null;
}

const TILE_DEGREES = 0.25;
const areas = suite('The full-precision polygons');
const polygons = readTopology('polygons.topo.json');
const regionArea = km2(features(polygons, 'region')[0]);
const epciFeatures = features(polygons, 'epcis');

areas('give the region an area within 1 % of 31,800 km²', () => {
  assert.ok(Math.abs(regionArea - 31_800) / 31_800 < 0.01, `${regionArea} km²`);
});

areas("give the Métropole Européenne de Lille an area within 2 % of 670 km²", () => {
  const mel = km2(epciFeatures.find((f) => f.id === '200093201')!);
  assert.ok(Math.abs(mel - 670) / 670 < 0.02, `${mel} km²`);
  assert.ok(Math.abs(geo.epcis.get('200093201')!.areaKm2 - mel) < 0.01);
});

areas('tile the region with EPCIs: their areas add up to the region within 0.1 %', () => {
  const sum = epciFeatures.reduce((total, f) => total + km2(f), 0);
  assert.ok(Math.abs(sum - regionArea) / regionArea < 0.001, `${sum} vs ${regionArea}`);
  const departements = features(polygons, 'departements').reduce((total, f) => total + km2(f), 0);
  assert.ok(Math.abs(departements - regionArea) / regionArea < 0.001);
});

areas('never let two neighbouring EPCIs overlap', () => {
  const boxes = epciFeatures.map((f) => turf.bbox(f));
  let pairs = 0;
  for (let i = 0; i < epciFeatures.length; i++) {
    for (let j = i + 1; j < epciFeatures.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      if (a[0] > b[2] || b[0] > a[2] || a[1] > b[3] || b[1] > a[3]) continue;
      pairs++;
      // Intersecting tile by tile over their common box gives the same area, much faster than on whole EPCIs.
      const common = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
      let overlapKm2 = 0;
      for (let x = common[0]; x < common[2]; x += TILE_DEGREES) {
        for (let y = common[1]; y < common[3]; y += TILE_DEGREES) {
          const tile: [number, number, number, number] = [x, y, Math.min(x + TILE_DEGREES, common[2]), Math.min(y + TILE_DEGREES, common[3])];
          const [partA, partB] = [clip(epciFeatures[i], tile), clip(epciFeatures[j], tile)];
          const overlap = partA && partB ? turf.intersect(turf.featureCollection([partA, partB])) : null;
          if (overlap) overlapKm2 += km2(overlap);
        }
      }
      assert.ok(overlapKm2 < 0.01, `${epciFeatures[i].id} and ${epciFeatures[j].id} overlap by ${overlapKm2} km²`);
    }
  }
  assert.ok(pairs > 200, `only ${pairs} neighbouring pairs checked`);
});

areas('give every commune a point inside its own polygon', () => {
  const communes = new Map(features(polygons, 'communes').map((f) => [String(f.id), f]));
  for (const commune of geo.communes.values()) {
    assert.ok(turf.booleanPointInPolygon([commune.lon, commune.lat], communes.get(commune.code)!), commune.code);
  }
});

epcis.run();
areas.run();

const valid = suite('Valid geometries in every served layer (issue 9)');

valid('every EPCI, département and region geometry of the built files is valid after simplification', () => {
  for (const file of ['epcis.topo.json', 'polygons.topo.json']) {
    const topology = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'geo', 'data', '32', file), 'utf8'));
    assert.equal(invalidFeatures(topology), [], file);
  }
});

valid('the coverage GeoJSON served to GIS tools has only valid geometries', async () => {
  const t = await createTestApp();
  const region = await sessionFor(t.db, 'region');
  const response = await t.app.request('/api/v1/figures/coverage.geojson?from=2024&to=2025', { headers: region.headers });
  assert.is(response.status, 200);
  const collection = (await response.json()) as FeatureCollection<Polygon | MultiPolygon>;
  assert.is(collection.features.length, 92);
  const invalid = collection.features.filter((f) => !turf.booleanValid(f)).map((f) => f.properties?.name);
  assert.equal(invalid, []);
  // Rounded to 4 decimals (≈ 11 m, issue 14): each EPCI's area within 0.1 % of the map layer's.
  const layer = new Map(mapLayers(loadGeography('32')).epcis.features.map((f) => [f.properties.siren, turf.area(f)]));
  for (const f of collection.features) {
    const error = Math.abs(turf.area(f) - layer.get(String(f.id))!) / layer.get(String(f.id))!;
    assert.ok(error < 0.001, `${f.properties?.name}: ${(error * 100).toFixed(3)} %`);
  }
  const precise = await t.app.request('/api/v1/figures/coverage.geojson?from=2024&to=2025&precision=6', { headers: region.headers });
  assert.ok((await precise.text()).length > JSON.stringify(collection).length);
  assert.is((await t.app.request('/api/v1/figures/coverage.geojson?precision=9', { headers: region.headers })).status, 400);
});

valid.run();
