// The demo data set, computed (pure, deterministic) from the region's geography and one seed: operators,
// their sites and agreements, and quarterly reports 2024-Q1 → 2026-Q3 whose lines follow beneficiaries
// over several quarters. seed-demo.ts writes it to the database through the same functions as uploads.
//
// Volumes aim at the roadmap's yearly targets (700 beneficiaries, 4,000 consolidated jobs: Part 3 §2a),
// all schemes together, with the overlaps real life has (a DASESS company is often a DLA one too).
import type { BeneficiaryType, SiteKind, Stage } from '../../db/schema.ts';
import { distanceKm } from '../../geo/distance.ts';
import type { Commune, Epci, Geography } from '../../geo/geography.ts';
import { addDays, daysBetween } from '../domain/dates.ts';
import { formatPeriod, type Period, periodDue, periodEnd, periodStart } from '../domain/periods.ts';
import { EPCI_SCHEME } from '../figures/targets.ts';
import type { LineToStore } from '../reports/store.ts';
import { regionProfile } from '../../geo/region-profiles.ts';
import type { DemoOperatorSpec } from './operators.ts';
import { type DemoProfile, demoProfileFor, type Outcome } from './profiles.ts';
import { createRandom, type Random } from './random.ts';
import { randomSiren, siretOf } from './siret.ts';

// Any seed gives plausible data; this one lands both years close to the targets.
export const DEMO_SEED = 12;
export const REGION_OPERATOR_ID = 'region-hdf';
export const AGREEMENT_START = '2024-01-01';
export const AGREEMENT_END = '2026-12-31';
/** Reports are filed from the agreements' first quarter up to the last quarter ended before "today" (November 2026). */
export const FIRST_PERIOD: Period = { year: 2024, quarter: 1 };
export const LAST_PERIOD: Period = { year: 2026, quarter: 3 };
/** Beneficiaries start being followed from this quarter, so that 2024 opens with supports already under way. */
const SIMULATION_START_YEAR = 2023;
/** Due dates in the timeline: the default setting `report_due_days` (30). */
const DUE_DAYS = 30;

export interface DemoOperator {
  id: string;
  name: string;
  isRegion: boolean;
  isDemo: boolean;
  createdAt: string;
}

export interface DemoSite {
  /** Stable key within the data set; the database id is assigned on insert */
  key: string;
  operatorId: string;
  kind: SiteKind;
  name: string;
  communeCode: string;
  lat: number;
  lon: number;
  openedOn: string;
  closedOn: string | null;
  schedule: string | null;
  schemes: string[];
}

export interface DemoAgreement {
  operatorId: string;
  scheme: string;
  startDate: string;
  endDate: string;
  territories: Array<{ kind: 'epci' | 'departement'; code: string }>;
  /** Supports a year the agreement provides for: about what the operator starts (issue 13) */
  capacityPerYear: number;
}

/** A report line; `site` is filled from `siteKey` once sites have ids ('visite'/'distance' otherwise). */
export interface DemoLine extends LineToStore {
  siteKey: string | null;
}

export type DemoStep =
  | { action: 'upload'; at: string; lines: DemoLine[] }
  | { action: 'submit' | 'validate'; at: string }
  | { action: 'return'; at: string; comment: string };

export interface DemoReport {
  operatorId: string;
  scheme: string;
  period: Period;
  /** Uploads and workflow transitions in order, each with its (simulated) time */
  steps: DemoStep[];
}

export interface DemoDataset {
  operators: DemoOperator[];
  sites: DemoSite[];
  agreements: DemoAgreement[];
  reports: DemoReport[];
  /** Reports the agreements call for that the demo leaves unfiled: "operator/scheme/period" */
  missing: string[];
}

// ---------------------------------------------------------------------------------------------------
// Time: quarters are numbered from SIMULATION_START_YEAR-Q1 (index 0).

const quarterIndex = (p: Period) => (p.year - SIMULATION_START_YEAR) * 4 + p.quarter - 1;
const periodAt = (index: number): Period => ({
  year: SIMULATION_START_YEAR + Math.floor(index / 4),
  quarter: ((index % 4) + 1) as Period['quarter'],
});
const FIRST = quarterIndex(FIRST_PERIOD);
const LAST = quarterIndex(LAST_PERIOD);


/** A day inside quarter `index`, at or after `notBefore` when given. */
function dayInQuarter(random: Random, index: number, notBefore?: string): string {
  const period = periodAt(index);
  const start = notBefore && notBefore > periodStart(period) ? notBefore : periodStart(period);
  return addDays(start, random.int(0, Math.max(0, daysBetween(start, periodEnd(period)))));
}

/** A working-hours timestamp (UTC) on `date`. */
const timestamp = (random: Random, date: string) =>
  `${date}T${String(random.int(7, 16)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}:00.000Z`;

const round1 = (x: number) => Math.round(x * 10) / 10;

/** A count with mean `mean` and little spread (stochastic rounding): operators work at a steady capacity. */
function countAround(random: Random, mean: number): number {
  return Math.floor(mean + random.next());
}

// ---------------------------------------------------------------------------------------------------
// Places: where beneficiaries live. An EPCI's weight is its population times an ESS-density factor
// (denser in the Métropole and the agglomerations, thinner in the four vigilance zones, plus a fixed
// local variation); within an EPCI, towns weigh more than villages.

