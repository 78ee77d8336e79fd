// Territorial coverage over a cohort of years (rule 7), per EPCI and summarised by type, département
// and vigilance zone, with a Poisson test flagging EPCIs with fewer beneficiaries than their population
// share of the cohort would lead to expect.
import poissonCdf from '@stdlib/stats-base-dists-poisson-cdf';
import type { Db } from '../../db/database.ts';
import type { Commune, Epci, EpciType, Geography } from '../../geo/geography.ts';
import { cohortPass, type Tally, unitOrderOf } from './cohort-pass.ts';
import { yieldToEventLoop } from './event-loop.ts';
import type { Basis } from './facts.ts';
import { communeIndexOf, presenceFor } from './presence.ts';

export const POISSON_ALPHA = 0.05;
/**
 * One-sided Poisson test with Lancaster's mid-p (issue 13). The exact lower tail P(X ≤ k) is conservative
 * for a discrete count: at small λ its real size is far below 5 %, and it never flagged an EPCI with no
 * beneficiary unless λ > ln 20 ≈ 3.0. The mid-p, P(X < k) + ½ P(X = k), has a size close to the nominal
 * level and is the usual correction (Lancaster 1961; Agresti, Categorical Data Analysis, §1.4): a zero is
 * flagged once λ > ln 10 ≈ 2.3. Below that, seeing no beneficiary is not unlikely (λ = 1.3: 27 %); the
 * capacity-based expected coverage (equity.ts) is what judges those EPCIs.
 */
export const POISSON_TEST = {
  name: 'Poisson',
  variant: 'mid-p',
  alpha: POISSON_ALPHA,
  description:
    'Un EPCI est signalé « sous-desservi » quand il compte significativement moins de bénéficiaires que sa part de la ' +
    'population régionale ne le laisse attendre : avec N bénéficiaires distincts sur la cohorte dans la région, un EPCI ' +
    'de population p (partie régionale) en attend λ = N × p ÷ population régionale ; il est signalé si la probabilité ' +
    'd’en observer moins, plus la moitié de celle d’en observer autant (p « mid-p » : P(X < observé) + ½ P(X = observé), ' +
    'X de loi de Poisson de paramètre λ), est inférieure à 5 %. Lecture pour un EPCI sans bénéficiaire : il est signalé ' +
    'dès que λ dépasse 2,3 (ln 10) ; avec λ = 1,3, n’en voir aucun arrive une fois sur quatre même si le dispositif y est ' +
    'aussi actif qu’ailleurs, ce n’est donc pas un signal statistique.',
};

export const EPCI_TYPE_LABELS: Record<EpciType, string> = {
  METRO: 'Métropole',
  CU: 'Communauté urbaine',
  CA: 'Communauté d’agglomération',
  CC: 'Communauté de communes',
};

export interface CoverageParams {
  basis: Basis;
  from: number;
  to: number;
  schemes: readonly string[];
  distanceKm: number;
  /** Restrict beneficiary figures to one operator (presence and the test stay regional) */
  operatorId?: string | null;
}

export interface Zone {
  id: string;
  name: string;
  epcis: readonly string[];
}

export interface EpciCoverage {
  siren: string;
  name: string;
  type: EpciType;
  typeLabel: string;
  population: number;
  departements: string[];
  interregional: boolean;
  beneficiaries: number;
  per10k: number;
  jobsConsolidated: number;
  covered: boolean;
  sites: { hq: number; branch: number; outreach: number };
  /** Population-weighted mean over its communes of the distance to the nearest open site, km */
  nearestSiteKm: number | null;
  populationWithinDistancePct: number;
  expected: number;
  pValue: number;
  underserved: boolean;
  zones: string[];
  /** With an operator scope: the regional count and covered flag, for comparison */
  regionalBeneficiaries?: number;
  regionalCovered?: boolean;
  /** The EPCI has an ESS action plan funded by TESS during the cohort (TESS among the chosen schemes) */
  tess: boolean;
}

/**
 * The region's communes that belong to no EPCI (L'Île-d'Yeu in Pays de la Loire; none in Hauts-de-France),
 * one territory beside the EPCIs: their population and beneficiaries count in the region's and their
 * département's totals, never in an EPCI's. The facts locate lines by EPCI, so several such communes of
 * one region are counted together.
 */
export interface OutsideEpciCoverage {
  communes: Array<{ code: string; name: string; departement: string; population: number }>;
  population: number;
  departements: string[];
  beneficiaries: number;
  per10k: number;
  jobsConsolidated: number;
  covered: boolean;
  nearestSiteKm: number | null;
  populationWithinDistancePct: number;
  expected: number;
  pValue: number;
  underserved: boolean;
  regionalBeneficiaries?: number;
}

