// Equity as the roadmap judges it (Part 3 §4b, issue 13): coverage « au regard des objectifs dispositif par
// dispositif (notamment du nombre d'entreprises ou d'entrepreneurs possibles à accompagner annuellement) »,
// inside each agreed territory, and by how operators reach people (site, visit, distance).
//
// Expected coverage (the model, stated in server/figures/README.md and on the map page):
//   - each agreement of the chosen schemes (and each chosen direct aid, whose capacity the Region sets)
//     brings S = capacity a year × (quarters of the cohort it covers and that are due) ÷ 4 supports;
//   - spread over its territory in proportion to the target population of each territorial unit (EPCI, or
//     the communes in no EPCI): its population there, or its ESS establishments when the Region loaded them
//     (an EPCI partly inside a territory of départements counts for the share of its population inside);
//   - a unit then expects λ = Σ S × w ÷ W beneficiaries, and, supports being rare independent events
//     (Poisson), is covered with probability 1 − e^−λ; the expected number of covered EPCIs is the sum;
//   - an uncovered EPCI is a gap (« écart à l'attendu ») when that probability is at least the Region's
//     threshold (80 % by default): not every white EPCI is a gap, FIDESS's twenty a year cannot cover 92.
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Geography } from '../../geo/geography.ts';
import { periodDue, periodEnd, periodStart } from '../domain/periods.ts';
import { cohortPass, OUTSIDE_EPCI, type ReachCounts } from './cohort-pass.ts';
import { type Basis, ResultCache, versionStamp } from './facts.ts';
import { REACH_KINDS } from './line-facts.ts';
import { EPCI_SCHEME } from './targets.ts';


export interface Territory {
  epcis: readonly string[];
  departements: readonly string[];
}

/** Supports a capacity brings over the cohort, spread over a territory. */
export interface CapacityShare {
  supports: number;
  /** Unit key → weight (population or ESS establishments inside the territory) */
  weights: ReadonlyMap<string, number>;
}

/** λ per unit: each share's supports spread in proportion to its weights. */
export function expectedCounts(shares: readonly CapacityShare[]): Map<string, number> {
  // Agreements share territories (a département, the region) and territoryWeights() hands out one map per
  // territory: the supports are summed per territory first, then spread once per territory, not once per
  // agreement (thousands of agreements at a national scale, a handful of territories).
  const byTerritory = new Map<ReadonlyMap<string, number>, number>();
  for (const { supports, weights } of shares) if (supports > 0) byTerritory.set(weights, (byTerritory.get(weights) ?? 0) + supports);
  const lambda = new Map<string, number>();
  for (const [weights, supports] of byTerritory) {
    let total = 0;
    for (const w of weights.values()) total += w;
    if (total <= 0) continue;
    for (const [unit, w] of weights) if (w > 0) lambda.set(unit, (lambda.get(unit) ?? 0) + (supports * w) / total);
  }
  return lambda;
}

/** P(at least one beneficiary) for λ expected (Poisson). */
export const coverageProbability = (lambda: number): number => (lambda > 0 ? 1 - Math.exp(-lambda) : 0);

/**
 * Weight of each unit inside a territory (no EPCI and no département: the whole region). `base` (ESS
 * establishments per EPCI) replaces the population when given, shared out by the population inside.
 */
export function territoryWeights(geo: Geography, territory: Territory, base: ReadonlyMap<string, number> | null): Map<string, number> {
  // Agreements share territories (a département, the region): computed once per geography, territory and base.
  const key = territoryKey(territory);
  let byTerritory = weightsCache.get(geo);
  if (!byTerritory) {
    byTerritory = new WeakMap();
    weightsCache.set(geo, byTerritory);
  }
  const baseKey = base ?? NO_BASE;
  let forBase = byTerritory.get(baseKey);
  if (!forBase) {
    forBase = new Map();
    byTerritory.set(baseKey, forBase);
  }
  let weights = forBase.get(key);
  if (!weights) {
    weights = computeWeights(geo, territory, base);
    forBase.set(key, weights);
  }
  return weights;
}

const NO_BASE: ReadonlyMap<string, number> = new Map();
// Per territory object (capacity inputs keep theirs until the capacities change): its key is built once, not
// on every request for each of thousands of agreements.
const territoryKeys = new WeakMap<Territory, string>();
function territoryKey(territory: Territory): string {
  let key = territoryKeys.get(territory);
  if (key === undefined) {
    key = JSON.stringify([[...territory.epcis].sort(), [...territory.departements].sort()]);
    territoryKeys.set(territory, key);
  }
  return key;
}
const weightsCache = new WeakMap<Geography, WeakMap<ReadonlyMap<string, number>, Map<string, Map<string, number>>>>();

