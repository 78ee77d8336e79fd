// What the figure routes answer, assembled from the engine: targets by year (with the roadmap targets
// and the current year's projection), coverage, completeness. No function here returns report lines
// or beneficiary references.
import type { Db } from '../../db/database.ts';
import { AppError } from '../errors.ts';
import { todayInParis } from '../domain/dates.ts';
import { reportDueDays } from '../reports/expected.ts';
import type { Geography } from '../../geo/geography.ts';
import { type YearBreakdown, yearBreakdowns } from './breakdowns.ts';
import { computeCompleteness } from './completeness.ts';
import { OUTSIDE_EPCI } from './cohort-pass.ts';
import { type Coverage, computeCoverage } from './coverage.ts';
import { emptyReach, expectedCoverage, type ExpectedModel, type Reach, reachByUnit, type UnitEquity, unitEquity } from './equity.ts';
import type { DisclosureNote, HiddenFields } from './disclosure.ts';
import { yieldToEventLoop } from './event-loop.ts';
import { type Basis, ResultCache, versionStamp } from './facts.ts';
import { cohortReporting, dueQuarters, type YearReporting, yearReporting } from './reporting.ts';
import type { TargetsYear } from './tables.ts';
import { listZones } from './zones.ts';
import { computeYearFigures, type Projection, projectYear, type YearFigures } from './targets.ts';

export const TARGETS_NOTES = {
  distinct: 'Bénéficiaires distincts : une entreprise est identifiée par son SIREN, sinon par l’opérateur et sa référence ; suivie plusieurs trimestres ou par plusieurs dispositifs, elle compte une fois.',
  accompaniments: 'Accompagnements : somme des bénéficiaires distincts de chaque dispositif (peut dépasser le total distinct).',
  tess: 'TESS soutient des EPCI (plans d’action pour l’ESS), non des entreprises ou porteurs de projet : ses lignes sont comptées à part, en EPCI distincts, hors des 700 bénéficiaires.',
  byStage: 'Par stade : chaque bénéficiaire compte une fois, au stade de sa dernière ligne de l’année (à trimestre égal, le stade le plus avancé).',
  jobs: 'Emplois consolidés (et créés) : pour chaque bénéficiaire, le plus grand chiffre déclaré dans l’année, puis somme ; jamais additionné entre trimestres ou dispositifs.',
  basis: 'Base « validated » : rapports validés (chiffres officiels) ; « submitted » : validés et soumis (provisoire). Les brouillons et rapports renvoyés ne comptent jamais.',
};

export interface SchemeInfo {
  code: string;
  name: string;
  kind: string;
}

export async function loadSchemes(db: Db): Promise<SchemeInfo[]> {
  return db.selectFrom('schemes').select(['code', 'name', 'kind']).orderBy('sort_order').execute();
}

/** Rejects (400) scheme codes that do not exist, naming them. */
export function checkSchemes(requested: readonly string[], known: readonly SchemeInfo[]): void {
  const codes = new Set(known.map((s) => s.code));
  const unknown = requested.filter((s) => !codes.has(s));
  if (unknown.length > 0) {
    throw new AppError(400, 'invalid_request', `Dispositif inconnu : ${unknown.join(', ')} (attendus : ${[...codes].join(', ')})`, unknown.map((value) => ({ field: 'schemes', value, message: 'dispositif inconnu' })));
  }
}

async function targetsByYear(db: Db, years: number[]): Promise<Map<number, { beneficiaries: number; jobsConsolidated: number }>> {
  const rows = years.length ? await db.selectFrom('targets').selectAll().where('year', 'in', years).execute() : [];
  const setting = await db.selectFrom('settings').select('value').where('key', '=', 'default_targets').executeTakeFirst();
  // 700 beneficiaries and 4,000 consolidated jobs a year: roadmap Part 3 §2a (also migration 002's default).
  const fallback = { beneficiaries: 700, jobsConsolidated: 4000, ...(setting ? (JSON.parse(setting.value) as object) : {}) };
  const byYear = new Map(rows.map((r) => [r.year, { beneficiaries: r.beneficiaries, jobsConsolidated: r.jobs_consolidated }]));
  return new Map(years.map((y) => [y, byYear.get(y) ?? { beneficiaries: fallback.beneficiaries, jobsConsolidated: fallback.jobsConsolidated }]));
}

const share = (value: number, target: number) => (target > 0 ? Math.round((value / target) * 1000) / 10 : null);

