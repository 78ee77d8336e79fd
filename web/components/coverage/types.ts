// Shapes of the figures API answers the pages read (server/figures/answers.ts is the source of truth).
import type { Hidden } from '../../format.ts';

/** Present when the secrecy of small numbers masked figures (disclosure=public, or the COTECH's view). */
export interface DisclosureNote {
  mode: 'public';
  threshold: number;
  rule: string;
}

export interface YearReporting {
  year: number;
  quartersDue: number;
  complete: boolean;
  label: string | null;
}

export interface CohortReporting {
  complete: boolean;
  noDataYet: boolean;
  incomplete: YearReporting[];
  label: string | null;
}

export interface GroupSummary {
  epciTotal: number;
  epciCovered: number;
  population: number;
  /** null when masked (see hidden) */
  beneficiaries: number | null;
  populationCoveredPct: number;
  populationWithinDistancePct: number;
  underserved: number;
  hidden?: Hidden;
}

export interface EpciCoverage extends UnitEquity {
  siren: string;
  name: string;
  type: string;
  typeLabel?: string;
  population: number;
  departements?: string[];
  interregional?: boolean;
  beneficiaries: number | null;
  per10k: number | null;
  jobsConsolidated: number | null;
  covered: boolean;
  sites?: { hq: number; branch: number; outreach: number };
  nearestSiteKm: number | null;
  populationWithinDistancePct: number;
  expected?: number;
  pValue?: number | null;
  underserved: boolean;
  zones?: string[];
  /** An ESS action plan funded by TESS over the cohort (TESS among the schemes chosen) */
  tess?: boolean;
  hidden?: Hidden;
}

/** How an EPCI's accompaniments were held (issue 13). */
export interface Reach {
  site: number;
  visit: number;
  distance: number;
  unspecified: number;
}

/** Equity figures of a territory: expected coverage from the capacities, reach, presence (server/figures/equity.ts). */
export interface UnitEquity {
  expectedFromCapacity?: number;
  coverageProbability?: number;
  expectedGap?: boolean;
  reach?: Reach | null;
  reachByScheme?: Record<string, Reach> | null;
  presence?: 'site' | 'visit' | 'distance' | 'none';
  distanceOnly?: boolean;
}

export interface ExpectedModel {
  base: 'population' | 'ess_establishments';
  threshold: number;
  capacities: number;
  withoutCapacity: Array<{ agreement: number | null; operator: string; scheme: string }>;
  supports: number;
  description: string;
}

/** The region's communes in no EPCI (L'Île-d'Yeu in Pays de la Loire), counted together. */
export interface OutsideEpciCoverage extends UnitEquity {
  communes: Array<{ code: string; name: string; departement: string; population: number }>;
  population: number;
  departements: string[];
  beneficiaries: number | null;
  per10k: number | null;
  jobsConsolidated: number | null;
  covered: boolean;
  nearestSiteKm: number | null;
  populationWithinDistancePct: number;
  expected: number;
  pValue: number | null;
  underserved: boolean;
  hidden?: Hidden;
}

export interface Coverage {
  cohort: { from: number; to: number; start: string; end: string };
  schemes: string[];
  basis: 'validated' | 'submitted';
  distanceKm: number;
  summary: GroupSummary & {
    byType: Array<GroupSummary & { type: string; label: string }>;
    byDepartement?: Array<GroupSummary & { departement: string }>;
    byZone: Array<GroupSummary & { id: string; name: string; epcis: string[] }>;
    tessEpcis?: number;
    expectedCovered?: number;
    expectedGaps?: number;
    presentEpcis?: number;
    presentWithVisitsEpcis?: number;
    distanceOnlyEpcis?: number;
    reach?: { site: number | null; visit: number | null; distance: number | null; unspecified: number | null };
  };
  epcis: EpciCoverage[];
  outsideEpci?: OutsideEpciCoverage | null;
  test: { name: string; alpha: number; description: string };
  expectedModel?: ExpectedModel;
  generatedAt?: string;
  reporting?: CohortReporting;
  disclosure?: DisclosureNote;
}

export interface OperatorView {
  id: string;
  name: string;
  isDemo?: boolean;
}
