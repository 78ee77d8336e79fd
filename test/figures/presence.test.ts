// The nearest-site search must give exactly the brute-force answer of geo/distance.ts.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { distanceKm } from '../../geo/distance.ts';
import { sql } from 'kysely';
import { loadGeography } from '../../geo/load-geography.ts';
import { communeIndexOf, nearestDistancesKm, presenceFor } from '../../server/figures/presence.ts';
import { freshDb } from './helpers.ts';
import { prng } from '../helpers/prng.ts';

const Nearest = suite('nearest site distances');

Nearest('equal the brute-force minimum over every site, sparse or dense', () => {
  const random = prng(7);
  const point = (): [number, number] => [1.4 + random() * 2.9, 48.8 + random() * 2.3]; // Hauts-de-France's bounding box
  const points = Array.from({ length: 400 }, point);
  for (const count of [1, 3, 40, 800]) {
    const sites = Array.from({ length: count }, point);
    const fast = nearestDistancesKm(points, sites);
    points.forEach((p, i) => {
      const brute = Math.min(...sites.map((s) => distanceKm(p, s)));
      assert.is(fast[i], brute, `point ${i}, ${count} sites`);
    });
  }
});

Nearest('is null for every point when no site is open', () => {
  assert.equal(nearestDistancesKm([[2, 50], [3, 49]], []), [null, null]);
});

Nearest('presence per cohort and schemes equals a brute-force search over the qualifying sites', async () => {
  const random = prng(11);
  const geo = loadGeography('32');
  const communes = [...geo.communes.values()];
  const db = await freshDb();
  const sites: Array<{ lon: number; lat: number; scheme: string; opened: string; closed: string | null }> = [];
  for (let i = 0; i < 300; i++) {
    const c = communes[Math.floor(random() * communes.length)];
    const site = {
      lon: c.lon + (random() - 0.5) * 0.05,
      lat: c.lat + (random() - 0.5) * 0.05,
      scheme: random() < 0.9 ? 'ACCESS' : 'FIDESS', // FIDESS: few sites, beyond most communes' neighbour lists
      opened: `${2015 + Math.floor(random() * 10)}-01-01`,
      closed: random() < 0.3 ? `${2020 + Math.floor(random() * 6)}-06-30` : null,
    };
    sites.push(site);
    const { rows } = await sql<{ id: number }>`INSERT INTO sites (operator_id, kind, name, commune_code, lat, lon, opened_on, closed_on, created_at)
      VALUES ('op-a', 'branch', 'Site', ${c.code}, ${site.lat}, ${site.lon}, ${site.opened}, ${site.closed}, '2024-01-01') RETURNING id`.execute(db);
    await sql`INSERT INTO site_schemes (site_id, scheme) VALUES (${rows[0].id}, ${site.scheme})`.execute(db);
  }
  for (const [schemes, start, end] of [[['ACCESS'], '2024-01-01', '2025-12-31'], [['FIDESS'], '2016-01-01', '2016-12-31'], [['ACCESS', 'FIDESS'], '2021-01-01', '2021-12-31']] as const) {
    const presence = await presenceFor(db, geo, schemes, start, end);
    const open = sites.filter((s) => (schemes as readonly string[]).includes(s.scheme) && s.opened <= end && (s.closed === null || s.closed >= start));
    const counted = [...presence.sitesByEpci.values()].reduce((sum, k) => sum + k.hq + k.branch + k.outreach, 0);
    assert.is(counted, open.length);
    const index = communeIndexOf(geo);
    for (const c of communes.slice(0, 400)) {
      const brute = open.length ? Math.min(...open.map((s) => distanceKm([c.lon, c.lat], [s.lon, s.lat]))) : Number.NaN;
      assert.ok(Object.is(presence.nearestKm[index.get(c.code)!], brute), `${c.code} ${schemes.join('+')} ${start}: ${presence.nearestKm[index.get(c.code)!]} ≠ ${brute}`);
    }
  }
});

Nearest.run();
