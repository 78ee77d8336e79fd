// Shapes of the figures API answers the pages read (server/figures/*.ts is the source of truth).
export interface GroupSummary {
  epciTotal: number;
  epciCovered: number;
  population: number;
  beneficiaries: number;
  populationCoveredPct: number;
  populationWithinDistancePct: number;
  underserved: number;
}

export interface EpciCoverage {
  siren: string;
  name: string;
  type: string;
  typeLabel?: string;
  population: number;
  departements?: string[];
  interregional?: boolean;
  beneficiaries: number;
  per10k: number;
  jobsConsolidated: number;
  covered: boolean;
  sites?: { hq: number; branch: number; outreach: number };
  nearestSiteKm: number | null;
  populationWithinDistancePct: number;
  expected?: number;
  pValue?: number;
  underserved: boolean;
  zones?: string[];
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
}

export interface OperatorView {
  id: string;
  name: string;
  isDemo?: boolean;
}