function computeWeights(geo: Geography, territory: Territory, base: ReadonlyMap<string, number> | null): Map<string, number> {
  const whole = territory.epcis.length === 0 && territory.departements.length === 0;
  const epcis = new Set(territory.epcis);
  const departements = new Set(territory.departements);
  const inside = new Map<string, number>();
  for (const c of geo.communes.values()) {
    if (!whole && !epcis.has(c.epciSiren) && !departements.has(c.departement)) continue;
    const unit = c.epciSiren || OUTSIDE_EPCI;
    inside.set(unit, (inside.get(unit) ?? 0) + c.population);
  }
  if (!base) return inside;
  const weights = new Map<string, number>();
  for (const [unit, population] of inside) {
    const epciPopulation = geo.epcis.get(unit)?.population ?? 0;
    weights.set(unit, epciPopulation > 0 ? ((base.get(unit) ?? 0) * population) / epciPopulation : 0);
  }
  return weights;
}

/** Quarters of [from, to] that an agreement's dates cover and whose reports are due by `today`. */
export function coveredQuarters(from: number, to: number, start: string, end: string, today: string, dueDays: number): number {
  let n = 0;
  for (let year = from; year <= to; year++) {
    for (const quarter of [1, 2, 3, 4] as const) {
      const p = { year, quarter };
      if (periodStart(p) <= end && periodEnd(p) >= start && periodDue(p, dueDays) < today) n++;
    }
  }
  return n;
}

export interface EquityParams {
  basis: Basis;
  from: number;
  to: number;
  schemes: readonly string[];
  operatorId: string | null;
  today: string;
  dueDays: number;
}

export interface ExpectedModel {
  base: 'population' | 'ess_establishments';
  threshold: number;
  /** Agreements (and direct aids) whose capacity entered the model */
  capacities: number;
  /** Agreements of the chosen schemes with no capacity stated: left out, the expectation is then low */
  withoutCapacity: Array<{ agreement: number | null; operator: string; scheme: string }>;
  /** Σ supports the capacities bring over the cohort */
  supports: number;
  description: string;
}

export const EXPECTED_MODEL_TEXT =
  'Couverture attendue : chaque convention des dispositifs choisis (et chaque aide directe de la Région) apporte sa capacité ' +
  'annuelle × le nombre de trimestres de la cohorte qu’elle couvre ÷ 4 accompagnements, répartis sur son territoire en ' +
  'proportion de la population (ou des établissements de l’ESS quand la Région les a chargés) ; un EPCI en attend λ et ' +
  'a une probabilité 1 − e^−λ d’avoir au moins un bénéficiaire. Un EPCI sans bénéficiaire est un « écart à l’attendu » ' +
  'quand cette probabilité atteint le seuil fixé par la Région.';

type Expected = { lambda: Map<string, number>; model: ExpectedModel };
const expectedCache = new ResultCache<Expected>(64);

/** Everything the expectation is computed from, read once per version of its tables (migration 015). */
interface CapacityInputs {
  agreements: Array<{ id: number; operator: string; scheme: string; start: string; end: string; capacity: number | null; territory: Territory }>;
  /** Direct aids' capacities per scheme code */
  aids: Map<string, number | null>;
  threshold: number;
  base: Map<string, number> | null;
}
const inputsCache = new ResultCache<CapacityInputs>(2);

async function capacityInputs(db: Db, version: string): Promise<CapacityInputs> {
  const cached = inputsCache.get(db, version);
  if (cached) return cached;
  const rows = await db.selectFrom('agreements').select(['id', 'operator_id', 'scheme', 'start_date', 'end_date', 'capacity_per_year']).orderBy('id').execute();
  const territories = new Map<number, { epcis: string[]; departements: string[] }>();
  for (const t of await db.selectFrom('agreement_territories').select(['agreement_id', 'kind', 'code']).execute()) {
    let territory = territories.get(t.agreement_id);
    if (!territory) {
      territory = { epcis: [], departements: [] };
      territories.set(t.agreement_id, territory);
    }
    (t.kind === 'epci' ? territory.epcis : territory.departements).push(t.code);
  }
  const aids = await db.selectFrom('schemes').select(['code', 'capacity_per_year']).where('kind', '=', 'direct_aid').execute();
  // One object per distinct territory (agreements of one call for projects share theirs), so that a request
  // looks up each territory's weights once, not once per agreement.
  const interned = new Map<string, Territory>();
  const intern = (territory: Territory) => {
    const key = territoryKey(territory);
    const known = interned.get(key);
    if (known) return known;
    interned.set(key, territory);
    return territory;
  };
  const inputs: CapacityInputs = {
    agreements: rows.map((a) => ({
      id: a.id,
      operator: a.operator_id,
      scheme: a.scheme,
      start: a.start_date,
      end: a.end_date,
      capacity: a.capacity_per_year,
      territory: intern(territories.get(a.id) ?? { epcis: [], departements: [] }),
    })),
    aids: new Map(aids.map((a) => [a.code, a.capacity_per_year])),
    threshold: await expectedThreshold(db),
    base: await essEstablishments(db),
  };
  inputsCache.set(db, version, inputs);
  return inputs;
}

