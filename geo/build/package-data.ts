// Reads the official COG as shipped by @etalab/decoupage-administratif (current communes, EPCIs, regions).
// Build time only: the server never reads the package.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface PackageCommune {
  code: string;
  nom: string;
  type: 'commune-actuelle' | 'commune-deleguee' | 'commune-associee' | 'arrondissement-municipal';
  region?: string;
  departement?: string;
  /** For a commune déléguée / associée: the current commune it belongs to */
  chefLieu?: string;
  /** For a current commune: the codes of communes merged into it */
  anciensCodes?: string[];
  codesPostaux?: string[];
  /** Municipal population */
  population?: number;
}

export interface PackageEpci {
  code: string;
  nom: string;
  type: string;
  membres: { code: string; nom: string }[];
}

export interface PackageRegion {
  code: string;
  nom: string;
}

export interface PackageData {
  communes: PackageCommune[];
  epcis: PackageEpci[];
  regions: PackageRegion[];
  departements: { code: string; nom: string }[];
  version: string;
}

const packageDir = dirname(createRequire(import.meta.url).resolve('@etalab/decoupage-administratif/package.json'));

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(packageDir, file), 'utf8')) as T;
}

export function readPackageData(): PackageData {
  return {
    communes: readJson<PackageCommune[]>('data/communes.json'),
    epcis: readJson<PackageEpci[]>('data/epci.json'),
    regions: readJson<PackageRegion[]>('data/regions.json'),
    departements: readJson<{ code: string; nom: string }[]>('data/departements.json'),
    version: readJson<{ version: string }>('package.json').version,
  };
}
