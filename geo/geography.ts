// The region's reference geography, loaded once at start from the files `npm run geo:build` writes
// into geo/data/<region>/. Owned by the geography module: see geo/README.md.

export type EpciType = 'METRO' | 'CU' | 'CA' | 'CC';

export interface Commune {
  /** Current INSEE code, e.g. '02691' */
  code: string;
  name: string;
  /** SIREN of its EPCI; '' for a commune in none (only L'Île-d'Yeu, region 52: never in region 32) */
  epciSiren: string;
  departement: string;
  /** Municipal population (INSEE, as shipped by @etalab/decoupage-administratif) */
  population: number;
  postcodes: string[];
  /** A point inside the commune (WGS84), used for distance computations */
  lon: number;
  lat: number;
}

export interface Epci {
  siren: string;
  name: string;
  type: EpciType;
  /** Population of its communes in the region (for an interregional EPCI, its in-region part) */
  population: number;
  departements: string[];
  /** True for the two EPCIs with most members in another region: only their in-region part is tracked */
  interregional: boolean;
  communeCodes: string[];
  /** Area of its in-region part, km² */
  areaKm2: number;
}

export interface Geography {
  regionCode: string;
  regionName: string;
  communes: ReadonlyMap<string, Commune>;
  /** Every code a line may carry (current, or absorbed 2018 code) → current commune code */
  communeCodeAliases: ReadonlyMap<string, string>;
  epcis: ReadonlyMap<string, Epci>;
  /** Absorbed 2018 code → its former name (e.g. '80389' → 'Grécourt'), so that lookups by name find it */
  absorbedNames?: ReadonlyMap<string, string>;
}