/**
 * The model's inputs: capacities of the cohort's agreements and direct aids, the base, the threshold. Kept
 * per cohort until one of them changes (fig_versions 'capacities', migration 015) or the day does.
 */
export async function expectedCoverage(db: Db, geo: Geography, params: EquityParams): Promise<Expected> {
  // Named fields, not the rest of `params`: callers pass their whole request (basis, distance), on which
  // the expectation does not depend, and a reader trying distances must not recompute it.
  const { from, to, operatorId, today, dueDays } = params;
  const version = await versionStamp(db, ['capacities']);
  const key = JSON.stringify([geo.regionCode, from, to, operatorId, today, dueDays, [...params.schemes].sort(), version]);
  const cached = expectedCache.get(db, key);
  if (cached) return cached;
  const fresh = expectedFrom(await capacityInputs(db, version), geo, params);
  expectedCache.set(db, key, fresh);
  return fresh;
}

function expectedFrom(inputs: CapacityInputs, geo: Geography, params: EquityParams): Expected {
  const schemes = new Set(params.schemes.filter((s) => s !== EPCI_SCHEME));
  const { threshold, base } = inputs;
  const shares: CapacityShare[] = [];
  const withoutCapacity: ExpectedModel['withoutCapacity'] = [];
  const cohortStart = `${params.from}-01-01`;
  const cohortEnd = `${params.to}-12-31`;
  // Quarters per agreement period: agreements of one call for projects share their dates.
  const quartersOf = new Map<string, number>();
  const quartersBetween = (start: string, end: string) => {
    const key = `${start}|${end}`;
    let quarters = quartersOf.get(key);
    if (quarters === undefined) {
      quarters = coveredQuarters(params.from, params.to, start, end, params.today, params.dueDays);
      quartersOf.set(key, quarters);
    }
    return quarters;
  };
  for (const a of inputs.agreements) {
    if (!schemes.has(a.scheme) || a.start > cohortEnd || a.end < cohortStart) continue;
    if (params.operatorId !== null && a.operator !== params.operatorId) continue;
    if (a.capacity === null) {
      withoutCapacity.push({ agreement: a.id, operator: a.operator, scheme: a.scheme });
      continue;
    }
    shares.push({ supports: (a.capacity * quartersBetween(a.start, a.end)) / 4, weights: territoryWeights(geo, a.territory, base) });
  }
  // The Region's direct aids: no agreement, a capacity per aid, the whole region.
  if (params.operatorId === null) {
    const whole = territoryWeights(geo, { epcis: [], departements: [] }, base);
    for (const [code, capacity] of inputs.aids) {
      if (!schemes.has(code)) continue;
      if (capacity === null) {
        withoutCapacity.push({ agreement: null, operator: 'region', scheme: code });
        continue;
      }
      shares.push({ supports: (capacity * quartersBetween(cohortStart, cohortEnd)) / 4, weights: whole });
    }
  }
  return {
    lambda: expectedCounts(shares),
    model: {
      base: base ? 'ess_establishments' : 'population',
      threshold,
      capacities: shares.length,
      withoutCapacity,
      supports: Math.round(shares.reduce((sum, s) => sum + s.supports, 0) * 100) / 100,
      description: EXPECTED_MODEL_TEXT,
    },
  };
}

async function expectedThreshold(db: Db): Promise<number> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'expected_coverage_threshold').executeTakeFirst();
  const value = row ? Number(JSON.parse(row.value)) : 0.8;
  return Number.isFinite(value) && value > 0 && value <= 1 ? value : 0.8;
}

const loadedBases = new WeakMap<Db, { stamp: string; base: Map<string, number> | null }>();

/**
 * ESS establishments per EPCI when the Region loaded them, else null (the population is the base). The same
 * map while the file stays the same (a load rewrites every row with its time), so weights stay cached.
 */
