// Shapes of the committee answers the pages read (server/meetings/answers.ts and server/figures/answers.ts
// are the source of truth; GET /api/v1/openapi.json publishes them).
import type { CompletenessTotals } from '../completeness-model.ts';
import type { Coverage, DisclosureNote, YearReporting } from '../../components/coverage/types.ts';
import type { SiteView } from '../../components/map/territory-map.tsx';
import type { Hidden } from '../../format.ts';

export interface YearFigures {
  year: number;
  beneficiaries: { distinct: number | null; accompaniments: number | null; byScheme: Record<string, number | null> };
  byStage: Record<string, number | null>;
  jobsConsolidated: number | null;
  jobsCreated: number | null;
  targets: { beneficiaries: number; jobsConsolidated: number };
  share: { beneficiaries: number | null; jobsConsolidated: number | null };
  projection: { beneficiaries: number; jobsConsolidated: number; description: string; basedOnQuarter: number } | null;
  reporting: YearReporting;
  hidden?: Hidden;
}

export interface TargetsFigures {
  basis: 'validated' | 'submitted';
  generatedAt: string;
  years: YearFigures[];
  disclosure?: DisclosureNote;
}

export interface CompletenessFigures {
  year: number;
  totals: CompletenessTotals;
  generatedAt: string;
}

export interface AnnualReport {
  year: number;
  basis: 'validated' | 'submitted';
  generatedAt: string;
  reporting: YearReporting;
  targets: YearFigures;
  schemes: Array<{ code: string; name: string; kind: 'operator' | 'direct_aid'; beneficiaries: number | null; epcis?: number; hidden?: Hidden }>;
  coverage: Coverage;
  completeness: { totals: CompletenessTotals; byOperator: Array<CompletenessTotals & { operatorId: string; operatorName: string }> };
  cohort: { from: number; to: number; years: YearFigures[]; coverage: Coverage };
  disclosure?: DisclosureNote;
}

export type MeetingKind = 'cotech' | 'copress';

export interface MeetingSummary {
  id: number;
  kind: MeetingKind;
  date: string;
  title: string;
  cohorts: Array<{ from: number; to: number }>;
  schemes: string[];
  basis: 'validated' | 'submitted';
  distanceKm: number;
  disclosure: 'public' | 'internal';
  createdAt: string;
  createdBy: string | null;
  frozenAt: string | null;
  frozenBy: string | null;
  sha256: string | null;
}

export interface MeetingFigures {
  computedAt: string;
  threshold: number;
  targets: TargetsFigures;
  coverage: Coverage[];
  completeness: CompletenessFigures[];
  sites: SiteView[];
  revisions: Array<{ reportId: number; operator: string; scheme: string; period: string; revision: number }>;
  annualReport: AnnualReport | null;
}

export interface Meeting extends MeetingSummary {
  masked: boolean;
  figures: MeetingFigures | null;
}

export interface FieldChange {
  field: string;
  before: number | boolean | string | null;
  after: number | boolean | string | null;
}

export interface MeetingChanges {
  frozenAt: string;
  computedAt: string;
  counts: { years: number; epcis: number; completeness: number; reports: number; sites: number };
  years: Array<{ year: number; changes: FieldChange[] }>;
  epcis: Array<{ cohort: { from: number; to: number }; siren: string; name: string; changes: FieldChange[] }>;
  completeness: Array<{ year: number; changes: FieldChange[] }>;
  reports: Array<{ reportId: number; operator: string; scheme: string; period: string; change: string; revisionBefore: number | null; revisionAfter: number | null; events: Array<{ at: string; from: string | null; to: string }> }>;
  sites: Array<{ id: number; name: string; operatorName: string; change: string; changes: FieldChange[] }>;
}

export const MEETING_KIND_LABELS: Record<MeetingKind, string> = { cotech: 'COTECH (comité technique)', copress: 'COPRESS (comité politique)' };
