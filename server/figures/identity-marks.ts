// Scratch slots indexed by identity id, for the one-pass computations over a cohort's blocks (coverage's
// tally, the breakdowns, reach): fig_identities numbers identities densely from 1 (migration 014), so a
// typed array of the store's identity bound holds one slot per beneficiary, where a Map or Set of a million
// numbers costs a hash, an allocation and garbage per entry. A pass number clears every slot at once.
// The computations are synchronous between begin() and their last read: one shared instance per use is safe.
export class IdentityMarks {
  private stamp = new Int32Array(0);
  private pass = 0;
  /** Per identity, what the pass stored with mark() (meaningful only where marked()) */
  value = new Float64Array(0);

  /** Starts a pass over identities below `bound`: nothing is marked. */
  begin(bound: number): void {
    if (this.stamp.length < bound) {
      const size = Math.max(bound, this.stamp.length * 2, 1024);
      this.stamp = new Int32Array(size);
      this.value = new Float64Array(size);
      this.pass = 0;
    }
    this.pass++;
  }

  marked(id: number): boolean {
    return this.stamp[id] === this.pass;
  }

  mark(id: number, value: number): void {
    this.stamp[id] = this.pass;
    this.value[id] = value;
  }
}
