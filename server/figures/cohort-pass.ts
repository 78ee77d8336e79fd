// One pass over a cohort's line facts (line-facts.ts) for everything coverage counts per territorial unit:
// the distinct beneficiaries and their consolidated jobs (rule 7), the EPCIs a TESS line names, and how the
// accompaniments were held (reach, issue 13). Two passes over the same rows (the fact blocks for the first,
// the line facts for reach) cost a coverage miss about twice the loop; the line facts carry each key's jobs,
// so one pass does both. Cached per cohort, schemes and operator: a reader trying distances reuses it.
// A pass over many rows is shared with the figures worker, range by range (cohort-ranges.ts): a five-year
// cohort of every scheme at a million lines is 300,000 rows, about 10 ms on one thread.
import { availableParallelism } from 'node:os';
import type { Db } from '../../db/database.ts';
import type { Geography } from '../../geo/geography.ts';
import { timeSlices } from './event-loop.ts';
import { type Basis, factStore, ResultCache, versionStamp } from './facts.ts';
import { IDENTITY_RANGES, rangeStarts } from './identity-marks.ts';
import { addPart, claimRange, emptyPart, HELPER_DISMISSED, HELPER_WAITING, newScratch, type PassInput, type PassPart, passRange } from './cohort-ranges.ts';
import { lineFacts, REACH_KINDS } from './line-facts.ts';
import { EPCI_SCHEME } from './targets.ts';
import { figuresPool } from '../workers/pool.ts';

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

export const PASS_THREADS = {
  /**
   * Passes over fewer rows than this run on the main thread alone: below it, handing ranges to the figures
   * worker costs about what it saves (a message each way). Tests set 0 so that their small passes are shared.
   */
  minRows: 40_000,
  /** The worker's side of a pass (figures-worker.ts); a test puts here a worker that dies holding ranges. */
  help: (input: PassInput): Promise<PassPart | null> => figuresPool().run(input),
};

/** What the figures worker gave back: its part, nothing (it began after the main thread was done), or a failure. */
type Help = PassPart | null | 'failed';

async function runPass(db: Db, unitOrder: readonly string[], params: CohortParams, years: readonly number[]): Promise<CohortPass> {
  const store = factStore(db);
  // Latest year first: reach counts an accompaniment once, by its latest line, the first time it is met.
  const blocks = [];
  for (const year of [...years].reverse()) blocks.push(await lineFacts(db, params.basis, year));
  // After the reads: they add the schemes, operators and EPCIs they meet to the dictionaries read here.
  const [S, O, E] = [store.schemes.size, store.operators.size, store.epcis.size];
  const wanted = new Uint8Array(S + 1);
  for (const code of params.schemes) {
    const id = store.schemes.ids.get(code);
    if (id !== undefined) wanted[id] = 1;
  }
  // EPCI dictionary id → unit index (-1 when the EPCI is not in the region's geography).
  const unitIndex = new Map(unitOrder.map((siren, i) => [siren, i]));
  const rangeSize = IDENTITY_RANGES.size;
  const ranges = Math.ceil(store.identityBound / rangeSize);
  const input: PassInput = {
    blocks: blocks.map(({ identity, scheme, operator, epci, jobs, reach }) => ({ identity, scheme, operator, epci, jobs, reach })),
    starts: blocks.map((b) => rangeStarts(b.identity, b.length, ranges, rangeSize)),
    ranges,
    rangeSize,
    wanted,
    operator: params.operatorId === null ? null : (store.operators.ids.get(params.operatorId) ?? -2),
    schemes: S,
    operators: O,
    epcis: E,
    epciScheme: store.schemes.ids.get(EPCI_SCHEME) ?? -1,
    unitOf: Int32Array.from(store.epcis.names.slice(0, E), (siren) => unitIndex.get(siren) ?? -1),
    units: unitOrder.length,
    reachKinds: REACH_KINDS.length,
    claims: new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT)),
  };
  const rows = blocks.reduce((sum, b) => sum + b.length, 0);
  const help: Promise<Help> | null =
    rows >= PASS_THREADS.minRows && ranges > 1 && availableParallelism() > 1
      ? PASS_THREADS.help(input).then(
          (part) => part,
          () => 'failed' as const,
        )
      : null;
  let part = await countRanges(input);
  // A worker that has not begun by now is dismissed (it will find nothing to do); one that has is awaited.
  if (help && Atomics.compareExchange(input.claims, 1, HELPER_WAITING, HELPER_DISMISSED) !== HELPER_WAITING) {
    const helped = await help;
    if (helped === 'failed') {
      // The worker died holding ranges: the main thread counts the whole pass again, alone.
      part = await countRanges({ ...input, claims: new Int32Array([0, HELPER_DISMISSED]) });
    } else if (helped) addPart(part, helped);
  }
  return {
    tally: { counts: part.counts, jobs: part.jobs, tess: part.tess, total: part.total, firstCounts: part.firstCounts, multi: Int32Array.from(part.multi) },
    reach: { counts: part.reach, schemes: store.schemes.names.slice(0, S), epcis: store.epcis.names.slice(0, E) },
  };
}

/** The main thread's side of a pass: claims ranges until none is left, yielding to other requests between them. */
async function countRanges(input: PassInput): Promise<PassPart> {
  const part = emptyPart(input);
  const scratch = newScratch(input.rangeSize);
  const pause = timeSlices();
  for (;;) {
    const turn = pause();
    if (turn) await turn;
    const r = claimRange(input);
    if (r >= input.ranges) return part;
    passRange(input, r, scratch, part);
  }
}