const TYPE_FACTOR: Record<Epci['type'], number> = { METRO: 1.25, CU: 1.1, CA: 1.05, CC: 0.85 };
/** Vigilance zones: under half the regional rate of beneficiaries per inhabitant (roadmap Part 2 §2b). */
const THIN_ZONE_FACTOR = 0.45;

interface Place {
  /** The EPCI's SIREN; '' for the communes in no EPCI (L'Île-d'Yeu), weighted as a communauté de communes */
  siren: string;
  weight: number;
  communes: Commune[];
}

function epciFactors(geo: Geography, random: Random, thinEpcis: ReadonlySet<string>): Map<string, number> {
  const factors = new Map<string, number>();
  for (const epci of [...geo.epcis.values()].sort((a, b) => a.siren.localeCompare(b.siren))) {
    const local = Math.min(1.8, Math.max(0.5, random.logNormal(1, 0.25)));
    factors.set(epci.siren, TYPE_FACTOR[epci.type] * (thinEpcis.has(epci.siren) ? THIN_ZONE_FACTOR : 1) * local);
  }
  return factors;
}

const sortedCache = new WeakMap<Geography, Commune[]>();
function sortedCommunes(geo: Geography): Commune[] {
  let sorted = sortedCache.get(geo);
  if (!sorted) {
    sorted = [...geo.communes.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    sortedCache.set(geo, sorted);
  }
  return sorted;
}

/** The places of a territory (communes in the listed départements or EPCIs; none listed = the region). */
function placesOf(geo: Geography, factors: Map<string, number>, departements: readonly string[], epcis: readonly string[]): Place[] {
  const whole = departements.length === 0 && epcis.length === 0;
  const byEpci = new Map<string, Commune[]>();
  for (const commune of sortedCommunes(geo)) {
    if (!whole && !departements.includes(commune.departement) && !epcis.includes(commune.epciSiren)) continue;
    const list = byEpci.get(commune.epciSiren) ?? [];
    list.push(commune);
    byEpci.set(commune.epciSiren, list);
  }
  const places: Place[] = [];
  for (const [siren, communes] of [...byEpci].sort(([a], [b]) => a.localeCompare(b))) {
    const population = communes.reduce((sum, c) => sum + c.population, 0);
    places.push({ siren, communes, weight: population * (factors.get(siren) ?? (siren === '' ? TYPE_FACTOR.CC : 1)) });
  }
  return places;
}

function drawCommune(random: Random, places: readonly Place[]): Commune {
  const place = random.weighted(places, (p) => p.weight);
  return random.weighted(place.communes, (c) => Math.max(1, c.population) ** 1.2);
}

const placesWeight = (places: readonly Place[]) => places.reduce((sum, p) => sum + p.weight, 0);

// ---------------------------------------------------------------------------------------------------
// Beneficiaries and their supports.

interface Company {
  siren: string;
  siret: string;
  legalForm: string;
  commune: Commune;
  /** Full-time equivalents when first met; later quarters drift around it */
  jobs: number;
  creationDate: string;
}

interface Support {
  operatorId: string;
  scheme: string;
  ref: string;
  type: BeneficiaryType;
  company: Company | null;
  commune: Commune;
  communeInput: string;
  stage: Stage;
  startIndex: number;
  /** Last quarter of the support, inclusive */
  endIndex: number;
  startDate: string;
  endDate: string;
  amountEur: number | null;
  /** Jobs consolidated and created reported for each quarter of the support */
  jobsByQuarter: Array<{ consolidated: number; created: number }>;
  siteKey: string | null;
  /** Remote or on-site support when no site fits; none for the Region's grants */
  place: 'visite' | 'distance' | null;
  /** The line gives the SIREN only (no SIRET) */
  sirenOnly: boolean;
}

/** The legal forms' codes the ingest library understands (server/ingest/fields.ts). */
type LegalForm = 'association' | 'cooperative' | 'mutuelle' | 'fondation' | 'societe_commerciale_ess';
const pickLegalForm = (random: Random, shares: Partial<Record<LegalForm, number>>): LegalForm =>
  random.weighted(Object.entries(shares) as Array<[LegalForm, number]>, ([, w]) => w)[0];

class Registry {
  private readonly sirens = new Set<string>();
  private readonly counters = new Map<string, number>();
  constructor(private readonly random: Random) {}

  newCompany(commune: Commune, legalForm: string, jobs: number, creationDate: string): Company {
    let siren = randomSiren(this.random);
    while (this.sirens.has(siren)) siren = randomSiren(this.random);
    this.sirens.add(siren);
    return { siren, siret: siretOf(siren, this.random.int(1, 3)), legalForm, commune, jobs, creationDate };
  }

  /** The next pseudonymous reference of a series: 'ACC-GAL-0042' */
  nextRef(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}-${String(n).padStart(4, '0')}`;
  }
}

/** What a file would carry for the place: mostly the INSEE code, sometimes "postcode name", rarely an absorbed code. */
function communeInputFor(random: Random, commune: Commune, absorbedCodes: ReadonlyMap<string, string[]>): string {
  const absorbed = absorbedCodes.get(commune.code);
  if (absorbed && random.chance(0.3)) return random.pick(absorbed);
  if (random.chance(0.25) && commune.postcodes.length > 0) return `${commune.postcodes[0]} ${commune.name}`;
  return commune.code;
}

/** Jobs per quarter: a small drift around the first figure (growth while developing, erosion in difficulty). */
function jobSeries(random: Random, base: number, quarters: number, trend: number, created: (k: number) => number) {
  const series: Array<{ consolidated: number; created: number }> = [];
  let jobs = base;
  for (let k = 0; k < quarters; k++) {
    series.push({ consolidated: round1(Math.max(0, jobs)), created: created(k) });
    jobs = jobs * (1 + trend + (random.next() - 0.5) * 0.06);
  }
  return series;
}

interface Context {
  geo: Geography;
  random: Random;
  registry: Registry;
  factors: Map<string, number>;
  absorbedCodes: ReadonlyMap<string, string[]>;
  sitesByOperator: Map<string, DemoSite[]>;
  /** The Region's direct-aid reference prefix (profiles.ts) */
  directAidPrefix: string;
}

/** The nearest of the operator's sites open over the whole support, within 25 km; else on site or remote. */
function chooseSite(ctx: Context, operatorId: string, commune: Commune, startIndex: number, endIndex: number) {
  const from = periodStart(periodAt(startIndex));
  const to = periodEnd(periodAt(Math.min(endIndex, LAST)));
  let best: { key: string; km: number } | null = null;
  for (const site of ctx.sitesByOperator.get(operatorId) ?? []) {
    if (site.openedOn > from || (site.closedOn !== null && site.closedOn < to)) continue;
    const km = distanceKm([commune.lon, commune.lat], [site.lon, site.lat]);
    if (km <= 25 && (!best || km < best.km)) best = { key: site.key, km };
  }
  const remote = ctx.random.chance(0.12);
  return {
    siteKey: best && !remote ? best.key : null,
    place: (remote || ctx.random.chance(0.5) ? 'distance' : 'visite') as 'visite' | 'distance',
  };
}

interface SupportInput {
  operatorId: string;
  scheme: string;
  refPrefix: string;
  type: BeneficiaryType;
  company: Company | null;
  commune: Commune;
  stage: Stage;
  startIndex: number;
  length: number;
  amountEur: number | null;
  trend: number;
  /** Jobs a project holder reports (companies report their own) */
  holderJobs?: number;
  created: (k: number, length: number) => number;
}

function makeSupport(ctx: Context, input: SupportInput): Support {
  const { random } = ctx;
  const endIndex = input.startIndex + input.length - 1;
  const startDate = dayInQuarter(random, input.startIndex);
  const endDate = dayInQuarter(random, endIndex, input.length === 1 ? startDate : undefined);
  const base = input.company ? input.company.jobs : (input.holderJobs ?? 0);
  return {
    operatorId: input.operatorId,
    scheme: input.scheme,
    ref: ctx.registry.nextRef(input.refPrefix),
    type: input.type,
    company: input.company,
    commune: input.commune,
    communeInput: communeInputFor(random, input.commune, ctx.absorbedCodes),
    stage: input.stage,
    startIndex: input.startIndex,
    endIndex,
    startDate,
    endDate,
    amountEur: input.amountEur,
    jobsByQuarter: jobSeries(random, base, input.length, input.trend, (k) => input.created(k, input.length)),
    ...chooseSite(ctx, input.operatorId, input.commune, input.startIndex, endIndex),
    sirenOnly: input.company !== null && random.chance(0.12),
  };
}

/** Seasonal rhythm of new supports (quieter summers) and a slow growth year on year. */
const SEASON = [1.05, 1.0, 0.85, 1.1];
const GROWTH: Record<number, number> = { 2023: 0.97, 2024: 1, 2025: 1.04, 2026: 1.07 };
const rhythm = (index: number) => (SEASON[index % 4] ?? 1) * (GROWTH[periodAt(index).year] ?? 1);

/** New supports per quarter, whole region, before rhythm (tuned so yearly distinct counts land near the targets). */
const STARTS_PER_QUARTER = { ACCESS: 56, DLA: 49, FIDESS: 4, DASESS: 6.5 };

function creationDateBefore(random: Random, date: string, minYears: number, maxYears: number): string {
  return addDays(date, -random.int(Math.round(minYears * 365), Math.round(maxYears * 365)));
}

function accessSupports(ctx: Context, spec: DemoOperatorSpec, perQuarter: number): Support[] {
  const { random } = ctx;
  const places = placesOf(ctx.geo, ctx.factors, spec.departements, spec.epcis);
  const supports: Support[] = [];
  for (let q = 0; q <= LAST; q++) {
    const count = countAround(random, perQuarter * rhythm(q));
    for (let i = 0; i < count; i++) {
      const commune = drawCommune(random, places);
      const holder = random.chance(0.68);
      const startDay = periodStart(periodAt(q));
      // Companies in their first three years (ACC'ESS rule max_company_age_years), over the whole support.
      const company = holder
        ? null
        : ctx.registry.newCompany(
            commune,
            pickLegalForm(random, { association: 55, cooperative: 25, societe_commerciale_ess: 20 }),
            round1(Math.min(8, Math.max(0.5, random.logNormal(1.6, 0.5)))),
            creationDateBefore(random, startDay, 0.1, 1.4),
          );
      supports.push(
        makeSupport(ctx, {
          operatorId: spec.id, scheme: 'ACCESS', refPrefix: spec.refPrefix,
          type: holder ? 'porteur_projet' : 'entreprise', company, commune,
          stage: holder ? 'emergence' : 'creation', startIndex: q,
          length: holder ? random.weighted([1, 2, 3, 4], (n) => [2, 4, 3, 1][n - 1] ?? 0) : random.int(2, 6),
          amountEur: null, trend: 0.03,
          created: (k) => (!holder && k > 0 && random.chance(0.2) ? 0.5 * random.int(1, 3) : 0),
        }),
      );
    }
  }
  return supports;
}

function dlaSupports(ctx: Context, spec: DemoOperatorSpec, perQuarter: number, pool: Array<{ company: Company; startIndex: number }>): Support[] {
  const { random } = ctx;
  const places = placesOf(ctx.geo, ctx.factors, spec.departements, spec.epcis);
  const supports: Support[] = [];
  for (let q = 0; q <= LAST; q++) {
    const count = countAround(random, perQuarter * rhythm(q));
    for (let i = 0; i < count; i++) {
      const commune = drawCommune(random, places);
      const company = ctx.registry.newCompany(
        commune,
        pickLegalForm(random, { association: 72, cooperative: 13, societe_commerciale_ess: 8, fondation: 4, mutuelle: 3 }),
        round1(Math.min(150, Math.max(1, random.logNormal(8, 0.75)))),
        creationDateBefore(random, periodStart(periodAt(q)), 2, 45),
      );
      pool.push({ company, startIndex: q });
      const developing = random.chance(0.55);
      supports.push(
        makeSupport(ctx, {
          operatorId: spec.id, scheme: 'DLA', refPrefix: spec.refPrefix, type: 'entreprise', company, commune,
          stage: developing ? 'developpement' : 'consolidation', startIndex: q,
          length: random.weighted([2, 3, 4, 5], (n) => [3, 4, 3, 1][n - 2] ?? 0),
          amountEur: null, trend: developing ? 0.015 : -0.005,
          created: (k) => (developing && k > 0 && random.chance(0.25) ? 0.5 * random.int(1, 4) : 0),
        }),
      );
    }
  }
  return supports;
}

/** An employer already met by a DLA in the last six quarters, not yet taken by this scheme. */
function fromPool(random: Random, pool: ReadonlyArray<{ company: Company; startIndex: number }>, q: number, taken: Set<string>): Company | null {
  const candidates = pool.filter((p) => p.startIndex <= q && p.startIndex >= q - 6 && !taken.has(p.company.siren));
  if (candidates.length === 0) return null;
  const company = random.pick(candidates).company;
  taken.add(company.siren);
  return company;
}

function fidessSupports(ctx: Context, spec: DemoOperatorSpec, pool: Array<{ company: Company; startIndex: number }>): Support[] {
  const { random } = ctx;
  const places = placesOf(ctx.geo, ctx.factors, [], []);
  const taken = new Set<string>();
  const supports: Support[] = [];
  for (let q = 0; q <= LAST; q++) {
    const count = countAround(random, STARTS_PER_QUARTER.FIDESS * rhythm(q));
    for (let i = 0; i < count; i++) {
      const structure = random.chance(0.5);
      let company: Company | null = null;
      if (structure) {
        company = random.chance(0.35) ? fromPool(random, pool, q, taken) : null;
        company ??= ctx.registry.newCompany(
          drawCommune(random, places),
          pickLegalForm(random, { association: 60, cooperative: 30, societe_commerciale_ess: 10 }),
          round1(Math.min(40, Math.max(1, random.logNormal(4, 0.8)))),
          creationDateBefore(random, periodStart(periodAt(q)), 1, 20),
        );
      }
      const commune = company ? company.commune : drawCommune(random, places);
      supports.push(
        makeSupport(ctx, {
          operatorId: spec.id, scheme: 'FIDESS', refPrefix: spec.refPrefix,
          type: company ? 'entreprise' : 'porteur_projet', company, commune, stage: 'emergence', startIndex: q,
          // 6 to 9 months of study
          length: random.int(2, 3), amountEur: null, trend: 0,
          created: (k, length) => (k === length - 1 ? random.int(1, 4) : 0),
        }),
      );
    }
  }
  return supports;
}

function dasessSupports(ctx: Context, spec: DemoOperatorSpec, pool: Array<{ company: Company; startIndex: number }>): Support[] {
  const { random } = ctx;
  const places = placesOf(ctx.geo, ctx.factors, [], []);
  const taken = new Set<string>();
  const supports: Support[] = [];
  for (let q = 0; q <= LAST; q++) {
    const count = countAround(random, STARTS_PER_QUARTER.DASESS * rhythm(q));
    for (let i = 0; i < count; i++) {
      let company = random.chance(0.5) ? fromPool(random, pool, q, taken) : null;
      // Eligibility: in activity for over a year, at least one employee.
      company ??= ctx.registry.newCompany(
        drawCommune(random, places),
        pickLegalForm(random, { association: 65, cooperative: 25, societe_commerciale_ess: 10 }),
        round1(Math.min(120, Math.max(1, random.logNormal(9, 0.8)))),
        creationDateBefore(random, periodStart(periodAt(q)), 1.5, 40),
      );
      // 0 % advance of 5,000 € to 100,000 € (DOMAIN.md), in steps of 500 €.
      const amount = Math.min(100_000, Math.max(5_000, Math.round(random.logNormal(28_000, 0.7) / 500) * 500));
      supports.push(
        makeSupport(ctx, {
          operatorId: spec.id, scheme: 'DASESS', refPrefix: spec.refPrefix, type: 'entreprise', company,
          commune: company.commune, stage: 'consolidation', startIndex: q, length: random.int(2, 4),
          amountEur: amount, trend: -0.01, created: () => 0,
        }),
      );
    }
  }
  return supports.map((s) => ({ ...s, jobsByQuarter: s.jobsByQuarter.map((j) => ({ ...j, consolidated: Math.max(1, j.consolidated) })) }));
}

/** The Region's direct aids: yearly count, stages, amount range (€), jobs median. One grant = one quarter. */
const DIRECT_AIDS: Array<{ scheme: string; prefix: string; perYear: number; stages: Stage[]; amount: [number, number]; jobs: number; age?: [number, number] }> = [
  // Amounts within the roadmap's terms (migration 008's ceilings): BUSIN'ESS 20,000 €, INSO 20,000 + 20,000 €,
  // COTE 60,000 €, TZCLD 20,000 + 20,000 €, TESS 50,000 €.
  { scheme: 'BUSINESS', prefix: 'BUS', perYear: 12, stages: ['creation', 'developpement'], amount: [5_000, 20_000], jobs: 4 },
  // INV'ESS: companies in their first three years; INSO: companies over three years old (roadmap).
  { scheme: 'INVESS', prefix: 'INV', perYear: 10, stages: ['developpement', 'consolidation'], amount: [20_000, 150_000], jobs: 11, age: [0.3, 2.8] },
  { scheme: 'INSO', prefix: 'INS', perYear: 8, stages: ['emergence', 'creation', 'developpement'], amount: [10_000, 40_000], jobs: 3, age: [3.2, 30] },
  { scheme: 'COTE', prefix: 'COT', perYear: 6, stages: ['developpement', 'consolidation'], amount: [5_000, 30_000], jobs: 7 },
  { scheme: 'TZCLD', prefix: 'TZC', perYear: 3, stages: ['creation', 'developpement'], amount: [10_000, 40_000], jobs: 35 },
  { scheme: 'TESS', prefix: 'TES', perYear: 6, stages: ['developpement', 'consolidation'], amount: [10_000, 50_000], jobs: 6 },
];

/**
 * TESS funds an EPCI's ESS action plan (roadmap Part 3 §3a): the line names the EPCI by its SIREN (the
 * SIREN column alone), at a commune of that EPCI; it has no legal form, creation date or jobs of its own.
 */
function tessSupport(ctx: Context, commune: Commune, q: number, [min, max]: [number, number]): Support {
  const epci: Company = { siren: commune.epciSiren, siret: '', legalForm: '', commune, jobs: 0, creationDate: '' };
  const support = makeSupport(ctx, {
    operatorId: REGION_OPERATOR_ID, scheme: EPCI_SCHEME, refPrefix: `${ctx.directAidPrefix}-TES`, type: 'entreprise', company: epci,
    commune, stage: 'developpement', startIndex: q, length: 1,
    amountEur: Math.round(ctx.random.int(min, max) / 1000) * 1000, trend: 0, created: () => 0,
  });
  return { ...support, sirenOnly: true };
}

function directAidSupports(ctx: Context, pool: Array<{ company: Company; startIndex: number }>): Support[] {
  const { random } = ctx;
  const places = placesOf(ctx.geo, ctx.factors, [], []);
  const taken = new Set<string>();
  const supports: Support[] = [];
  for (const aid of DIRECT_AIDS) {
    for (let q = FIRST; q <= LAST; q++) {
      const count = countAround(random, (aid.perYear / 4) * rhythm(q));
      for (let i = 0; i < count; i++) {
        if (aid.scheme === EPCI_SCHEME) {
          // TESS funds an EPCI: a commune in no EPCI cannot hold its plan.
          let commune = drawCommune(random, places);
          while (!commune.epciSiren) commune = drawCommune(random, places);
          supports.push(tessSupport(ctx, commune, q, aid.amount));
          continue;
        }
        const [youngest, oldest] = aid.age ?? [0.5, 30];
        const start = periodStart(periodAt(q));
        let company = random.chance(0.3) ? fromPool(random, pool, q, taken) : null;
        // A company met elsewhere is granted the aid only if its age fits the aid's terms.
        if (company && (company.creationDate > addDays(start, -Math.round(youngest * 365)) || company.creationDate < addDays(start, -Math.round(oldest * 365)))) company = null;
        company ??= ctx.registry.newCompany(
          drawCommune(random, places),
          pickLegalForm(random, aid.scheme === 'TZCLD' ? { association: 90, cooperative: 10 } : { association: 60, cooperative: 25, societe_commerciale_ess: 15 }),
          round1(Math.min(150, Math.max(1, random.logNormal(aid.jobs, 0.6)))),
          creationDateBefore(random, start, youngest, oldest),
        );
        const [min, max] = aid.amount;
        supports.push(
          makeSupport(ctx, {
            operatorId: REGION_OPERATOR_ID, scheme: aid.scheme, refPrefix: `${ctx.directAidPrefix}-${aid.prefix}`, type: 'entreprise', company,
            commune: company.commune, stage: random.pick(aid.stages), startIndex: q, length: 1,
            amountEur: Math.round(random.int(min, max) / 1000) * 1000, trend: 0,
            // BUSIN'ESS funds the creation of at least 0.8 FTE (roadmap).
            created: () => (aid.scheme === 'TZCLD' ? random.int(3, 10) : aid.scheme === 'BUSINESS' ? random.int(1, 2) : random.chance(0.3) ? random.int(1, 2) : 0),
          }),
        );
      }
    }
  }
  return supports.map((s) => ({ ...s, siteKey: null, place: null }));
}

// ---------------------------------------------------------------------------------------------------
// Reports: lines per operator × scheme × quarter, and how each report went through the workflow.

const RETURN_COMMENTS = {
  corrected: 'Il manque les accompagnements démarrés en fin de trimestre (voir votre bilan intermédiaire) : merci de compléter le fichier et de le redéposer.',
  returned: [
    'Plusieurs structures employeuses sont déclarées avec 0 ETP consolidé : merci de compléter la colonne « ETP consolidés » et de redéposer le fichier.',
    'Les communes de trois bénéficiaires ne correspondent pas à leur SIRET : merci de vérifier les codes INSEE et de redéposer le fichier.',
  ],
};

/** "Today" for the demo's pending reports: their timeline stays before it. */
const DEMO_TODAY = '2026-11-20';

function reportSteps(random: Random, period: Period, outcome: Exclude<Outcome, 'missing'>, lines: DemoLine[], returnIndex: number): DemoStep[] {
  return inOrder(draftSteps(random, period, outcome, lines, returnIndex));
}

/** Steps drawn on the same day may come out of order by the hour: keep each at least 20 minutes after the previous. */
function inOrder(steps: DemoStep[]): DemoStep[] {
  let previous = '';
  return steps.map((step) => {
    const at = previous && step.at <= previous ? new Date(Date.parse(previous) + 20 * 60_000).toISOString() : step.at;
    previous = at;
    return { ...step, at };
  });
}

function draftSteps(random: Random, period: Period, outcome: Exclude<Outcome, 'missing'>, lines: DemoLine[], returnIndex: number): DemoStep[] {
  const due = periodDue(period, DUE_DAYS);
  const end = periodEnd(period);
  const at = (date: string) => timestamp(random, date < DEMO_TODAY ? date : DEMO_TODAY);
  const pendingOld = period.year === 2025 && period.quarter === 4 && outcome !== 'validated';
  // Filed late: the 2025-Q4 laggards only in autumn 2026, and 1 past report in 12.
  const late = pendingOld || (outcome !== 'corrected' && random.chance(1 / 12));
  const uploadDay = pendingOld ? addDays('2026-10-01', random.int(0, 40)) : late ? addDays(due, random.int(3, 35)) : addDays(end, random.int(4, 28));
  const submitDay = addDays(uploadDay, random.int(0, 2));
  const steps: DemoStep[] = [];
  if (outcome === 'corrected') {
    // The first upload missed the supports started at the end of the quarter.
    const lastStart = lines.map((l) => l.startDate).sort().pop() ?? '';
    const missed = new Set(lines.filter((l) => l.startDate >= addDays(lastStart, -10)).slice(0, 3).map((l) => l.beneficiaryRef));
    const first = lines.filter((l) => !missed.has(l.beneficiaryRef)).map((l, i) => ({ ...l, lineNo: i + 2 }));
    const returned = addDays(submitDay, random.int(5, 12));
    const fixed = addDays(returned, random.int(2, 8));
    steps.push(
      { action: 'upload', at: at(uploadDay), lines: first },
      { action: 'submit', at: at(submitDay) },
      { action: 'return', at: at(returned), comment: RETURN_COMMENTS.corrected },
      { action: 'upload', at: at(fixed), lines },
      { action: 'submit', at: at(addDays(fixed, random.int(0, 1))) },
      { action: 'validate', at: at(addDays(fixed, random.int(4, 12))) },
    );
    return steps;
  }
  steps.push({ action: 'upload', at: at(uploadDay), lines });
  if (outcome === 'draft') return steps;
  steps.push({ action: 'submit', at: at(submitDay) });
  if (outcome === 'submitted') return steps;
  if (outcome === 'returned') {
    const comment = RETURN_COMMENTS.returned[returnIndex % RETURN_COMMENTS.returned.length] ?? RETURN_COMMENTS.corrected;
    steps.push({ action: 'return', at: at(addDays(submitDay, random.int(4, 10))), comment });
    return steps;
  }
  steps.push({ action: 'validate', at: at(addDays(submitDay, random.int(5, 25))) });
  return steps;
}

function lineOf(support: Support, q: number, lineNo: number): DemoLine {
  const k = q - support.startIndex;
  const jobs = support.jobsByQuarter[k] ?? { consolidated: 0, created: 0 };
  const company = support.company;
  return {
    lineNo,
    beneficiaryRef: support.ref,
    siret: company && !support.sirenOnly ? company.siret : null,
    siren: company ? company.siren : null,
    beneficiaryType: support.type,
    legalForm: company ? company.legalForm || null : 'en_creation',
    communeInput: support.communeInput,
    communeCode: support.commune.code,
    epciSiren: support.commune.epciSiren,
    stage: support.stage,
    startDate: support.startDate,
    endDate: q === support.endIndex ? support.endDate : null,
    jobsConsolidatedFte: jobs.consolidated,
    jobsCreatedFte: jobs.created,
    amountEur: support.amountEur,
    site: support.siteKey ? null : support.place,
    siteKey: support.siteKey,
    creationDate: company?.creationDate || null,
    // DASESS eligibility, as an honest file states it: employees, a difficulty, the 12-month advance.
    headcount: support.scheme === 'DASESS' && company ? Math.max(1, Math.round(company.jobs)) : null,
    difficultyCriteria: support.scheme === 'DASESS' ? DASESS_CRITERIA[Number(support.ref.slice(-1)) % DASESS_CRITERIA.length] : null,
    advanceTermMonths: support.scheme === 'DASESS' ? 12 : null,
    // Most operators copy the Sirene size band of the companies they support; project holders have none.
    sizeBand: company?.siren && support.scheme !== EPCI_SCHEME && Number(support.ref.slice(-1)) % 5 !== 0 ? sizeBandOf(company.jobs) : null,
  };
}

/** The INSEE band of a headcount (FTE taken as employees, as a plausible stand-in). */
function sizeBandOf(jobs: number): string {
  const bands: Array<[number, string]> = [[1, '00'], [3, '01'], [6, '02'], [10, '03'], [20, '11'], [50, '12'], [100, '21'], [200, '22'], [250, '31'], [500, '32']];
  return bands.find(([below]) => jobs < below)?.[1] ?? '41';
}

const DASESS_CRITERIA = ['perte', 'fonds_propres', 'financement', 'perte,fonds_propres'];

// ---------------------------------------------------------------------------------------------------

const OPERATORS_CREATED_AT = '2023-12-01T09:00:00.000Z';

function buildSites(geo: Geography, operators: readonly DemoOperatorSpec[]): DemoSite[] {
  const sites: DemoSite[] = [];
  for (const spec of operators) {
    spec.sites.forEach((site, index) => {
      const commune = geo.communes.get(site.communeCode);
      if (!commune) throw new Error(`demo site ${spec.id}#${index}: commune ${site.communeCode} is not in region ${geo.regionCode}`);
      sites.push({
        key: `${spec.id}#${index}`,
        operatorId: spec.id,
        kind: site.kind,
        // Labelled wherever it shows, a map's popup included.
        name: `${site.name} (démo)`,
        communeCode: commune.code,
        lat: commune.lat,
        lon: commune.lon,
        openedOn: site.openedOn ?? spec.openedOn,
        closedOn: site.closedOn ?? null,
        schedule: site.schedule,
        schemes: [spec.scheme],
      });
    });
  }
  return sites;
}

