import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as turf from '@turf/turf';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LAYER_MAX_AREA_ERROR_PERCENT } from '../../geo/build/simplified-layer.ts';
import { GEO_DATA_DIR } from '../../geo/load-geography.ts';
import { features, readTopology } from './polygons-helper.ts';

const layerFile = join(GEO_DATA_DIR, '32', 'epcis.topo.json');
const layer = readTopology('epcis.topo.json');
const full = readTopology('polygons.topo.json');
const stats = JSON.parse(readFileSync(join(GEO_DATA_DIR, '32', 'layer-stats.json'), 'utf8'));
const readme = readFileSync(join(import.meta.dirname, '../../geo/README.md'), 'utf8');
const km2 = (f: Parameters<typeof turf.area>[0]) => turf.area(f) / 1e6;

const test = suite('The simplified EPCI layer for the browser');

test('keeps every EPCI within the area error the README states', () => {
  assert.ok(readme.includes(`≤ ${LAYER_MAX_AREA_ERROR_PERCENT} %`), 'geo/README.md states the bound');
  const fullAreas = new Map(features(full, 'epcis').map((f) => [String(f.id), km2(f)]));
  const simplified = features(layer, 'epcis');
  assert.is(simplified.length, 92);
  let max = 0;
  for (const f of simplified) {
    const reference = fullAreas.get(String(f.id))!;
    const error = (Math.abs(km2(f) - reference) / reference) * 100;
    assert.ok(error <= LAYER_MAX_AREA_ERROR_PERCENT, `${f.id}: ${error.toFixed(3)} %`);
    max = Math.max(max, error);
  }
  assert.ok(Math.abs(max - stats.areaErrorPercent.max) < 0.001, 'layer-stats.json reports the measured maximum');
});

test('weighs at most 150 KB gzipped, as layer-stats.json says', () => {
  const text = readFileSync(layerFile);
  const gzip = gzipSync(text, { level: 9 }).length;
  assert.ok(gzip <= 150 * 1024, `${gzip} bytes`);
  assert.equal(stats.bytes, { raw: text.length, gzip });
});

test('has no gaps or overlaps: neighbours share their borders, EPCIs add up to the region', () => {
  const region = km2(features(layer, 'region')[0]);
  const sum = features(layer, 'epcis').reduce((total, f) => total + km2(f), 0);
  assert.ok(Math.abs(sum - region) / region < 1e-6, `${sum} vs ${region}`);
  // In a partition each arc bounds at most two EPCIs, once in each direction.
  const uses = new Map<number, number[]>();
  const epcis = layer.objects.epcis as { geometries: { arcs: number[][] | number[][][] }[] };
  for (const g of epcis.geometries) {
    for (const arc of (g.arcs as unknown[]).flat(2) as number[]) {
      const index = arc < 0 ? ~arc : arc;
      uses.set(index, [...(uses.get(index) ?? []), arc < 0 ? -1 : 1]);
    }
  }
  for (const [index, directions] of uses) {
    assert.ok(directions.length <= 2, `arc ${index} used ${directions.length} times`);
    if (directions.length === 2) assert.is(directions[0] + directions[1], 0, `arc ${index} used twice in the same direction`);
  }
});

test('carries the properties the map needs', () => {
  const mel = features(layer, 'epcis').find((f) => f.id === '200093201')!;
  assert.equal(mel.properties, { siren: '200093201', name: 'Métropole Européenne de Lille', type: 'METRO', population: mel.properties!.population, interregional: false });
  assert.ok(mel.properties!.population > 1_100_000);
  assert.is(features(layer, 'departements').length, 5);
});

test.run();
