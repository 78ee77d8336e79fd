// Fixture-driven: test/fixtures/geo/in/points.json → out/points.json. Regenerate on purpose with REGEN=1,
// then review the diff.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadGeography } from '../../geo/load-geography.ts';
import { locatePoint } from '../../geo/lookup.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'geo');
const points = JSON.parse(readFileSync(join(fixtures, 'in', 'points.json'), 'utf8')) as { place: string; lon: number; lat: number }[];
const geo = loadGeography('32');

const located = points.map(({ place, lon, lat }) => {
  const found = locatePoint(geo, lon, lat);
  return { place, commune: found ? `${found.commune.code} ${found.commune.name}` : null, epci: found?.epci ? `${found.epci.siren} ${found.epci.name}` : null };
});
const outFile = join(fixtures, 'out', 'points.json');
if (process.env.REGEN === '1') writeFileSync(outFile, `${JSON.stringify(located, null, 2)}\n`);

const test = suite('locatePoint on known places');

test('finds the expected commune and EPCI for each place, nothing outside the region', () => {
  const expected = JSON.parse(readFileSync(outFile, 'utf8'));
  assert.equal(located, expected);
});

test.run();
