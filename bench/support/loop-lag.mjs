// Preloaded into the server by bench/hostile.bench.ts (node --import): samples the event loop's delay
// (perf_hooks, 10 ms resolution) and writes its percentiles to $BENCH_LOOP_LAG_FILE when told (SIGUSR2).
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
process.on('SIGUSR2', () => {
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  writeFileSync(process.env.BENCH_LOOP_LAG_FILE, JSON.stringify({ p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), count: histogram.count }));
  histogram.reset();
});
