// Pure lookups on the loaded geography: commune codes (current or absorbed), postcode + name, search, point.
import * as turf from '@turf/turf';
import type { Commune, Epci, Geography } from './geography.ts';
import { normalizeName } from './normalize-name.ts';
import { regionPolygons } from './polygons.ts';

/** The current commune for a code a line may carry (current, or absorbed 2018 code); spaces trimmed, nothing guessed. */
export function resolveCommune(geo: Geography, code: string): Commune | undefined {
  const current = geo.communeCodeAliases.get(code.trim());
  return current === undefined ? undefined : geo.communes.get(current);
}

/** The EPCI of the commune a code (current or absorbed) designates; undefined for an unknown code. */
export function resolveEpci(geo: Geography, code: string): Epci | undefined {
  const commune = resolveCommune(geo, code);
  return commune ? geo.epcis.get(commune.epciSiren) : undefined;
}

export type PostcodeMatch =
  | { status: 'found'; commune: Commune }
  /** Several communes of this postcode carry this name */
  | { status: 'ambiguous'; candidates: Commune[] }
  /** No commune of this postcode carries this name: `candidates` are the postcode's communes (none if the postcode is unknown) */
  | { status: 'unknown'; candidates: Commune[] };

interface Indexes {
  byPostcode: Map<string, Commune[]>;
  normalized: Map<string, string>; // commune code → normalised name
  absorbedNames: Map<string, string>; // normalised 2018 name → current code, for absorbed communes
}

const indexes = new WeakMap<Geography, Indexes>();

function indexesOf(geo: Geography): Indexes {
  let index = indexes.get(geo);
  if (!index) {
    const byPostcode = new Map<string, Commune[]>();
    const normalized = new Map<string, string>();
    for (const commune of geo.communes.values()) {
      normalized.set(commune.code, normalizeName(commune.name));
      for (const postcode of commune.postcodes) byPostcode.set(postcode, [...(byPostcode.get(postcode) ?? []), commune]);
    }
    const absorbedNames = new Map<string, string>();
    for (const [code, name] of geo.absorbedNames ?? []) {
      const current = geo.communeCodeAliases.get(code);
      if (current) absorbedNames.set(normalizeName(name), current);
    }
    index = { byPostcode, normalized, absorbedNames };
    indexes.set(geo, index);
  }
  return index;
}

/**
 * Finds a commune from a postcode and a name as people write them: case, accents, hyphens, apostrophes and spaces
 * ignored, St/Ste read as Saint/Sainte. A name that was a commune absorbed into a commune nouvelle of this postcode
 * (e.g. "Grécourt", 80400) finds the commune nouvelle.
 */
export function findCommuneByPostcodeAndName(geo: Geography, postcode: string, name: string): PostcodeMatch {
  const { byPostcode, normalized, absorbedNames } = indexesOf(geo);
  const candidates = byPostcode.get(postcode.trim()) ?? [];
  const wanted = normalizeName(name);
  const matches = candidates.filter((c) => normalized.get(c.code) === wanted);
  if (matches.length === 1) return { status: 'found', commune: matches[0] };
  if (matches.length > 1) return { status: 'ambiguous', candidates: matches };
  const absorbedInto = candidates.find((c) => c.code === absorbedNames.get(wanted));
  if (absorbedInto) return { status: 'found', commune: absorbedInto };
  return { status: 'unknown', candidates };
}

/**
 * Communes matching a search: a 5-digit INSEE code (current or absorbed) or postcode, the start of a code or
 * postcode, or a name (normalised; names starting with the query first, then containing it, larger populations
 * first within each group).
 * @returns at most `limit` communes
 */
export function searchCommunes(geo: Geography, q: string, limit = 20): Commune[] {
  const query = q.trim();
  if (query === '' || limit <= 0) return [];
  const all = [...geo.communes.values()];
  const byPopulation = (a: Commune, b: Commune) => b.population - a.population || (a.code < b.code ? -1 : 1);
  if (/^\d[\dAB]{1,4}$/i.test(query)) {
    const exact = resolveCommune(geo, query.toUpperCase());
    const byPostcode = all.filter((c) => c.postcodes.some((p) => p.startsWith(query))).sort(byPopulation);
    const byCode = all.filter((c) => c.code.startsWith(query.toUpperCase())).sort(byPopulation);
    const seen = new Set<string>();
    return [...(exact ? [exact] : []), ...byPostcode, ...byCode].filter((c) => !seen.has(c.code) && seen.add(c.code)).slice(0, limit);
  }
  const wanted = normalizeName(query);
  if (wanted === '') return [];
  const { normalized } = indexesOf(geo);
  const exact: Commune[] = [];
  const prefix: Commune[] = [];
  const contains: Commune[] = [];
  for (const commune of all) {
    const name = normalized.get(commune.code)!;
    if (name === wanted) exact.push(commune);
    else if (name.startsWith(wanted)) prefix.push(commune);
    else if (name.includes(wanted)) contains.push(commune);
  }
  return [...exact.sort(byPopulation), ...prefix.sort(byPopulation), ...contains.sort(byPopulation)].slice(0, limit);
}

/**
 * The commune (and its EPCI) containing a WGS84 point, or undefined outside the region. A point on a shared border
 * gets the commune with the smaller code. Loads the commune polygons on first use.
 * @param lon longitude in degrees
 * @param lat latitude in degrees
 */
export function locatePoint(geo: Geography, lon: number, lat: number): { commune: Commune; epci: Epci | undefined } | undefined {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return undefined;
  const { communes } = regionPolygons(geo);
  for (const [code, polygon] of communes) {
    const { bbox } = polygon;
    const [west, south, east, north] = [bbox[0], bbox[1], bbox[2], bbox[3]];
    if (lon < west || lon > east || lat < south || lat > north) continue;
    if (turf.booleanPointInPolygon([lon, lat], polygon)) {
      const commune = geo.communes.get(code)!;
      return { commune, epci: geo.epcis.get(commune.epciSiren) };
    }
  }
  return undefined;
}
