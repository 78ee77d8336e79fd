/**
 * Counts failures per key over a sliding window, in memory (one per app instance): used to slow down
 * password guessing from one address, or against an e-mail that has no account (which has no row to
 * hold a counter, and must behave like one that does).
 */
export class FailureCounter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    /** Failures allowed inside the window; the next attempt is refused. */
    readonly limit: number,
    /** Window length, ms */
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** @returns ms until the key may try again, or 0 when it is not blocked */
  blockedFor(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.limit) return 0;
    return recent[recent.length - this.limit] + this.windowMs - this.now();
  }

  fail(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.set(key, recent);
    // Bound memory: forget keys whose failures have all expired once the map grows.
    if (this.failures.size > 10_000) {
      for (const k of this.failures.keys()) if (this.recent(k).length === 0) this.failures.delete(k);
    }
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }
}
