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
  };
  epcis: EpciCoverage[];
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