export interface TargetsResult {
  basis: Basis;
  from: number;
  to: number;
  generatedAt: string;
  operator: string | null;
  years: Array<TargetsYear & { projection: Projection | null; reporting: YearReporting; hidden?: HiddenFields }>;
  /** With an operator scope: the region's totals per year */
  regional?: Array<{ year: number; distinct: number; accompaniments: number; jobsConsolidated: number; jobsCreated: number }>;
  notes: typeof TARGETS_NOTES;
  /** Set when the secrecy of small numbers masked some figures (disclosure=public) */
  disclosure?: DisclosureNote;
}

export async function targetsFigures(
  db: Db,
  params: { basis: Basis; from: number; to: number; operatorId: string | null; today?: string; schemes?: readonly string[] | null },
): Promise<TargetsResult> {
  const today = params.today ?? todayInParis();
  const currentYear = Number(today.slice(0, 4));
  const schemes = await loadSchemes(db);
  const schemeCodes = schemes.map((s) => s.code);
  const years: number[] = [];
  for (let y = params.from; y <= params.to; y++) years.push(y);
  if (params.schemes) checkSchemes(params.schemes, schemes);
  const scope = { basis: params.basis, schemeCodes, operatorId: params.operatorId, only: params.schemes ?? null };
  const figures = await computeYearFigures(db, { ...scope, years });
  const breakdowns = await yearBreakdowns(db, { basis: params.basis, years, operatorId: params.operatorId, schemes: params.schemes ?? null });
  const targets = await targetsByYear(db, years);

  // The projection (current year only) compares with up to three earlier years, requested or not, and
  // rests on the quarters whose reports are due.
  let previous: YearFigures[] = [];
  const dueDays = await reportDueDays(db);
  if (years.includes(currentYear)) {
    const earlier = [currentYear - 3, currentYear - 2, currentYear - 1];
    previous = await computeYearFigures(db, { ...scope, years: earlier });
  }
  const result: TargetsResult = {
    basis: params.basis,
    from: params.from,
    to: params.to,
    generatedAt: new Date().toISOString(),
    operator: params.operatorId,
    years: figures.map((f) => {
      const target = targets.get(f.year) ?? { beneficiaries: 0, jobsConsolidated: 0 };
      return {
        ...f,
        ...(breakdowns.get(f.year) as YearBreakdown),
        targets: target,
        share: { beneficiaries: share(f.beneficiaries.distinct, target.beneficiaries), jobsConsolidated: share(f.jobsConsolidated, target.jobsConsolidated) },
        projection: f.year === currentYear ? projectYear(f, previous, dueQuarters(f.year, today, dueDays)) : null,
        reporting: yearReporting(f.year, today, dueDays),
      };
    }),
    notes: TARGETS_NOTES,
  };
  if (params.operatorId !== null) {
    const regional = await computeYearFigures(db, { ...scope, years, operatorId: null });
    result.regional = regional.map((f) => ({
      year: f.year,
      distinct: f.beneficiaries.distinct,
      accompaniments: f.beneficiaries.accompaniments,
      jobsConsolidated: f.jobsConsolidated,
      jobsCreated: f.jobsCreated,
    }));
  }
  return result;
}

export interface CoverageRequest {
  basis: Basis;
  from: number;
  to: number;
  /** Scheme codes; empty or missing: the operator schemes */
  schemes?: readonly string[];
  distanceKm: number;
  operatorId: string | null;
  today?: string;
}

/**
 * Coverage of a cohort as the API answers it: the engine's figures with the vigilance zones, how far the
 * cohort's years are reported, the scope and the time of the computation.
 */