export async function essEstablishments(db: Db): Promise<Map<string, number> | null> {
  const { rows: [mark] } = await sql<{ n: number; at: string | null }>`SELECT count(*) AS n, max(loaded_at) AS at FROM ess_establishments`.execute(db);
  const stamp = `${mark?.n ?? 0}|${mark?.at ?? ''}`;
  const known = loadedBases.get(db);
  if (known?.stamp === stamp) return known.base;
  const rows = await db.selectFrom('ess_establishments').select(['epci_siren', 'establishments']).execute();
  const base = rows.length ? new Map(rows.map((r) => [r.epci_siren, r.establishments])) : null;
  loadedBases.set(db, { stamp, base });
  return base;
}

export interface Reach {
  /** Accompaniments held at one of the operator's sites */
  site: number;
  /** … by a visit to the company */
  visit: number;
  /** … at a distance */
  distance: number;
  /** … with no `lieu` stated (the column is optional) */
  unspecified: number;
}

export const emptyReach = (): Reach => ({ site: 0, visit: 0, distance: 0, unspecified: 0 });

/**
 * How a unit is present for the cohort: a site within the distance of part of its population, else
 * visits to companies, else accompaniments only at a distance, else none.
 */
export type Presence = 'site' | 'visit' | 'distance' | 'none';

export interface UnitEquity {
  /** λ from the capacities (see the model) */
  expectedFromCapacity: number;
  coverageProbability: number;
  expectedGap: boolean;
  reach: Reach;
  reachByScheme: Record<string, Reach>;
  presence: Presence;
  /** Beneficiaries reached, every one of them at a distance */
  distanceOnly: boolean;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The equity figures of one unit from its coverage row, its λ and its reach. */
export function unitEquity(row: { covered: boolean; populationWithinDistancePct: number }, lambda: number, reach: { total: Reach; byScheme: Record<string, Reach> } | undefined, threshold: number): UnitEquity {
  const probability = coverageProbability(lambda);
  const total = reach?.total ?? emptyReach();
  const distanceOnly = total.distance > 0 && total.site + total.visit + total.unspecified === 0;
  return {
    expectedFromCapacity: round(lambda, 2),
    coverageProbability: round(probability, 4),
    expectedGap: !row.covered && probability >= threshold,
    reach: total,
    reachByScheme: reach?.byScheme ?? {},
    presence: row.populationWithinDistancePct > 0 ? 'site' : total.visit > 0 ? 'visit' : total.distance > 0 ? 'distance' : 'none',
    distanceOnly,
  };
}

type ReachByUnit = Map<string, { total: Reach; byScheme: Record<string, Reach> }>;
// Per pass (cohort-pass.ts caches those): the counts laid out by unit and scheme.
const reachResults = new WeakMap<ReachCounts, ReachByUnit>();

/**
 * How people are reached, per unit and per scheme: each accompaniment (beneficiary × scheme × operator over
 * the cohort, in one unit) counted once, by the `lieu` of its latest counted line (line-facts.ts, in memory).
 * Cached under the versions of the cohort's facts.
 */
export async function reachByUnit(db: Db, geo: Geography, params: Pick<EquityParams, 'basis' | 'from' | 'to' | 'schemes' | 'operatorId'>): Promise<ReachByUnit> {
  const { reach } = await cohortPass(db, geo, params);
  const cached = reachResults.get(reach);
  if (cached) return cached;
  const { counts, schemes, epcis } = reach;
  const [S, K] = [schemes.length, REACH_KINDS.length];
  // Units and schemes in code order, whatever order this process's dictionaries met them in.
  const result: ReachByUnit = new Map();
  const schemeOrder = schemes.map((code, id) => ({ code, id })).sort((a, b) => a.code.localeCompare(b.code));
  const unitOrder = epcis.map((siren, id) => ({ siren, id })).sort((a, b) => a.siren.localeCompare(b.siren));
  for (const { siren, id: e } of unitOrder) {
    const entry = { total: emptyReach(), byScheme: {} as Record<string, Reach> };
    for (const { code, id: scheme } of schemeOrder) {
      const at = (e * S + scheme) * K;
      if (counts.subarray(at, at + K).every((n) => n === 0)) continue;
      const reach = emptyReach();
      REACH_KINDS.forEach((kind, k) => {
        reach[kind] = counts[at + k];
        entry.total[kind] += counts[at + k];
      });
      entry.byScheme[code] = reach;
    }
    if (Object.keys(entry.byScheme).length > 0) result.set(siren, entry);
  }
  reachResults.set(reach, result);
  return result;
}
