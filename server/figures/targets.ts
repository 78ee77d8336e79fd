// Yearly figures against the roadmap's targets (rules 3, 4 and 5), from the fact mirror.
import type { Db } from '../../db/database.ts';
import type { Stage } from '../../db/schema.ts';
import { yieldToEventLoop } from './event-loop.ts';
import { type Basis, factStore, ResultCache, type YearBlock, yearVersions } from './facts.ts';

export const STAGES: readonly Stage[] = ['emergence', 'creation', 'developpement', 'consolidation'];

export interface QuarterFigures {
  quarter: number;
  /** Distinct beneficiaries with a counted line in quarters 1…quarter of the year */
  beneficiaries: number;
  /** Per identity the largest consolidated jobs over quarters 1…quarter, summed */
  jobsConsolidated: number;
}

/**
 * TESS supports EPCIs drawing up an ESS action plan (roadmap Part 3 §3a), not companies or project holders:
 * its lines count apart, as distinct EPCIs, never among the beneficiaries toward the 700.
 */
export const EPCI_SCHEME = 'TESS';

export interface YearFigures {
  year: number;
  beneficiaries: { distinct: number; accompaniments: number; byScheme: Record<string, number> };
  /** Distinct EPCIs supported by TESS in the year (not beneficiaries: see EPCI_SCHEME) */
  tessEpcis: number;
  /** Each beneficiary once, at its latest stage of the year (see README) */
  byStage: Record<Stage, number>;
  jobsConsolidated: number;
  jobsCreated: number;
  quarters: QuarterFigures[];
}

