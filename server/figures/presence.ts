// Presence coverage (rule 7, second part): distance from each commune's point to the nearest site
// (siège, antenne, permanence) of the chosen schemes open during the cohort. Depends only on the sites
// and the geography: cached per sites version × schemes × cohort dates.
import type { Db } from '../../db/database.ts';
import type { SiteKind } from '../../db/schema.ts';
import { distanceKm } from '../../geo/distance.ts';
import type { Geography } from '../../geo/geography.ts';
import { sitesVersion } from './facts.ts';

export interface OpenSite {
  id: number;
  kind: SiteKind;
  lon: number;
  lat: number;
  /** EPCI of the site's commune, '' when outside the region */
  epciSiren: string;
}

export interface Presence {
  sites: OpenSite[];
  /** Commune code → km to the nearest open site (null when there is none) */
  nearestKm: Map<string, number | null>;
}

const EARTH_RADIUS_KM = 6371.0088; // as turf (geo/distance.ts)
const RAD = Math.PI / 180;

/** Haversine, same formula and radius as geo/distance.ts; inlined for the nearest-site search loop. */
function haversineKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
}

// Grid cells of 0.2° latitude × 0.3° longitude: at least 20 km a side anywhere below 52°N.
const CELL_LAT = 0.2;
const CELL_LON = 0.3;
const CELL_MIN_KM = 20;

/**
 * For each point, the distance in km to the nearest of `targets` (null when `targets` is empty): a grid
 * search that widens ring by ring until no farther cell can hold a nearer target.
 * @param points [lon, lat][] in degrees
 * @param targets [lon, lat][] in degrees
 */
export function nearestDistancesKm(points: ReadonlyArray<readonly [number, number]>, targets: ReadonlyArray<readonly [number, number]>): Array<number | null> {
  if (targets.length === 0) return points.map(() => null);
  // Cell (i, j) → key i * 4096 + j: numeric keys, no string built in the search loop.
  const grid = new Map<number, number[]>();
  const cellKey = (i: number, j: number) => i * 4096 + j;
  let minI = Infinity;
  let maxI = -Infinity;
  let minJ = Infinity;
  let maxJ = -Infinity;
  targets.forEach(([lon, lat], index) => {
    const i = Math.floor(lat / CELL_LAT);
    const j = Math.floor(lon / CELL_LON);
    minI = Math.min(minI, i);
    maxI = Math.max(maxI, i);
    minJ = Math.min(minJ, j);
    maxJ = Math.max(maxJ, j);
    const key = cellKey(i, j);
    const cell = grid.get(key);
    if (cell) cell.push(index);
    else grid.set(key, [index]);
  });
  return points.map(([lon, lat]) => {
    const ci = Math.floor(lat / CELL_LAT);
    const cj = Math.floor(lon / CELL_LON);
    let best = Infinity;
    let bestIndex = -1;
    const maxRing = Math.max(Math.abs(ci - minI), Math.abs(ci - maxI), Math.abs(cj - minJ), Math.abs(cj - maxJ));
    for (let ring = 0; ring <= maxRing; ring++) {
      for (let di = -ring; di <= ring; di++) {
        for (let dj = -ring; dj <= ring; dj++) {
          if (Math.max(Math.abs(di), Math.abs(dj)) !== ring) continue;
          const cell = grid.get(cellKey(ci + di, cj + dj));
          if (!cell) continue;
          for (const index of cell) {
            const [tLon, tLat] = targets[index];
            const d = haversineKm(lon, lat, tLon, tLat);
            if (d < best) {
              best = d;
              bestIndex = index;
            }
          }
        }
      }
      // Every target in ring + 1 or beyond is at least ring × CELL_MIN_KM away.
      if (best <= ring * CELL_MIN_KM) break;
    }
    return bestIndex < 0 ? null : distanceKm([lon, lat], targets[bestIndex]);
  });
}

/** Sites offering one of `schemes` and open at some time during [start, end] (ISO dates). */
export async function openSites(db: Db, geo: Geography, schemes: readonly string[], start: string, end: string): Promise<OpenSite[]> {
  if (schemes.length === 0) return [];
  const rows = await db
    .selectFrom('sites')
    .select(['sites.id', 'sites.kind', 'sites.lon', 'sites.lat', 'sites.commune_code'])
    .where('sites.opened_on', '<=', end)
    .where((eb) => eb.or([eb('sites.closed_on', 'is', null), eb('sites.closed_on', '>=', start)]))
    .where((eb) =>
      eb.exists(
        eb.selectFrom('site_schemes').select('site_schemes.site_id').whereRef('site_schemes.site_id', '=', 'sites.id').where('site_schemes.scheme', 'in', [...schemes]),
      ),
    )
    .orderBy('sites.id')
    .execute();
  return rows.map((r) => {
    const code = geo.communeCodeAliases.get(r.commune_code) ?? r.commune_code;
    return { id: r.id, kind: r.kind, lon: r.lon, lat: r.lat, epciSiren: geo.communes.get(code)?.epciSiren ?? '' };
  });
}

interface CacheEntry {
  version: number;
  presence: Presence;
}
const caches = new WeakMap<Db, Map<string, CacheEntry>>();
const MAX_ENTRIES = 64;

/** Open sites and each commune's nearest-site distance, cached until a site changes. */
export async function presenceFor(db: Db, geo: Geography, schemes: readonly string[], start: string, end: string): Promise<Presence> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const version = await sitesVersion(db);
  const key = `${geo.regionCode}|${[...schemes].sort().join(',')}|${start}|${end}`;
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.presence;
  const sites = await openSites(db, geo, schemes, start, end);
  const communes = [...geo.communes.values()];
  const distances = nearestDistancesKm(
    communes.map((c) => [c.lon, c.lat] as const),
    sites.map((s) => [s.lon, s.lat] as const),
  );
  const presence: Presence = { sites, nearestKm: new Map(communes.map((c, i) => [c.code, distances[i]])) };
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, { version, presence });
  return presence;
}
