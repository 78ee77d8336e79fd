// One pass over a cohort's line facts (line-facts.ts) for everything coverage counts per territorial unit:
// the distinct beneficiaries and their consolidated jobs (rule 7), the EPCIs a TESS line names, and how the
// accompaniments were held (reach, issue 13). Two passes over the same rows (the fact blocks for the first,
// the line facts for reach) cost a coverage miss about twice the loop; the line facts carry each key's jobs,
// so one pass does both. Cached per cohort, schemes and operator: a reader trying distances reuses it.
import type { Db } from '../../db/database.ts';
import type { Geography } from '../../geo/geography.ts';
import { timeSlices } from './event-loop.ts';
import { type Basis, factStore, ResultCache, versionStamp } from './facts.ts';
import { IDENTITY_RANGES, rangeStarts } from './identity-marks.ts';
import { lineFacts, REACH_KINDS } from './line-facts.ts';
import { EPCI_SCHEME } from './targets.ts';

/** Key of the communes in no EPCI among the territorial units: the EPCI their lines carry (equity.ts, service.ts too). */
export const OUTSIDE_EPCI = '';

/** French alphabetical order (one collator: `localeCompare(x, 'fr')` builds one per call). */
export const frenchOrder = new Intl.Collator('fr');

const unitOrders = new WeakMap<Geography, readonly string[]>();

/** The territorial units of a region: its EPCIs' SIRENs in French order of their names, then '' (communes in no EPCI). */
export function unitOrderOf(geo: Geography): readonly string[] {
  let order = unitOrders.get(geo);
  if (!order) {
    order = [...[...geo.epcis.values()].sort((a, b) => frenchOrder.compare(a.name, b.name)).map((e) => e.siren), OUTSIDE_EPCI];
    unitOrders.set(geo, order);
  }
  return order;
}

export interface Tally {
  /** Unit index (unitOrderOf) → distinct beneficiaries */
  counts: Float64Array;
  jobs: Float64Array;
  /** Unit index → 1 when a TESS line names it (TESS lines are EPCIs, never beneficiaries) */
  tess: Uint8Array;
  /** Distinct beneficiaries located in the region */
  total: number;
  /** Unit index → beneficiaries first located there (each beneficiary once: `counts` without the other EPCIs) */
  firstCounts: Float64Array;
  /**
   * The units of each beneficiary located in two or more, one after another, each list preceded by its
   * length, its first unit first (flat: a cached tally holds one array, not one per beneficiary)
   */
  multi: Int32Array;
}

/** Accompaniments per EPCI (the fact mirror's dictionary id) × scheme × REACH_KINDS, each counted once. */
export interface ReachCounts {
  counts: Int32Array;
  /** The dictionaries' names when the pass ran (ids index them; later names are not in `counts`) */
  schemes: readonly string[];
  epcis: readonly string[];
}

export interface CohortPass {
  tally: Tally;
  reach: ReachCounts;
}

export interface CohortParams {
  basis: Basis;
  from: number;
  to: number;
  schemes: readonly string[];
  operatorId: string | null;
}

const passes = new ResultCache<CohortPass>(16);

export async function cohortPass(db: Db, geo: Geography, params: CohortParams): Promise<CohortPass> {
  const years: number[] = [];
  for (let y = params.from; y <= params.to; y++) years.push(y);
  const versions = await versionStamp(
    db,
    years.map((y) => `facts:${y}`),
  );
  const key = JSON.stringify([geo.regionCode, params.basis, params.from, params.to, [...params.schemes].sort(), params.operatorId, versions]);
  const cached = passes.get(db, key);
  if (cached) return cached;
  const fresh = await runPass(db, unitOrderOf(geo), params, years);
  passes.set(db, key, fresh);
  return fresh;
}