function buildAgreements(geo: Geography, operators: readonly DemoOperatorSpec[], capacityOf: (spec: DemoOperatorSpec) => number): DemoAgreement[] {
  const departements = [...new Set([...geo.communes.values()].map((c) => c.departement))].sort();
  return operators.map((spec) => ({
    capacityPerYear: capacityOf(spec),
    operatorId: spec.id,
    scheme: spec.scheme,
    startDate: AGREEMENT_START,
    endDate: AGREEMENT_END,
    // Regional operators serve every département of the region.
    territories:
      spec.departements.length === 0 && spec.epcis.length === 0
        ? departements.map((code) => ({ kind: 'departement' as const, code }))
        : [
            ...spec.departements.map((code) => ({ kind: 'departement' as const, code })),
            ...spec.epcis.map((code) => ({ kind: 'epci' as const, code })),
          ],
  }));
}

export interface DemoOptions {
  seed?: number;
  /** EPCIs of the vigilance zones, where beneficiaries are scarcer; default: the region profile's default zones */
  thinEpcis?: ReadonlySet<string>;
}

/** Builds the whole demo data set of the geography's region (profiles.ts). Same geography, seed and zones → the same data, line for line. */
export function generateDemoData(geo: Geography, options: DemoOptions = {}): DemoDataset {
  const seed = options.seed ?? DEMO_SEED;
  const profile: DemoProfile | null = demoProfileFor(geo.regionCode);
  if (!profile) throw new Error(`no demo data for region ${geo.regionCode} (server/demo/profiles.ts)`);
  const specs = profile.operators;
  const defaultThin = new Set(regionProfile(geo.regionCode, geo.regionName).defaultZones.flatMap((z) => z.epcis));
  const root = createRandom(seed);
  const sites = buildSites(geo, specs);
  const sitesByOperator = new Map<string, DemoSite[]>();
  for (const site of sites) {
    const list = sitesByOperator.get(site.operatorId);
    if (list) list.push(site);
    else sitesByOperator.set(site.operatorId, [site]);
  }
  const absorbedCodes = new Map<string, string[]>();
  for (const [alias, current] of [...geo.communeCodeAliases].sort(([a], [b]) => a.localeCompare(b))) {
    if (alias !== current) absorbedCodes.set(current, [...(absorbedCodes.get(current) ?? []), alias]);
  }
  const ctx: Context = {
    geo,
    random: root.fork('supports'),
    registry: new Registry(root.fork('identifiers')),
    factors: epciFactors(geo, root.fork('epci-factors'), options.thinEpcis ?? defaultThin),
    absorbedCodes,
    sitesByOperator,
    directAidPrefix: profile.directAidPrefix,
  };

  // Operators of one scheme share its volume by the weight of their territories, damped (power 0.7): a
  // team has a minimum size, so a rural département's operator is not proportionally smaller.
  const territoryWeight = new Map(specs.map((s) => [s.id, placesWeight(placesOf(geo, ctx.factors, s.departements, s.epcis)) ** 0.7]));
  const schemeWeight = (scheme: string) => specs.filter((s) => s.scheme === scheme).reduce((sum, s) => sum + (territoryWeight.get(s.id) ?? 0), 0);
  const share = (spec: DemoOperatorSpec) => (territoryWeight.get(spec.id) ?? 0) / schemeWeight(spec.scheme);

  const pool: Array<{ company: Company; startIndex: number }> = [];
  const supports: Support[] = [];
  for (const spec of specs.filter((s) => s.scheme === 'DLA')) {
    supports.push(...dlaSupports({ ...ctx, random: root.fork(`dla/${spec.id}`) }, spec, STARTS_PER_QUARTER.DLA * share(spec), pool));
  }
  for (const spec of specs.filter((s) => s.scheme === 'ACCESS')) {
    supports.push(...accessSupports({ ...ctx, random: root.fork(`access/${spec.id}`) }, spec, STARTS_PER_QUARTER.ACCESS * share(spec)));
  }
  for (const spec of specs.filter((s) => s.scheme === 'FIDESS')) supports.push(...fidessSupports({ ...ctx, random: root.fork('fidess') }, spec, pool));
  for (const spec of specs.filter((s) => s.scheme === 'DASESS')) supports.push(...dasessSupports({ ...ctx, random: root.fork('dasess') }, spec, pool));
  supports.push(...directAidSupports({ ...ctx, random: root.fork('direct-aids') }, pool));

  // Lines by report, in reference order (as an operator's export would list them).
  const linesByReport = new Map<string, Support[]>();
  for (const support of supports) {
    for (let q = Math.max(FIRST, support.startIndex); q <= Math.min(LAST, support.endIndex); q++) {
      const key = `${support.operatorId}/${support.scheme}/${q}`;
      const list = linesByReport.get(key);
      if (list) list.push(support);
      else linesByReport.set(key, [support]);
    }
  }

  const timeline = root.fork('timeline');
  const reports: DemoReport[] = [];
  const missing: string[] = [];
  const reporters = [
    ...specs.map((s) => ({ operatorId: s.id, scheme: s.scheme })),
    ...DIRECT_AIDS.map((a) => ({ operatorId: REGION_OPERATOR_ID, scheme: a.scheme })),
  ];
  let returnIndex = 0;
  for (let q = FIRST; q <= LAST; q++) {
    const period = periodAt(q);
    for (const { operatorId, scheme } of reporters) {
      const list = (linesByReport.get(`${operatorId}/${scheme}/${q}`) ?? []).sort((a, b) => a.ref.localeCompare(b.ref));
      const outcome = profile.outcomes[formatPeriod(period)]?.[operatorId] ?? (q === LAST && operatorId !== REGION_OPERATOR_ID && timeline.chance(0.5) ? 'submitted' : 'validated');
      if (outcome === 'missing') {
        missing.push(`${operatorId}/${scheme}/${formatPeriod(period)}`);
        continue;
      }
      // A direct aid with no grant that quarter has no report (the Region has no agreement with itself).
      if (list.length === 0 && operatorId === REGION_OPERATOR_ID) continue;
      const lines = list.map((support, i) => lineOf(support, q, i + 2));
      if (outcome === 'returned') returnIndex++;
      reports.push({ operatorId, scheme, period, steps: reportSteps(timeline, period, outcome, lines, returnIndex - 1) });
    }
  }

  const operators: DemoOperator[] = [
    ...specs.map((s) => ({ id: s.id, name: s.name, isRegion: false, isDemo: true, createdAt: OPERATORS_CREATED_AT })),
    { id: REGION_OPERATOR_ID, name: regionProfile(geo.regionCode, geo.regionName).authority, isRegion: true, isDemo: false, createdAt: OPERATORS_CREATED_AT },
  ];
  // The capacity each agreement states: the yearly starts its operator's share of the scheme calls for, rounded to 5.
  const capacityOf = (spec: DemoOperatorSpec) => Math.max(5, Math.round((STARTS_PER_QUARTER[spec.scheme] * 4 * share(spec)) / 5) * 5);
  return { operators, sites, agreements: buildAgreements(geo, specs, capacityOf), reports, missing };
}