export async function coverageFigures(db: Db, geo: Geography, request: CoverageRequest) {
  const known = await loadSchemes(db);
  const schemes = request.schemes?.length ? [...request.schemes] : known.filter((s) => s.kind === 'operator').map((s) => s.code);
  checkSchemes(schemes, known);
  const zones = (await listZones(db, geo)).map((z) => ({ id: z.id, name: z.name, epcis: z.epcis.map((e) => e.siren) }));
  const params = { basis: request.basis, from: request.from, to: request.to, schemes, distanceKm: request.distanceKm, operatorId: request.operatorId };
  const today = request.today ?? todayInParis();
  const dueDays = await reportDueDays(db);
  // The whole answer but its time, under everything it reads: a reader coming back to a map, or a committee
  // page asking what the map page just did, is answered without recomputing the equity figures.
  const keys = ['sites', 'capacities'];
  for (let y = request.from; y <= request.to; y++) keys.push(`facts:${y}`);
  const key = JSON.stringify([geo.regionCode, params, zones, today, dueDays, await versionStamp(db, keys)]);
  let answer = coverageAnswers.get(db, key);
  if (!answer) {
    const computed = await computeCoverage(db, geo, params, zones);
    await yieldToEventLoop();
    const coverage = withEquity(computed, ...(await equityInputs(db, geo, { ...params, today, dueDays })));
    answer = { ...coverage, reporting: cohortReporting(request.from, request.to, today, dueDays) };
    coverageAnswers.set(db, key, answer);
  }
  return { ...answer, operator: request.operatorId, generatedAt: new Date().toISOString() };
}

const coverageAnswers = new ResultCache<ReturnType<typeof withEquity> & { reporting: ReturnType<typeof cohortReporting> }>(32);

async function equityInputs(db: Db, geo: Geography, params: Parameters<typeof expectedCoverage>[2]) {
  const [expected, reach] = await Promise.all([expectedCoverage(db, geo, params), reachByUnit(db, geo, params)]);
  return [expected, reach] as const;
}

export interface EquitySummary {
  /** Σ over the EPCIs of their probability of being covered: the covered EPCIs the capacities lead to expect */
  expectedCovered: number;
  expectedGaps: number;
  /** EPCIs with a site within the distance; with a site or a visit; reached only at a distance */
  presentEpcis: number;
  presentWithVisitsEpcis: number;
  distanceOnlyEpcis: number;
  reach: Reach;
}

/** Coverage with the equity figures of issue 13 on each EPCI, the communes in no EPCI and the summary. */
function withEquity(
  coverage: Coverage,
  expected: { lambda: Map<string, number>; model: ExpectedModel },
  reach: Awaited<ReturnType<typeof reachByUnit>>,
): Omit<Coverage, 'epcis' | 'outsideEpci' | 'summary'> & {
  epcis: Array<Coverage['epcis'][number] & UnitEquity>;
  outsideEpci: (NonNullable<Coverage['outsideEpci']> & UnitEquity) | null;
  summary: Coverage['summary'] & EquitySummary;
  expectedModel: ExpectedModel;
} {
  const threshold = expected.model.threshold;
  // The rows are this computation's own (computeCoverage caches nothing): extended in place. Copies spread
  // from two objects were slow to build and to serialise: measured over HTTP at 1M lines, varied coverage
  // p95 18 → 14 ms and the server's RSS after the warm runs 408 → 338 MiB with the change alone.
  const epcis = coverage.epcis.map((e) => Object.assign(e, unitEquity(e, expected.lambda.get(e.siren) ?? 0, reach.get(e.siren), threshold)));
  const outsideEpci = coverage.outsideEpci && Object.assign(coverage.outsideEpci, unitEquity(coverage.outsideEpci, expected.lambda.get(OUTSIDE_EPCI) ?? 0, reach.get(OUTSIDE_EPCI), threshold));
  const total = emptyReach();
  for (const unit of [...epcis, ...(outsideEpci ? [outsideEpci] : [])]) for (const k of Object.keys(total) as Array<keyof Reach>) total[k] += unit.reach[k];
  const summary = {
    ...coverage.summary,
    expectedCovered: Math.round(epcis.reduce((sum, e) => sum + e.coverageProbability, 0) * 100) / 100,
    expectedGaps: epcis.filter((e) => e.expectedGap).length,
    presentEpcis: epcis.filter((e) => e.presence === 'site').length,
    presentWithVisitsEpcis: epcis.filter((e) => e.presence === 'site' || e.presence === 'visit').length,
    distanceOnlyEpcis: epcis.filter((e) => e.distanceOnly).length,
    reach: total,
  };
  return { ...coverage, epcis, outsideEpci, summary, expectedModel: expected.model };
}
export type CoverageFigures = Awaited<ReturnType<typeof coverageFigures>>;

/** Completeness of a year as the API answers it. */
export async function completenessFigures(db: Db, year: number, operatorId: string | null, today?: string) {
  const result = await computeCompleteness(db, year, { operatorId, today });
  return { ...result, operator: operatorId, generatedAt: new Date().toISOString() };
}
export type CompletenessFigures = Awaited<ReturnType<typeof completenessFigures>>;