export interface GroupSummary {
  epciTotal: number;
  epciCovered: number;
  population: number;
  beneficiaries: number;
  populationCoveredPct: number;
  populationWithinDistancePct: number;
  underserved: number;
}

export interface Coverage {
  cohort: { from: number; to: number; start: string; end: string };
  schemes: string[];
  basis: Basis;
  distanceKm: number;
  summary: GroupSummary & {
    epciTotal: number;
    byType: Array<GroupSummary & { type: EpciType; label: string }>;
    byDepartement: Array<GroupSummary & { departement: string }>;
    byZone: Array<GroupSummary & { id: string; name: string; epcis: string[] }>;
    /** Distinct EPCIs with a TESS-funded ESS action plan in the cohort: local presence, not beneficiaries */
    tessEpcis: number;
  };
  epcis: EpciCoverage[];
  /** Communes in no EPCI (null when the region has none) */
  outsideEpci: OutsideEpciCoverage | null;
  test: typeof POISSON_TEST;
  /** With an operator scope: the regional summary */
  regional?: GroupSummary;
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10000) / 100 : 0);
const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Distinct beneficiaries per group (types, départements, zones in one index space), a beneficiary
 * counted once per group whatever its EPCIs. `groupsOfEpci[e]` lists the groups of EPCI e.
 */
function distinctByGroup(tallied: Tally, groupsOfEpci: readonly (readonly number[])[], groupCount: number): Float64Array {
  const counts = new Float64Array(groupCount);
  // Each beneficiary once in every group of its first EPCI: per EPCI, not per beneficiary.
  const { firstCounts, multi } = tallied;
  for (let e = 0; e < groupsOfEpci.length; e++) {
    if (firstCounts[e] === 0) continue;
    for (const group of groupsOfEpci[e]) counts[group] += firstCounts[e];
  }
  // A beneficiary also located elsewhere: once more in each group its other EPCIs add. `seen` holds, per
  // group, the last beneficiary that counted in it (its position in `multi`).
  const seen = new Int32Array(groupCount).fill(-1);
  for (let at = 0; at < multi.length; at += 1 + multi[at]) {
    for (const group of groupsOfEpci[multi[at + 1]]) seen[group] = at;
    for (let k = at + 2; k <= at + multi[at]; k++) {
      for (const group of groupsOfEpci[multi[k]]) {
        if (seen[group] === at) continue;
        seen[group] = at;
        counts[group]++;
      }
    }
  }
  return counts;
}

/** P(X ≤ observed) for X ~ Poisson(expected); 1 when nothing is expected. */
export function poissonLowerTail(observed: number, expected: number): number {
  if (expected <= 0) return 1;
  return poissonCdf(observed, expected);
}

/** Lancaster's mid-p of the lower tail: P(X < observed) + ½ P(X = observed); 1 when nothing is expected. */
export function poissonMidP(observed: number, expected: number): number {
  if (expected <= 0) return 1;
  const below = observed > 0 ? poissonCdf(observed - 1, expected) : 0;
  return below + 0.5 * (poissonCdf(observed, expected) - below);
}

/** Units and their communes, as every coverage of a geography reads them: built once per geography. */
interface UnitLayout {
  epciOrder: readonly string[];
  epciList: Epci[];
  /** The communes in no EPCI (the last unit), by code */
  outsideCommunes: Commune[];
  unitPopulation: number[];
  /** Per unit, its communes in the geography: index into Presence.nearestKm, population, département */
  communes: Array<{ index: Int32Array; population: Float64Array; departement: string[] }>;
}

const unitLayouts = new WeakMap<Geography, UnitLayout>();

function unitLayoutOf(geo: Geography): UnitLayout {
  let layout = unitLayouts.get(geo);
  if (layout) return layout;
  const unitOrder = unitOrderOf(geo);
  const epciOrder = unitOrder.slice(0, -1);
  const epciList = epciOrder.map((siren) => geo.epcis.get(siren)!);
  const outsideCommunes = [...geo.communes.values()].filter((c) => !c.epciSiren).sort((a, b) => a.code.localeCompare(b.code));
  const communeIndex = communeIndexOf(geo);
  const communes = [...epciList.map((e) => e.communeCodes), outsideCommunes.map((c) => c.code)].map((codes) => {
    const known = codes.filter((code) => geo.communes.has(code));
    return {
      index: Int32Array.from(known, (code) => communeIndex.get(code)!),
      population: Float64Array.from(known, (code) => geo.communes.get(code)!.population),
      departement: known.map((code) => geo.communes.get(code)!.departement),
    };
  });
  const unitPopulation = [...epciList.map((e) => e.population), outsideCommunes.reduce((sum, c) => sum + c.population, 0)];
  layout = { epciOrder, epciList, outsideCommunes, unitPopulation, communes };
  unitLayouts.set(geo, layout);
  return layout;
}

