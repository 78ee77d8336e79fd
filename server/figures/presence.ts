// Presence coverage (rule 7, second part): distance from each commune's point to the nearest site
// (siège, antenne, permanence) of the chosen schemes open during the cohort. Depends only on the sites
// and the geography: cached per sites version × schemes × cohort dates.
import type { Db } from '../../db/database.ts';
import type { SiteKind } from '../../db/schema.ts';
import { distanceKm } from '../../geo/distance.ts';
import type { Geography } from '../../geo/geography.ts';
import { timeSlices } from './event-loop.ts';
import { ResultCache, sitesVersion } from './facts.ts';

interface OpenSite {
  id: number;
  kind: SiteKind;
  lon: number;
  lat: number;
  /** EPCI of the site's commune, '' when outside the region */
  epciSiren: string;
}

export interface SiteCounts {
  hq: number;
  branch: number;
  outreach: number;
}

/**
 * Compact on purpose: a presence is cached per schemes × cohort (dozens at once), and a Map of thousands of
 * boxed distances or an object per site, kept that many times, is what a full garbage collection walks.
 */
export interface Presence {
  /** Open sites per EPCI of their commune ('' outside the region), by kind */
  sitesByEpci: ReadonlyMap<string, SiteCounts>;
  /** Commune (communeIndexOf order) → km to the nearest open site; NaN when there is none */
  nearestKm: Float64Array;
}

const communeIndexes = new WeakMap<Geography, ReadonlyMap<string, number>>();