export interface TargetsScope {
  basis: Basis;
  years: number[];
  /** Codes of every scheme, so that byScheme lists zeros too */
  schemeCodes: readonly string[];
  /** Restrict to one operator's lines */
  operatorId?: string | null;
  /** Restrict to these schemes' lines (all when missing); byScheme then lists only them */
  only?: readonly string[] | null;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Rules 3 and 4 over one year's facts; rows of an identity are contiguous in the block. */
export function yearFigures(
  block: YearBlock,
  schemeNames: readonly string[],
  schemeCodes: readonly string[],
  operator: number | null,
  /** By scheme dictionary id: 1 for the schemes counted; null: all */
  schemeMask: Uint8Array | null = null,
  /** Dictionary id of TESS, whose lines are EPCIs counted apart (-1: none) */
  epciScheme = -1,
): YearFigures {
  const nSchemes = schemeNames.length;
  const tessEpcis = new Set<number>();
  const perScheme = new Float64Array(nSchemes);
  const schemeSeen = new Int32Array(nSchemes).fill(-1);
  const byStage = new Float64Array(5);
  const cumDistinct = new Float64Array(5);
  const cumJobs = new Float64Array(5);
  let distinct = 0;
  let jobsConsolidated = 0;
  let jobsCreated = 0;
  const { length } = block;
  let i = 0;
  while (i < length) {
    const id = block.identity[i];
    let found = false;
    let firstQuarter = 5;
    let lastKey = 0;
    let created = 0;
    const jobs = [0, 0, 0, 0];
    for (; i < length && block.identity[i] === id; i++) {
      if (operator !== null && block.operator[i] !== operator) continue;
      if (schemeMask !== null && !schemeMask[block.scheme[i]]) continue;
      if (block.scheme[i] === epciScheme) {
        tessEpcis.add(block.epci[i]);
        continue;
      }
      found = true;
      const s = block.scheme[i];
      if (schemeSeen[s] !== id) {
        schemeSeen[s] = id;
        perScheme[s]++;
      }
      if (block.firstQuarter[i] < firstQuarter) firstQuarter = block.firstQuarter[i];
      if (block.lastKey[i] > lastKey) lastKey = block.lastKey[i];
      if (block.jobsCreated[i] > created) created = block.jobsCreated[i];
      for (let q = 0; q < 4; q++) if (block.jobs[i * 4 + q] > jobs[q]) jobs[q] = block.jobs[i * 4 + q];
    }
    if (!found) continue;
    distinct++;
    byStage[lastKey & 7]++;
    jobsConsolidated += jobs[3];
    jobsCreated += created;
    for (let q = firstQuarter; q <= 4; q++) {
      cumDistinct[q]++;
      cumJobs[q] += jobs[q - 1];
    }
  }
  const byScheme: Record<string, number> = {};
  for (const code of schemeCodes) if (code !== EPCI_SCHEME) byScheme[code] = 0;
  let accompaniments = 0;
  for (let s = 0; s < nSchemes; s++) {
    if (perScheme[s] === 0) continue;
    byScheme[schemeNames[s]] = perScheme[s];
    accompaniments += perScheme[s];
  }
  return {
    year: block.year,
    beneficiaries: { distinct, accompaniments, byScheme },
    tessEpcis: tessEpcis.size,
    byStage: { emergence: byStage[1], creation: byStage[2], developpement: byStage[3], consolidation: byStage[4] },
    jobsConsolidated: round(jobsConsolidated),
    jobsCreated: round(jobsCreated),
    quarters: [1, 2, 3, 4].map((q) => ({ quarter: q, beneficiaries: cumDistinct[q], jobsConsolidated: round(cumJobs[q]) })),
  };
}

// Per year, not per span: any span over years already computed is assembled from here.
const results = new ResultCache<YearFigures>(512);

/** Figures of each year of `scope.years`, in order; each year cached until a trigger changes it. */
export async function computeYearFigures(db: Db, scope: TargetsScope): Promise<YearFigures[]> {
  const versions = await yearVersions(db, scope.years);
  const keyOf = (year: number) => JSON.stringify([scope.basis, year, versions.get(year), scope.schemeCodes, scope.operatorId ?? null, scope.only ?? null]);
  const found = new Map<number, YearFigures>();
  for (const year of scope.years) {
    const cached = results.get(db, keyOf(year));
    if (cached) found.set(year, cached);
  }
  const missing = scope.years.filter((year) => !found.has(year));
  if (missing.length > 0) {
    const store = factStore(db);
    const blocks = await store.blocksFor(scope.basis, missing);
    const operator = scope.operatorId == null ? null : (store.operators.ids.get(scope.operatorId) ?? -2);
    let mask: Uint8Array | null = null;
    if (scope.only) {
      mask = new Uint8Array(Math.max(1, store.schemes.size));
      for (const code of scope.only) {
        const id = store.schemes.ids.get(code);
        if (id !== undefined) mask[id] = 1;
      }
    }
    // A scheme first met after the mask was built has no bit: it is not one of `only`, so it stays out.
    const codes = scope.only ? scope.schemeCodes.filter((c) => scope.only!.includes(c)) : scope.schemeCodes;
    const epciScheme = store.schemes.ids.get(EPCI_SCHEME) ?? -1;
    for (const block of blocks) {
      const figures = yearFigures(block, store.schemes.names, codes, operator, mask, epciScheme);
      results.set(db, keyOf(block.year), figures);
      found.set(block.year, figures);
      await yieldToEventLoop();
    }
  }
  return scope.years.map((year) => found.get(year) as YearFigures);
}

export interface Projection {
  beneficiaries: number;
  jobsConsolidated: number;
  /** 'share_of_previous_years' | 'linear' */
  method: string;
  /** The method in words, in French, for the UI */
  description: string;
  /** Last quarter of the year whose reports are due, on which the projection rests */
  basedOnQuarter: number;
}

/** A share (0–1) as the French text the UI shows: 0.821 → "82,1 %". */
const frenchPct = (share: number) => `${(share * 100).toFixed(1).replace('.', ',')} %`;

/**
 * Projects the current year to its end from the cumulative figures at q, the last quarter whose reports
 * are due: when earlier years have figures, value(q) ÷ the average share of the year's total those years
 * had reached at q; otherwise (or for jobs, when earlier years had none at q) value(q) × 4 ÷ q.
 */
export function projectYear(current: YearFigures, previous: YearFigures[], lastDueQuarter: number): Projection | null {
  const q = lastDueQuarter;
  if (q < 1 || q > 4) return null;
  const at = current.quarters[q - 1];
  if (q === 4) {
    return {
      beneficiaries: current.beneficiaries.distinct,
      jobsConsolidated: current.jobsConsolidated,
      method: 'complete_year',
      description: 'Année écoulée : la projection est le chiffre constaté.',
      basedOnQuarter: 4,
    };
  }
  const usable = previous.filter((y) => y.beneficiaries.distinct > 0 && y.quarters[q - 1].beneficiaries > 0);
  if (usable.length > 0) {
    /** The average share of the year reached at q over the years that had a share; null when none had. */
    const share = (get: (y: YearFigures) => [number, number]): number | null => {
      let sum = 0;
      let n = 0;
      for (const y of usable) {
        const [partial, total] = get(y);
        if (total > 0 && partial > 0) {
          sum += partial / total;
          n++;
        }
      }
      return n > 0 ? sum / n : null;
    };
    // `usable` years all had beneficiaries at q, so their share exists.
    const beneficiaryShare = share((y) => [y.quarters[q - 1].beneficiaries, y.beneficiaries.distinct]) ?? q / 4;
    const jobsShare = share((y) => [y.quarters[q - 1].jobsConsolidated, y.jobsConsolidated]);
    const years = usable.map((y) => y.year).join(', ');
    const jobsText =
      jobsShare === null
        ? `aucun emploi consolidé à cette date ces années-là : emplois extrapolés linéairement, × 4 ÷ ${q}`
        : `${frenchPct(jobsShare)} des emplois consolidés`;
    return {
      beneficiaries: Math.round(at.beneficiaries / beneficiaryShare),
      jobsConsolidated: round(at.jobsConsolidated / (jobsShare ?? q / 4)),
      method: 'share_of_previous_years',
      description:
        `Cumul à la fin du T${q} (dernier trimestre dont les rapports sont dus) divisé par la part de l’année que ce cumul ` +
        `représentait en moyenne à la même date les années précédentes (${years} : ${frenchPct(beneficiaryShare)} des bénéficiaires, ${jobsText}).`,
      basedOnQuarter: q,
    };
  }
  return {
    beneficiaries: Math.round((at.beneficiaries * 4) / q),
    jobsConsolidated: round((at.jobsConsolidated * 4) / q),
    method: 'linear',
    description: `Extrapolation linéaire du cumul à la fin du T${q} (dernier trimestre dont les rapports sont dus) sur les quatre trimestres (cumul × 4 ÷ ${q}), faute d’année antérieure comparable.`,
    basedOnQuarter: q,
  };
}
