// Scratch slots indexed by identity id, for the one-pass computations over a cohort's blocks (coverage's
// tally, the breakdowns, reach): fig_identities numbers identities densely from 1 (migration 014), so a
// typed array of the store's identity bound holds one slot per beneficiary, where a Map or Set of a million
// numbers costs a hash, an allocation and garbage per entry. A pass number clears every slot at once.
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