/** Commune code → its index in `Presence.nearestKm` (the geography's order of communes). */
export function communeIndexOf(geo: Geography): ReadonlyMap<string, number> {
  let index = communeIndexes.get(geo);
  if (!index) {
    index = new Map([...geo.communes.keys()].map((code, i) => [code, i]));
    communeIndexes.set(geo, index);
  }
  return index;
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

const BRUTE_FORCE_STEPS = 100_000;

/** The distance to the nearest target by a scan: flat approximation for all, exact haversine within 1 % of the best. */
function nearestByScan([lon, lat]: readonly [number, number], targets: ReadonlyArray<readonly [number, number]>): number {
  const kmPerDegree = EARTH_RADIUS_KM * RAD;
  const kx = Math.cos(lat * RAD) * kmPerDegree;
  const flat = new Float64Array(targets.length);
  let best2 = Infinity;
  for (let i = 0; i < targets.length; i++) {
    const dx = (targets[i][0] - lon) * kx;
    const dy = (targets[i][1] - lat) * kmPerDegree;
    flat[i] = dx * dx + dy * dy;
    if (flat[i] < best2) best2 = flat[i];
  }
  const limit = Math.sqrt(best2) * 1.01 + 0.1;
  let best = Infinity;
  let bestIndex = -1;
  for (let i = 0; i < targets.length; i++) {
    if (flat[i] > limit * limit) continue;
    const d = haversineKm(lon, lat, targets[i][0], targets[i][1]);
    if (d < best) {
      best = d;
      bestIndex = i;
    }
  }
  return distanceKm([lon, lat], targets[bestIndex]);
}

/**
 * For each point, the distance in km to the nearest of `targets` (null when `targets` is empty): a grid
 * search that widens ring by ring until no farther cell can hold a nearer target.
 * @param points [lon, lat][] in degrees
 * @param targets [lon, lat][] in degrees
 */
export function nearestDistancesKm(points: ReadonlyArray<readonly [number, number]>, targets: ReadonlyArray<readonly [number, number]>): Array<number | null> {
  if (targets.length === 0) return points.map(() => null);
  // A few points (the communes a neighbour list could not settle): scanning every target costs less than
  // building the grid.
  if (points.length * targets.length <= BRUTE_FORCE_STEPS) return points.map((point) => nearestByScan(point, targets));
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
  // Ranking by a flat (equirectangular) approximation, no trigonometry per target; exact haversine only
  // for the few targets within 1 % of the best approximation (the approximation errs by well under 1 %
  // below 100 km).
  const kmPerDegree = EARTH_RADIUS_KM * RAD;
  return points.map(([lon, lat]) => {
    const ci = Math.floor(lat / CELL_LAT);
    const cj = Math.floor(lon / CELL_LON);
    const kx = Math.cos(lat * RAD) * kmPerDegree;
    let best2 = Infinity;
    const visited: number[][] = [];
    const maxRing = Math.max(Math.abs(ci - minI), Math.abs(ci - maxI), Math.abs(cj - minJ), Math.abs(cj - maxJ));
    for (let ring = 0; ring <= maxRing; ring++) {
      for (let di = -ring; di <= ring; di++) {
        for (let dj = -ring; dj <= ring; dj++) {
          if (Math.max(Math.abs(di), Math.abs(dj)) !== ring) continue;
          const cell = grid.get(cellKey(ci + di, cj + dj));
          if (!cell) continue;
          visited.push(cell);
          for (const index of cell) {
            const target = targets[index];
            const dx = (target[0] - lon) * kx;
            const dy = (target[1] - lat) * kmPerDegree;
            const d2 = dx * dx + dy * dy;
            if (d2 < best2) best2 = d2;
          }
        }
      }
      // Every target in ring + 1 or beyond is at least ring × CELL_MIN_KM away.
      if (Math.sqrt(best2) * 1.01 + 0.1 <= ring * CELL_MIN_KM) break;
    }
    if (best2 === Infinity) return null;
    const limit = Math.sqrt(best2) * 1.01 + 0.1;
    let best = Infinity;
    let bestIndex = -1;
    for (const cell of visited) {
      for (const index of cell) {
        const target = targets[index];
        const dx = (target[0] - lon) * kx;
        const dy = (target[1] - lat) * kmPerDegree;
        if (dx * dx + dy * dy > limit * limit) continue;
        const d = haversineKm(lon, lat, target[0], target[1]);
        if (d < best) {
          best = d;
          bestIndex = index;
        }
      }
    }
    return distanceKm([lon, lat], targets[bestIndex]);
  });
}

interface IndexedSite extends OpenSite {
  /** Bits of the schemes it offers (SiteIndex.schemeBits) */
  schemeMask: number;
  openedOn: string;
  closedOn: string | null;
}

/**
 * Every commune's nearest sites offering one scheme, in exact distance order (geo/distance.ts), in flat
 * arrays: commune c's list is entries [start[c], start[c + 1]). A query walks one such list per scheme and
 * commune; flat, that walk reads three typed arrays instead of an object per commune and scheme.
 */
interface SchemeNeighbours {
  start: Int32Array;
  /** Indexes into SiteIndex.sites, nearest first */
  site: Int32Array;
  km: Float64Array;
  /** Per commune: no site of the scheme missing from its list is nearer than this (km; Infinity when the list holds them all) */
  missingFrom: Float64Array;
}

/**
 * Every site, and for each scheme and commune the scheme's nearest sites, built once per sites version: a
 * query walks, for each scheme asked, a commune's list to the first site open during the cohort. Per scheme,
 * because schemes are unevenly spread (FIDESS has a few sites where ACC'ESS has hundreds): one list of all
 * sites would rarely reach a sparse scheme's site, and each such commune would need a full search.
 */
interface SiteIndex {
  version: number;
  sites: IndexedSite[];
  /** Scheme code → its bit in IndexedSite.schemeMask and its index in `nearest` */
  schemeBits: ReadonlyMap<string, number>;
  /** Per scheme bit, each commune's neighbours offering the scheme (communes in communeIndexOf order) */
  nearest: SchemeNeighbours[];
}

const NEIGHBOURS_PER_SCHEME = 16;

async function buildSiteIndex(db: Db, geo: Geography, version: number): Promise<SiteIndex> {
  const rows = await db.selectFrom('sites').select(['id', 'kind', 'lon', 'lat', 'commune_code', 'opened_on', 'closed_on']).orderBy('id').execute();
  const links = await db.selectFrom('site_schemes').select(['site_id', 'scheme']).orderBy('scheme').execute();
  const schemeBits = new Map<string, number>();
  const maskOf = new Map<number, number>();
  for (const link of links) {
    let bit = schemeBits.get(link.scheme);
    if (bit === undefined) {
      bit = schemeBits.size;
      schemeBits.set(link.scheme, bit);
    }
    maskOf.set(link.site_id, (maskOf.get(link.site_id) ?? 0) | (1 << bit));
  }
  const sites: IndexedSite[] = rows.map((r) => {
    const code = geo.communeCodeAliases.get(r.commune_code) ?? r.commune_code;
    return {
      id: r.id,
      kind: r.kind,
      lon: r.lon,
      lat: r.lat,
      epciSiren: geo.communes.get(code)?.epciSiren ?? '',
      schemeMask: maskOf.get(r.id) ?? 0,
      openedOn: r.opened_on,
      closedOn: r.closed_on,
    };
  });
  const kmPerDegree = EARTH_RADIUS_KM * RAD;
  const nearest: SiteIndex['nearest'] = [];
  // Communes × sites is tens of millions of steps at a national scale (hundreds of ms): other requests
  // (a /health, an upload) are served between slices.
  const pause = timeSlices();
  for (const bit of schemeBits.values()) {
    const siteIndexOf = Int32Array.from(sites.flatMap((site, i) => ((site.schemeMask >> bit) & 1 ? [i] : [])));
    const offering = Array.from(siteIndexOf, (i) => sites[i]);
    const lons = Float64Array.from(offering, (site) => site.lon);
    const lats = Float64Array.from(offering, (site) => site.lat);
    const k = Math.min(NEIGHBOURS_PER_SCHEME, offering.length);
    const m = Math.min(offering.length, k + 8);
    const bestD = new Float64Array(m);
    const bestI = new Int32Array(m);
    const communes = geo.communes.size;
    const lists: SchemeNeighbours = { start: new Int32Array(communes + 1), site: new Int32Array(communes * k), km: new Float64Array(communes * k), missingFrom: new Float64Array(communes) };
    let c = 0;
    for (const commune of geo.communes.values()) {
      const turn = pause();
      if (turn) await turn;
      const kx = Math.cos(commune.lat * RAD) * kmPerDegree;
      // The m nearest by the flat approximation (sorted insertion into a bounded list), then exact
      // distances for those, sorted, the k nearest kept.
      let size = 0;
      for (let i = 0; i < offering.length; i++) {
        const dx = (lons[i] - commune.lon) * kx;
        const dy = (lats[i] - commune.lat) * kmPerDegree;
        const d2 = dx * dx + dy * dy;
        if (size === m && d2 >= bestD[m - 1]) continue;
        let j = size < m ? size++ : m - 1;
        while (j > 0 && bestD[j - 1] > d2) {
          bestD[j] = bestD[j - 1];
          bestI[j] = bestI[j - 1];
          j--;
        }
        bestD[j] = d2;
        bestI[j] = i;
      }
      const exact = Array.from(bestI.subarray(0, size), (i) => ({ i, km: distanceKm([commune.lon, commune.lat], [lons[i], lats[i]]) })).sort((x, y) => x.km - y.km);
      const kept = exact.slice(0, k);
      // A site missing from the list is either a candidate beyond the k kept (no nearer than the last kept)
      // or no candidate at all (no nearer than the last candidate's approximation, which errs by < 1 %).
      const beyondCandidates = size < offering.length ? Math.sqrt(bestD[size - 1]) / 1.01 - 0.1 : Infinity;
      const beyondKept = kept.length < exact.length ? kept[kept.length - 1].km : Infinity;
      let at = lists.start[c];
      for (const x of kept) {
        lists.site[at] = siteIndexOf[x.i];
        lists.km[at++] = x.km;
      }
      lists.missingFrom[c] = Math.min(beyondCandidates, beyondKept);
      lists.start[++c] = at;
    }
    nearest[bit] = lists;
  }
  return { version, sites, schemeBits, nearest };
}

/** Per database handle and region, the index (or its build under way, shared by the requests that wait for it) */
const indexes = new WeakMap<Db, Map<string, Promise<SiteIndex>>>();

async function siteIndex(db: Db, geo: Geography): Promise<SiteIndex> {
  let byRegion = indexes.get(db);
  if (!byRegion) {
    byRegion = new Map();
    indexes.set(db, byRegion);
  }
  const version = await sitesVersion(db);
  const cached = byRegion.get(geo.regionCode);
  if (cached && (await cached).version === version) return cached;
  const building = buildSiteIndex(db, geo, version);
  byRegion.set(geo.regionCode, building);
  building.catch(() => {
    if (byRegion.get(geo.regionCode) === building) byRegion.delete(geo.regionCode);
  });
  return building;
}

/**
 * Sites offering one of `schemes` and open at some time during [start, end] (ISO dates), and each
 * commune's distance to the nearest of them.
 */
export async function presenceFor(db: Db, geo: Geography, schemes: readonly string[], start: string, end: string): Promise<Presence> {
  const index = await siteIndex(db, geo);
  const key = JSON.stringify([geo.regionCode, index.version, [...schemes].sort(), start, end]);
  const cached = presences.get(db, key);
  if (cached) return cached;
  const presence = presenceFrom(index, geo, schemes, start, end);
  presences.set(db, key, presence);
  return presence;
}

// Per sites version, schemes and cohort: a reader trying distances, bases or operators reuses it.
const presences = new ResultCache<Presence>(64);

function presenceFrom(index: SiteIndex, geo: Geography, schemes: readonly string[], start: string, end: string): Presence {
  const bits = [...new Set(schemes)].map((code) => index.schemeBits.get(code)).filter((bit): bit is number => bit !== undefined);
  const wantedMask = bits.reduce((mask, bit) => mask | (1 << bit), 0);
  const sitesByEpci = new Map<string, SiteCounts>();
  const openDuring = new Uint8Array(index.sites.length);
  let open = 0;
  for (let i = 0; i < index.sites.length; i++) {
    const site = index.sites[i];
    if (site.openedOn > end || (site.closedOn !== null && site.closedOn < start)) continue;
    openDuring[i] = 1;
    if ((site.schemeMask & wantedMask) === 0) continue;
    open++;
    let counts = sitesByEpci.get(site.epciSiren);
    if (!counts) {
      counts = { hq: 0, branch: 0, outreach: 0 };
      sitesByEpci.set(site.epciSiren, counts);
    }
    counts[site.kind]++;
  }
  const nearestKm = new Float64Array(geo.communes.size).fill(Number.NaN); // communeIndexOf order
  if (open === 0) return { sitesByEpci, nearestKm };
  // Per commune: the nearest open site of each scheme asked, from its list; the answer is their minimum
  // when no scheme's list leaves a nearer open site unseen, else a full search (rare).
  const lists = bits.map((bit) => index.nearest[bit]);
  const unresolved: number[] = [];
  for (let c = 0; c < nearestKm.length; c++) {
    let best = Infinity;
    let unseenFrom = Infinity;
    for (const { start, site, km, missingFrom } of lists) {
      for (let j = start[c], end = start[c + 1]; j < end && km[j] < best; j++) {
        if (openDuring[site[j]]) {
          best = km[j];
          break;
        }
      }
      // The scheme's sites off the list are no nearer than this: the list's answer holds below it.
      if (missingFrom[c] < unseenFrom) unseenFrom = missingFrom[c];
    }
    if (best <= unseenFrom && best < Infinity) nearestKm[c] = best;
    else unresolved.push(c);
  }
  if (unresolved.length > 0) {
    const targets = index.sites.filter((site, i) => openDuring[i] && (site.schemeMask & wantedMask) !== 0).map((site) => [site.lon, site.lat] as const);
    const communes = [...geo.communes.values()]; // communeIndexOf order
    const distances = nearestDistancesKm(
      unresolved.map((c) => [communes[c].lon, communes[c].lat] as const),
      targets,
    );
    for (let k = 0; k < unresolved.length; k++) nearestKm[unresolved[k]] = distances[k] ?? Number.NaN;
  }
  return { sitesByEpci, nearestKm };
}
