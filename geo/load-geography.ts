// Loads the region's reference geography that `npm run geo:build` wrote into geo/data/<region>/geography.json.
// Tables only (≈ 0.6 MB): polygons are loaded lazily by geo/polygons.ts where a computation needs them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Commune, Epci, Geography } from './geography.ts';

// geo/data beside this module; from the compiled server (dist/main.js, server/build.ts) it is ../geo/data.
export const GEO_DATA_DIR = existsSync(join(import.meta.dirname, 'data')) ? join(import.meta.dirname, 'data') : join(import.meta.dirname, '..', 'geo', 'data');

/** The shape of geography.json (see geo/build/build-geography.ts). */
interface GeographyFile {
  regionCode: string;
  regionName: string;
  regionAreaKm2: number;
  /** [former code, current code, former name ('' when the COG no longer names it)]: 2018 codes first, then older merges */
  aliases: [string, string, string][];
  communes: Commune[];
  epcis: Epci[];
}

const cache = new Map<string, Geography>();
const directories = new WeakMap<Geography, string>();

/**
 * The region's geography, read once per region and data directory and then shared (the result is frozen).
 * @param regionCode INSEE region code, default '32' (Hauts-de-France)
 * @param dataDir the directory holding `<region>/geography.json`; default geo/data (tests pass a temporary build)
 */
export function loadGeography(regionCode = '32', dataDir = GEO_DATA_DIR): Geography {
  const directory = join(dataDir, regionCode);
  const cached = cache.get(directory);
  if (cached) return cached;
  const file = join(directory, 'geography.json');
  if (!existsSync(file)) {
    throw new Error(`Géographie absente pour la région ${regionCode} (${file}) : lancez « npm run geo:build -- --region ${regionCode} ».`);
  }
  const data = JSON.parse(readFileSync(file, 'utf8')) as GeographyFile;
  const communes = new Map(data.communes.map((c) => [c.code, Object.freeze(c)]));
  const communeCodeAliases = new Map<string, string>(data.communes.map((c) => [c.code, c.code]));
  for (const [absorbed, current] of data.aliases) communeCodeAliases.set(absorbed, current);
  // Some older merged codes have no name left in the COG ('').
  const absorbedNames = new Map(data.aliases.filter(([, , name]) => name !== '').map(([absorbed, , name]) => [absorbed, name]));
  const geography: Geography = Object.freeze({
    regionCode: data.regionCode,
    regionName: data.regionName,
    communes,
    communeCodeAliases,
    epcis: new Map(data.epcis.map((e) => [e.siren, Object.freeze(e)])),
    absorbedNames,
  });
  cache.set(directory, geography);
  directories.set(geography, directory);
  return geography;
}

/** The directory a geography was loaded from, where its polygon files live. */
export function geographyDirectory(geo: Geography): string {
  return directories.get(geo) ?? join(GEO_DATA_DIR, geo.regionCode);
}