/**
 * Coverage of a cohort. Not cached here: its one caller (service.ts, coverageFigures) caches the whole answer
 * under everything it reads, and the costly parts below (the cohort pass, presence) have caches of their own.
 */
export async function computeCoverage(db: Db, geo: Geography, params: CoverageParams, zones: readonly Zone[]): Promise<Coverage> {
  const start = `${params.from}-01-01`;
  const end = `${params.to}-12-31`;
  // Units: the EPCIs in French order of their names, then (index `outside`) the communes in no EPCI, which
  // count in the region's totals.
  const { epciOrder, epciList, outsideCommunes, unitPopulation, communes: unitCommunes } = unitLayoutOf(geo);
  const outside = epciList.length;
  const operatorId = params.operatorId ?? null;
  const regional = (await cohortPass(db, geo, { ...params, operatorId: null })).tally;
  await yieldToEventLoop();
  const scoped = operatorId === null ? regional : (await cohortPass(db, geo, { ...params, operatorId })).tally;
  const presence = await presenceFor(db, geo, params.schemes, start, end);
  await yieldToEventLoop();

  const regionPopulation = unitPopulation.reduce((sum, p) => sum + p, 0);
  const cohortTotal = regional.total;

  /** km from a commune (communeIndexOf) to the nearest open site, NaN when there is none */
  const { nearestKm } = presence;
  const zonesByEpci = new Map<string, string[]>();
  for (const zone of zones) for (const siren of zone.epcis) zonesByEpci.set(siren, [...(zonesByEpci.get(siren) ?? []), zone.id]);

  // Per unit, from its communes: the population within the distance and the mean distance (the unit's
  // figures sum its communes), and the Poisson test against its population share.
  const within = new Float64Array(unitCommunes.length);
  const unitFigures = unitCommunes.map(({ index, population: communePopulation }, e) => {
    let weighted = 0;
    let weight = 0;
    let near = 0;
    for (let i = 0; i < index.length; i++) {
      const d = nearestKm[index[i]];
      if (Number.isNaN(d)) continue;
      weighted += d * communePopulation[i];
      weight += communePopulation[i];
      if (d <= params.distanceKm) near += communePopulation[i];
    }
    within[e] = near;
    const population = unitPopulation[e];
    const expected = regionPopulation > 0 ? (cohortTotal * population) / regionPopulation : 0;
    const pValue = poissonMidP(regional.counts[e], expected);
    const beneficiaries = scoped.counts[e];
    return {
      beneficiaries,
      per10k: population > 0 ? round2((beneficiaries / population) * 10000) : 0,
      jobsConsolidated: round2(scoped.jobs[e]),
      covered: beneficiaries > 0,
      nearestSiteKm: weight > 0 ? round2(weighted / weight) : null,
      populationWithinDistancePct: pct(near, population),
      expected: round2(expected),
      pValue: Math.round(pValue * 10000) / 10000,
      underserved: pValue < POISSON_ALPHA,
    };
  });
  const epcis: EpciCoverage[] = epciList.map((epci, e) => {
    const row: EpciCoverage = {
      siren: epci.siren,
      name: epci.name,
      type: epci.type,
      typeLabel: EPCI_TYPE_LABELS[epci.type],
      population: epci.population,
      departements: epci.departements,
      interregional: epci.interregional,
      ...unitFigures[e],
      sites: { ...(presence.sitesByEpci.get(epci.siren) ?? { hq: 0, branch: 0, outreach: 0 }) },
      zones: zonesByEpci.get(epci.siren) ?? [],
      tess: regional.tess[e] === 1,
    };
    if (operatorId !== null) {
      row.regionalBeneficiaries = regional.counts[e];
      row.regionalCovered = regional.counts[e] > 0;
    }
    return row;
  });
  const outsideEpci: OutsideEpciCoverage | null = outsideCommunes.length
    ? {
        communes: outsideCommunes.map(({ code, name, departement, population }) => ({ code, name, departement, population })),
        population: unitPopulation[outside],
        departements: [...new Set(outsideCommunes.map((c) => c.departement))].sort(),
        ...unitFigures[outside],
        ...(operatorId !== null ? { regionalBeneficiaries: regional.counts[outside] } : {}),
      }
    : null;

  // A group's figures over its units; EPCI counts (total, covered, underserved) over its EPCIs only.
  const summarise = (members: number[], beneficiaries: number, populationOf: (e: number) => number, withinOf: (e: number) => number): GroupSummary => {
    let population = 0;
    let coveredPopulation = 0;
    let near = 0;
    let epciTotal = 0;
    let covered = 0;
    let underserved = 0;
    for (const e of members) {
      const p = populationOf(e);
      population += p;
      near += withinOf(e);
      if (unitFigures[e].covered) coveredPopulation += p;
      if (e === outside) continue;
      epciTotal++;
      if (unitFigures[e].covered) covered++;
      if (unitFigures[e].underserved) underserved++;
    }
    return {
      epciTotal,
      epciCovered: covered,
      population,
      beneficiaries,
      populationCoveredPct: pct(coveredPopulation, population),
      populationWithinDistancePct: pct(near, population),
      underserved,
    };
  };
  const allEpcis = epciList.map((_, e) => e);
  const allUnits = outsideEpci ? [...allEpcis, outside] : allEpcis;
  const departementsOf = (e: number) => (e === outside ? (outsideEpci?.departements ?? []) : epciList[e].departements);

  const types: EpciType[] = ['METRO', 'CU', 'CA', 'CC'];
  const typeIndex = new Map(types.map((t, i) => [t, i]));
  const departements = [...new Set(allUnits.flatMap(departementsOf))].sort();
  const depIndex = new Map(departements.map((d, i) => [d, i]));
  const epciIndex = new Map(epciOrder.map((s, i) => [s, i]));
  const zoneMembers = zones.map((z) => z.epcis.map((s) => epciIndex.get(s)).filter((e): e is number => e !== undefined));
  const zonesOfEpci = epciList.map(() => [] as number[]);
  zoneMembers.forEach((members, z) => {
    for (const e of members) zonesOfEpci[e].push(z);
  });
  // One pass for every group: types first, then départements, then zones, in one index space.
  const depBase = types.length;
  const zoneBase = depBase + departements.length;
  const depGroups = (e: number) => departementsOf(e).map((d) => depBase + (depIndex.get(d) ?? 0));
  const groupCounts = distinctByGroup(
    scoped,
    [...epciList.map((e, i) => [typeIndex.get(e.type) ?? 0, ...depGroups(i), ...zonesOfEpci[i].map((z) => zoneBase + z)]), depGroups(outside)],
    zoneBase + zones.length,
  );
  const byTypeCounts = groupCounts.subarray(0, depBase);
  const byDepCounts = groupCounts.subarray(depBase, zoneBase);
  const byZoneCounts = groupCounts.subarray(zoneBase);
  const populationOf = (e: number) => unitPopulation[e];
  const withinOf = (e: number) => within[e];
  const byType = types.map((type, t) => ({
    type,
    label: EPCI_TYPE_LABELS[type],
    ...summarise(allEpcis.filter((e) => epciList[e].type === type), byTypeCounts[t], populationOf, withinOf),
  }));

  // Départements: a unit spanning two counts in both, with the population of its communes in each.
  const byDepartement = departements.map((departement, d) => {
    const members = allUnits.filter((e) => departementsOf(e).includes(departement));
    const partOf = (e: number) => {
      const { index, population: communePopulation, departement: communeDepartement } = unitCommunes[e];
      let population = 0;
      let near = 0;
      for (let i = 0; i < index.length; i++) {
        if (communeDepartement[i] !== departement) continue;
        population += communePopulation[i];
        if (nearestKm[index[i]] <= params.distanceKm) near += communePopulation[i];
      }
      return { population, near };
    };
    const parts = new Map(members.map((e) => [e, partOf(e)]));
    return {
      departement,
      ...summarise(members, byDepCounts[d], (e) => parts.get(e)?.population ?? 0, (e) => parts.get(e)?.near ?? 0),
    };
  });

  const byZone = zones.map((zone, z) => ({
    id: zone.id,
    name: zone.name,
    epcis: [...zone.epcis],
    ...summarise(zoneMembers[z], byZoneCounts[z], populationOf, withinOf),
  }));

  const summary = {
    ...summarise(allUnits, scoped.total, populationOf, withinOf),
    byType,
    byDepartement,
    byZone,
    tessEpcis: allEpcis.filter((e) => regional.tess[e] === 1).length,
  };
  const coverage: Coverage = {
    cohort: { from: params.from, to: params.to, start, end },
    schemes: [...params.schemes],
    basis: params.basis,
    distanceKm: params.distanceKm,
    summary,
    epcis,
    outsideEpci,
    test: POISSON_TEST,
  };
  if (operatorId !== null) {
    let coveredPopulation = 0;
    let covered = 0;
    let near = 0;
    for (const e of allUnits) {
      near += within[e];
      if (regional.counts[e] === 0) continue;
      coveredPopulation += unitPopulation[e];
      if (e !== outside) covered++;
    }
    coverage.regional = {
      epciTotal: epcis.length,
      epciCovered: covered,
      population: regionPopulation,
      beneficiaries: regional.total,
      populationCoveredPct: pct(coveredPopulation, regionPopulation),
      populationWithinDistancePct: pct(near, regionPopulation),
      underserved: epcis.filter((r) => r.underserved).length,
    };
  }
  return coverage;
}
