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

export interface EpciCoverage {
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

/** The region's communes in no EPCI (L'Île-d'Yeu in Pays de la Loire), counted together. */
export interface OutsideEpciCoverage {
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
  };
  epcis: EpciCoverage[];
  outsideEpci?: OutsideEpciCoverage | null;
  test: { name: string; alpha: number; description: string };
  generatedAt?: string;
  reporting?: CohortReporting;
  disclosure?: DisclosureNote;
}

export interface OperatorView {
  id: string;
  name: string;
  isDemo?: boolean;
}
