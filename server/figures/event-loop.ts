// The figures are computed on the main thread from in-memory blocks, and an await on a promise that is
// already settled (a cached block, a better-sqlite3 query) never lets the event loop turn: a request that
// computes ten years would hold every other request (a /health, an upload) for its whole length. The heavy
// loops call this between units of work (a year, a block, a slice of communes) so that other requests are
// served between them (issue 14: /health p99 ≤ 100 ms during a restart's first figures).
export function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * For a long loop of small steps: returns a pause to await once `budgetMs` have passed since the last one
 * (undefined before). Measured in time, not steps: the first steps of a loop run before the JIT has
 * optimised it, many times slower than the later ones.
 */
export function timeSlices(budgetMs = 8): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < budgetMs) return undefined;
    return yieldToEventLoop().then(() => {
      since = performance.now();
    });
  };
}
