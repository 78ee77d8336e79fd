// The COPRESS yearly report (roadmap Part 4: the political committee follows the roadmap at least once a
// year): one year against the 700 beneficiaries and 4,000 consolidated jobs, per scheme and direct aid, per
// stage, coverage per EPCI type, vigilance zone and département, reporting per operator, and the cohort
// since the roadmap's start. Every figure comes from the same functions as the figure routes.
import type { Db } from '../../db/database.ts';
import type { Geography } from '../../geo/geography.ts';
import type { Sheet } from '../exports/xlsx.ts';
import { todayInParis } from '../domain/dates.ts';
import { type CompletenessTotals, completenessTotals } from './completeness.ts';
import { type DisclosureChoice, type DisclosureNote, discloseCoverage, discloseTargets, type HiddenFields, shownValue } from './disclosure.ts';
import type { Basis } from './facts.ts';
import { completenessFigures, type CoverageFigures, coverageFigures, loadSchemes, type TargetsResult, targetsFigures } from './service.ts';
import { coverageSheets, targetsSheet } from './tables.ts';
import { EPCI_SCHEME, STAGES } from './targets.ts';
import { FAMILIES, SIZE_CLASSES } from '../domain/beneficiary-classes.ts';

/** The roadmap 2024–2028 starts every cohort of the report (Part 3). */
export const ROADMAP_START = 2024;
const DEFAULT_DISTANCE_KM = 20;

export interface AnnualReportRequest {
  year: number;
  basis: Basis;
  disclosure: DisclosureChoice;
  today?: string;
}

export async function annualReport(db: Db, geo: Geography, request: AnnualReportRequest) {
  const { year, basis } = request;
  const today = request.today ?? todayInParis();
  const from = Math.min(ROADMAP_START, year);
  const schemes = await loadSchemes(db);
  const targets = await targetsFigures(db, { basis, from, to: year, operatorId: null, today });
  const coverage = await coverageFigures(db, geo, { basis, from: year, to: year, distanceKm: DEFAULT_DISTANCE_KM, operatorId: null, today });
  const cohort = await coverageFigures(db, geo, { basis, from, to: year, distanceKm: DEFAULT_DISTANCE_KM, operatorId: null, today });
  const completeness = await completenessFigures(db, year, null, today);
  const current = targets.years[targets.years.length - 1];

  const byOperator = new Map<string, { operatorId: string; operatorName: string; rows: typeof completeness.rows }>();
  for (const row of completeness.rows) {
    const entry = byOperator.get(row.operatorId) ?? { operatorId: row.operatorId, operatorName: row.operatorName, rows: [] };
    entry.rows.push(row);
    byOperator.set(row.operatorId, entry);
  }
  const operators: Array<CompletenessTotals & { operatorId: string; operatorName: string }> = [...byOperator.values()].map((o) => ({
    operatorId: o.operatorId,
    operatorName: o.operatorName,
    ...completenessTotals(o.rows),
  }));

  const report = {
    year,
    basis,
    today,
    generatedAt: new Date().toISOString(),
    reporting: current.reporting,
    targets: current,
    schemes: schemes.map((s) => ({
      code: s.code,
      name: s.name,
      kind: s.kind as 'operator' | 'direct_aid',
      // TESS supports EPCIs: no beneficiaries, its EPCIs instead.
      beneficiaries: s.code === EPCI_SCHEME ? null : (current.beneficiaries.byScheme[s.code] ?? 0),
      epcis: s.code === EPCI_SCHEME ? current.tessEpcis : undefined,
      hidden: undefined as HiddenFields | undefined,
    })),
    coverage,
    completeness: { totals: completeness.totals, byScheme: completeness.byScheme, byOperator: operators },
    cohort: { from, to: year, years: targets.years, coverage: cohort },
    notes: targets.notes,
    disclosure: undefined as DisclosureNote | undefined,
  };
  return request.disclosure.mode === 'public' ? discloseAnnualReport(report, request.disclosure.threshold) : report;
}

/** The report as partners may see it: its targets and both coverages masked as the figure routes mask them. */
export function discloseAnnualReport<T extends { targets: TargetsResult['years'][number]; cohort: { years: TargetsResult['years']; coverage: CoverageFigures }; coverage: CoverageFigures; schemes: Array<{ code: string; beneficiaries: number | null; epcis?: number; hidden?: HiddenFields }>; notes: TargetsResult['notes']; basis: Basis; year: number; disclosure?: DisclosureNote }>(report: T, threshold: number): T {
  const { cohort } = report;
  const years = discloseTargets({ basis: report.basis, from: cohort.years[0].year, to: report.year, generatedAt: '', operator: null, years: cohort.years, notes: report.notes }, threshold);
  const current = years.years[years.years.length - 1];
  return {
    ...report,
    targets: current,
    schemes: report.schemes.map((s) => {
      const reason = current.hidden?.[`byScheme.${s.code}`];
      return reason ? { ...s, beneficiaries: null, hidden: { beneficiaries: reason } } : s;
    }),
    coverage: discloseCoverage(report.coverage, threshold),
    cohort: { ...cohort, years: years.years, coverage: discloseCoverage(cohort.coverage, threshold) },
    disclosure: years.disclosure,
  };
}
export type AnnualReport = Awaited<ReturnType<typeof annualReport>>;

const BASIS_LABELS = { validated: 'rapports validés', submitted: 'rapports validés et soumis (provisoire)' } as const;
const STAGE_LABELS: Record<string, string> = { emergence: 'Émergence', creation: 'Création', developpement: 'Développement', consolidation: 'Consolidation' };

