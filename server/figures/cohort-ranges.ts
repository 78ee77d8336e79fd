// The loop of the cohort pass (cohort-pass.ts), range of identities by range, written so that two threads
// can share it: the main thread and a figures worker (server/workers/figures-worker.ts) claim ranges from
// one shared counter until none is left, each into a part of its own, and the parts are added. Ranges are
// independent (an identity lives in one), so the sum is the pass whichever thread took which range. Plain
// data only: no database, no dictionaries, so that the worker needs nothing but what the task carries.

/** The columns of a line facts block (line-facts.ts) the pass reads, over SharedArrayBuffers when shared. */
export interface PassBlock {
  identity: Int32Array;
  scheme: Int32Array;
  operator: Int32Array;
  epci: Int32Array;
  jobs: Float64Array;
  reach: Uint8Array;
}

export interface PassInput {
  /** Latest year first: reach counts an accompaniment once, by its latest line, the first time it is met */
  blocks: PassBlock[];
  /** Per block, where each range starts among its rows (identity-marks.ts, rangeStarts) */
  starts: Int32Array[];
  ranges: number;
  rangeSize: number;
  /** Scheme dictionary id → 1 when asked */
  wanted: Uint8Array;
  /** Operator dictionary id to keep, or null for all */
  operator: number | null;
  /** Sizes of the scheme, operator and EPCI dictionaries when the pass began */
  schemes: number;
  operators: number;
  epcis: number;
  /** Scheme id of TESS lines (EPCIs, never beneficiaries), -1 when none */
  epciScheme: number;
  /** EPCI dictionary id → unit index (cohort-pass.ts, unitOrderOf), -1 outside the region */
  unitOf: Int32Array;
  units: number;
  /** How many reach kinds (line-facts.ts, REACH_KINDS) */
  reachKinds: number;
  /**
   * Shared: [0] the next range to claim, [1] the worker's state (HELPER_*): a worker that has not begun when
   * the main thread is done leaves the whole pass to it, and the main thread does not wait for it.
   */
  claims: Int32Array;
}

export const HELPER_WAITING = 0;
export const HELPER_STARTED = 1;
export const HELPER_DISMISSED = 2;

/** What one thread counted over the ranges it claimed. */
export interface PassPart {
  counts: Float64Array;
  jobs: Float64Array;
  firstCounts: Float64Array;
  tess: Uint8Array;
  total: number;
  /** Beneficiaries in two or more units (cohort-pass.ts, Tally.multi) */
  multi: number[];
  /** EPCI id × scheme id × reach kind */
  reach: Int32Array;
}

export function emptyPart(input: PassInput): PassPart {
  const { units } = input;
  return {
    counts: new Float64Array(units),
    jobs: new Float64Array(units),
    firstCounts: new Float64Array(units),
    tess: new Uint8Array(units),
    total: 0,
    multi: [],
    reach: new Int32Array(input.epcis * input.schemes * input.reachKinds),
  };
}

/** The index of the next range nobody has taken (≥ input.ranges when none is left). */
export function claimRange(input: PassInput): number {
  return Atomics.add(input.claims, 0, 1);
}

/**
 * Scratch of one thread, one entry per identity of a range: the range that last wrote it (`stamp`, range
 * index + 1); for reach, its first two accompaniments (one number: scheme, operator and EPCI), a third and
 * beyond in a Map; for the tally, its first two units (-1 none yet) and its largest jobs in each, a third
 * unit and beyond (rare) in a Map. Int32 where it can: comparisons of small integers are the loop's work.
 */
export interface Scratch {
  stamp: Int32Array;
  held1: Int32Array;
  held2: Int32Array;
  unit1: Int32Array;
  unit2: Int32Array;
  jobs1: Float64Array;
  jobs2: Float64Array;
  touched: Int32Array;
  heldBeyond: Map<number, number[]>;
  beyondTwo: Map<number, Map<number, number>>;
}

export function newScratch(size: number): Scratch {
  return {
    stamp: new Int32Array(size),
    held1: new Int32Array(size),
    held2: new Int32Array(size),
    unit1: new Int32Array(size),
    unit2: new Int32Array(size),
    jobs1: new Float64Array(size),
    jobs2: new Float64Array(size),
    touched: new Int32Array(size),
    heldBeyond: new Map(),
    beyondTwo: new Map(),
  };
}

/** Counts range `r` of every block into `part`. */
export function passRange(input: PassInput, r: number, scratch: Scratch, part: PassPart): void {
  const { blocks, starts, wanted, operator, operators: O, epcis: E, schemes: S, epciScheme, unitOf } = input;
  const { stamp, held1, held2, unit1, unit2, jobs1, jobs2, touched, heldBeyond, beyondTwo } = scratch;
  const { reach: reachCounts, tess } = part;
  const K = input.reachKinds;
  const lo = r * input.rangeSize;
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

  const { counts, jobs, firstCounts, multi } = part;
  part.total += touchedCount;
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

/**
 * The worker's side: claims ranges until none is left, or nothing when the main thread finished first
 * (then it has dismissed the worker and counts without it).
 */
export function helpWithRanges(input: PassInput): PassPart | null {
  if (Atomics.compareExchange(input.claims, 1, HELPER_WAITING, HELPER_STARTED) !== HELPER_WAITING) return null;
  const part = emptyPart(input);
  const scratch = newScratch(input.rangeSize);
  for (let r = claimRange(input); r < input.ranges; r = claimRange(input)) passRange(input, r, scratch, part);
  return part;
}

/** `into` plus `other` (counts, jobs, reach added; TESS marks joined; beneficiaries in several units listed). */
export function addPart(into: PassPart, other: PassPart): void {
  for (let u = 0; u < into.counts.length; u++) {
    into.counts[u] += other.counts[u];
    into.jobs[u] += other.jobs[u];
    into.firstCounts[u] += other.firstCounts[u];
    into.tess[u] |= other.tess[u];
  }
  for (let k = 0; k < into.reach.length; k++) into.reach[k] += other.reach[k];
  into.total += other.total;
  for (const unit of other.multi) into.multi.push(unit);
}