// Scratch per range of identities (identity-marks.ts), owned by the pass, one entry per identity of the range
// in each array: the range that last wrote it (`stamp`); for reach, its first two accompaniments (one number:
// scheme, operator and EPCI; -1 none yet), a third and beyond in a Map; for the tally, its first two units
// (-1 none yet) and its largest jobs in each, a third unit and beyond (rare) in a Map. Int32 where it can:
// comparisons of small integers are the loop's work.
async function runPass(db: Db, unitOrder: readonly string[], params: CohortParams, years: readonly number[]): Promise<CohortPass> {
  const store = factStore(db);
  // Latest year first: reach counts an accompaniment once, by its latest line, the first time it is met.
  const blocks = [];
  for (const year of [...years].reverse()) blocks.push(await lineFacts(db, params.basis, year));
  // After the reads: they add the schemes, operators and EPCIs they meet to the dictionaries read here.
  const [S, O, E] = [store.schemes.size, store.operators.size, store.epcis.size];
  const K = REACH_KINDS.length;
  const wanted = new Uint8Array(S + 1);
  for (const code of params.schemes) {
    const id = store.schemes.ids.get(code);
    if (id !== undefined) wanted[id] = 1;
  }
  const epciScheme = store.schemes.ids.get(EPCI_SCHEME) ?? -1;
  const operator = params.operatorId === null ? null : (store.operators.ids.get(params.operatorId) ?? -2);
  // EPCI dictionary id → unit index (-1 when the EPCI is not in the region's geography).
  const unitIndex = new Map(unitOrder.map((siren, i) => [siren, i]));
  const unitOf = Int32Array.from(store.epcis.names.slice(0, E), (siren) => unitIndex.get(siren) ?? -1);

  const units = unitOrder.length;
  const counts = new Float64Array(units);
  const jobs = new Float64Array(units);
  const firstCounts = new Float64Array(units);
  const tess = new Uint8Array(units);
  const multi: number[] = [];
  let total = 0;
  const reachCounts = new Int32Array(E * S * K);

  const RANGE = IDENTITY_RANGES.size;
  const ranges = Math.ceil(store.identityBound / RANGE);
  const starts = blocks.map((b) => rangeStarts(b.identity, b.length, ranges, RANGE));
  const stamp = new Int32Array(RANGE);
  const held1 = new Int32Array(RANGE);
  const held2 = new Int32Array(RANGE);
  const heldBeyond = new Map<number, number[]>();
  const unit1 = new Int32Array(RANGE);
  const unit2 = new Int32Array(RANGE);
  const jobs1 = new Float64Array(RANGE);
  const jobs2 = new Float64Array(RANGE);
  const touched = new Int32Array(RANGE);
  const beyondTwo = new Map<number, Map<number, number>>();
  const pause = timeSlices();
  for (let r = 0; r < ranges; r++) {
    const turn = pause();
    if (turn) await turn;
    const lo = r * RANGE;
    const current = r + 1; // scratch written in an earlier range holds a smaller number
    let touchedCount = 0;
    for (let b = 0; b < blocks.length; b++) {
      // Locals, not the block's properties: the loop below runs once per row of the cohort (hundreds of
      // thousands), and V8 keeps locals in registers.
      const { scheme, operator: operatorOf, epci, identity, jobs: jobsOf, reach } = blocks[b];
      const end = starts[b][r + 1];
      for (let i = starts[b][r]; i < end; i++) {
        const s = scheme[i];
        if (!wanted[s]) continue;
        const op = operatorOf[i];
        if (operator !== null && op !== operator) continue;
        const slot = identity[i] - lo;
        const ep = epci[i];

        // Reach: each accompaniment once.
        const accompaniment = (s * O + op) * E + ep;
        if (stamp[slot] !== current) {
          stamp[slot] = current;
          held1[slot] = accompaniment;
          held2[slot] = -1;
          unit1[slot] = -1;
          unit2[slot] = -1;
          reachCounts[(ep * S + s) * K + reach[i]]++;
        } else if (held1[slot] !== accompaniment && held2[slot] !== accompaniment) {
          if (held2[slot] === -1) {
            held2[slot] = accompaniment;
            reachCounts[(ep * S + s) * K + reach[i]]++;
          } else {
            const more = heldBeyond.get(identity[i]);
            if (!more?.includes(accompaniment)) {
              if (more) more.push(accompaniment);
              else heldBeyond.set(identity[i], [accompaniment]);
              reachCounts[(ep * S + s) * K + reach[i]]++;
            }
          }
        }

        // Tally: distinct beneficiaries per unit and their largest consolidated jobs there.
        const e = unitOf[ep];
        if (e < 0) continue;
        if (s === epciScheme) {
          tess[e] = 1;
          continue;
        }
        const rowJobs = jobsOf[i];
        const first = unit1[slot];
        if (first === -1) {
          unit1[slot] = e;
          jobs1[slot] = rowJobs;
          touched[touchedCount++] = slot;
        } else if (first === e) {
          if (rowJobs > jobs1[slot]) jobs1[slot] = rowJobs;
        } else if (unit2[slot] === -1) {
          unit2[slot] = e;
          jobs2[slot] = rowJobs;
        } else if (unit2[slot] === e) {
          if (rowJobs > jobs2[slot]) jobs2[slot] = rowJobs;
        } else {
          let others = beyondTwo.get(identity[i]);
          if (!others) {
            others = new Map();
            beyondTwo.set(identity[i], others);
          }
          const previous = others.get(e);
          if (previous === undefined || rowJobs > previous) others.set(e, rowJobs);
        }
      }
    }
    total += touchedCount;
    for (let k = 0; k < touchedCount; k++) {
      const slot = touched[k];
      const first = unit1[slot];
      counts[first]++;
      firstCounts[first]++;
      jobs[first] += jobs1[slot];
      const second = unit2[slot];
      if (second === -1) continue;
      counts[second]++;
      jobs[second] += jobs2[slot];
      const beyond = beyondTwo.get(lo + slot);
      multi.push(2 + (beyond?.size ?? 0), first, second);
      for (const [o, j] of beyond ?? []) {
        counts[o]++;
        jobs[o] += j;
        multi.push(o);
      }
    }
  }
  return {
    tally: { counts, jobs, tess, total, firstCounts, multi: Int32Array.from(multi) },
    reach: { counts: reachCounts, schemes: store.schemes.names.slice(0, S), epcis: store.epcis.names.slice(0, E) },
  };
}
