// Scratch slots indexed by identity id, for a one-pass computation over one year's block (the breakdowns;
// passes over several years walk ranges of identities, below): fig_identities numbers identities densely from
// 1 (migration 014), so a typed array of the store's identity bound holds one slot per beneficiary, where a
// Map or Set of a million numbers costs a hash, an allocation and garbage per entry. A pass number clears every slot at once.
// The computations are synchronous between begin() and their last read: one shared instance per use is safe.
// The pass and the value of an identity sit side by side: one cache line per identity visited.
export class IdentityMarks {
  private slots = new Float64Array(0);
  private pass = 0;

  /** Starts a pass over identities below `bound`: nothing is marked. */
  begin(bound: number): void {
    if (this.slots.length < bound * 2) {
      this.slots = new Float64Array(Math.max(bound, this.slots.length, 1024) * 2);
      this.pass = 0;
    }
    this.pass++;
  }

  marked(id: number): boolean {
    return this.slots[id * 2] === this.pass;
  }

  /** What the pass stored for `id` with mark() (meaningful only where marked()) */
  value(id: number): number {
    return this.slots[id * 2 + 1];
  }

  mark(id: number, value: number): void {
    this.slots[id * 2] = this.pass;
    this.slots[id * 2 + 1] = value;
  }
}

/**
 * A block's columns reordered by identity id (stable: rows of one identity keep their order). Blocks are kept
 * in this order, so that a pass over a cohort's blocks visits each block's identities in increasing order:
 * its accesses to the scratch slots above sweep memory forwards instead of jumping at random (several times
 * faster at a million facts). Rows of one identity stay contiguous, as the targets need.
 */
export function sortedByIdentity<T extends Record<string, Float64Array | Int32Array | Uint8Array>>(columns: T, length: number, perRow: Partial<Record<keyof T, number>> = {}): T {
  const identity = columns.identity as Int32Array;
  let sorted = true;
  for (let i = 1; i < length && sorted; i++) sorted = identity[i - 1] <= identity[i];
  if (sorted) return columns;
  // Nearly sorted after a patch (new rows at the end): the engine's sort (TimSort) merges the runs.
  const order = Array.from({ length }, (_, i) => i).sort((a, b) => identity[a] - identity[b] || a - b);
  const result = {} as Record<string, Float64Array | Int32Array | Uint8Array>;
  for (const [name, column] of Object.entries(columns)) {
    const width = perRow[name as keyof T] ?? 1;
    const next = new (column.constructor as new (n: number) => typeof column)(length * width);
    for (let k = 0; k < length; k++) for (let w = 0; w < width; w++) next[k * width + w] = column[order[k] * width + w];
    result[name] = next;
  }
  return result as T;
}

/**
 * Ranges of identities for a pass over several years (cohort-pass.ts): a pass over several blocks sorted by
 * identity visits them range by range (every block's rows of the range, then the next range), so that its
 * scratch holds one range's identities (a few hundred KB, in the CPU's cache) instead of every identity's
 * (tens of MB at a million facts, a cache miss per fact once a cohort spans several years). A ranged pass
 * also owns its scratch: it may yield to the event loop between ranges while another request computes.
 */
export const IDENTITY_RANGES = {
  /** Identities per range; tests set a tiny one so that their small datasets span many ranges */
  size: 4096,
};

/**
 * Where each range of `size` identity ids starts among the rows of a block sorted by identity: `ranges + 1`
 * row indexes, the last one the block's length (binary searches, not a pass over the rows).
 */
export function rangeStarts(identity: Int32Array, length: number, ranges: number, size: number): Int32Array {
  const starts = new Int32Array(ranges + 1);
  for (let r = 0; r < ranges; r++) {
    const lo = r * size;
    let low = r > 0 ? starts[r - 1] : 0;
    let high = length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (identity[mid] < lo) low = mid + 1;
      else high = mid;
    }
    starts[r] = low;
  }
  starts[ranges] = length;
  return starts;
}