/** The workbook: one sheet per section, French headers, the same figures as the page. */
export function annualReportSheets(report: AnnualReport, threshold: number): Sheet[] {
  const schemeNames = new Map(report.schemes.map((s) => [s.code, s.name]));
  const current = report.targets as typeof report.targets & { hidden?: HiddenFields };
  const shown = <T>(field: string, value: T) => shownValue(value, current, field, threshold);
  const [epcisYear, summaryYear] = coverageSheets(report.coverage, threshold);
  const [epcisCohort] = coverageSheets(report.cohort.coverage, threshold);
  const cohortLabel = `${report.cohort.from}–${report.cohort.to}`;
  const groupHeader = ['EPCI', 'EPCI couverts', 'Population', 'Bénéficiaires distincts', 'Population couverte (%)', 'EPCI sous-desservis'];
  const groupRows = (groups: ReadonlyArray<{ epciTotal: number; epciCovered: number; population: number; beneficiaries: number | null; populationCoveredPct: number; underserved: number; hidden?: HiddenFields }>, label: (i: number) => string) =>
    groups.map((g, i) => [label(i), g.epciTotal, g.epciCovered, g.population, shownValue(g.beneficiaries, g, 'beneficiaries', threshold), g.populationCoveredPct, g.underserved]);
  const completenessHeader = ['Attendus', 'Échus', 'Soumis', 'Validés', 'En retard', 'Manquants', 'À l’heure (%)', 'Reçus (%)'];
  const completenessRow = (t: CompletenessTotals) => [t.expected, t.due, t.submitted, t.validated, t.late, t.missing, t.onTimeRatePct, t.overallRatePct];
  const titled = (sheet: Sheet, name: string): Sheet => ({ ...sheet, name });
  return [
    {
      name: 'Synthèse',
      header: ['Rubrique', 'Valeur'],
      rows: [
        ['Rapport annuel COPRESS', report.year],
        ['Base', BASIS_LABELS[report.basis]],
        ['Déclarations', report.reporting.label ?? 'année complète'],
        ['Bénéficiaires distincts', shown('distinct', current.beneficiaries.distinct)],
        ['Objectif bénéficiaires', current.targets.beneficiaries],
        ['Part atteinte bénéficiaires (%)', shown('distinct', current.share.beneficiaries)],
        ['Emplois consolidés (ETP)', shown('jobsConsolidated', current.jobsConsolidated)],
        ['Minimum attendu emplois consolidés', current.targets.jobsConsolidated],
        ['Part atteinte emplois (%)', shown('jobsConsolidated', current.share.jobsConsolidated)],
        ['Projection bénéficiaires (fin d’année)', current.projection?.beneficiaries ?? 'sans objet'],
        ['Projection emplois consolidés (fin d’année)', current.projection?.jobsConsolidated ?? 'sans objet'],
        ['Méthode de projection', current.projection?.description ?? 'sans objet (année complète)'],
        ['EPCI couverts', `${report.coverage.summary.epciCovered} / ${report.coverage.summary.epciTotal}`],
        ['Extraction', report.generatedAt],
        ...(report.disclosure ? [['Secret des petits nombres', report.disclosure.rule]] : []),
      ],
    },
    {
      name: 'Dispositifs',
      header: ['Code', 'Dispositif', 'Nature', `Bénéficiaires distincts ${report.year}`],
      rows: report.schemes.map((s) => [
        s.code,
        s.name,
        s.kind === 'operator' ? 'dispositif opérateur' : 'aide directe',
        s.epcis !== undefined ? `${s.epcis} EPCI soutenus (hors bénéficiaires)` : shown(`byScheme.${s.code}`, s.beneficiaries),
      ]),
    },
    {
      name: 'Stades',
      header: ['Stade', `Bénéficiaires ${report.year} (dernier stade de l’année)`],
      rows: STAGES.map((stage) => [STAGE_LABELS[stage], shown(`byStage.${stage}`, current.byStage[stage])]),
    },
    // Who is reached (issue 13): families and size classes, each adding up to the distinct beneficiaries.
    ...(['byFamily', 'bySize'] as const).map((field) => {
      const classes = field === 'byFamily' ? FAMILIES : SIZE_CLASSES;
      const counts = (current as { byFamily?: Record<string, number | null>; bySize?: Record<string, number | null> })[field] ?? {};
      return {
        name: field === 'byFamily' ? 'Familles de l’ESS' : 'Tailles',
        header: [field === 'byFamily' ? 'Famille' : 'Taille', `Bénéficiaires distincts ${report.year}`],
        rows: [...classes.map((c) => [c.label, shown(`${field}.${c.code}`, counts[c.code] ?? 0)]), ['Total', shown('distinct', current.beneficiaries.distinct)]],
      };
    }),
    { name: 'Types d’EPCI', header: ['Type', ...groupHeader], rows: groupRows(report.coverage.summary.byType, (i) => report.coverage.summary.byType[i].label) },
    { name: 'Zones de vigilance', header: ['Zone', ...groupHeader], rows: groupRows(report.coverage.summary.byZone, (i) => report.coverage.summary.byZone[i].name) },
    { name: 'Départements', header: ['Département', ...groupHeader], rows: groupRows(report.coverage.summary.byDepartement, (i) => report.coverage.summary.byDepartement[i].departement) },
    {
      name: 'Complétude',
      header: ['Opérateur', 'Identifiant', ...completenessHeader],
      rows: [...report.completeness.byOperator.map((o) => [o.operatorName, o.operatorId, ...completenessRow(o)]), ['Ensemble', '', ...completenessRow(report.completeness.totals)]],
    },
    titled(epcisYear, `EPCI ${report.year}`),
    titled(summaryYear, `Synthèse couverture ${report.year}`),
    titled(targetsSheet(report.cohort.years, schemeNames, report.basis, threshold), `Objectifs ${cohortLabel}`),
    titled(epcisCohort, `Cohorte ${cohortLabel}`),
  ];
}
