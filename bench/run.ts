// `npm run bench`: runs every bench/*.bench.ts in turn, each in its own tsx process (a fresh heap and
// JIT per benchmark, so one cannot warm or starve the next). Results land in bench/output/.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;
const filter = process.argv[2];
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();
const tsx = join(dir, '..', 'node_modules', '.bin', 'tsx');
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  const run = spawnSync(tsx, [join(dir, file)], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  console.log(`=== ${file}: ${run.status === 0 ? 'done' : `FAILED (exit ${run.status ?? run.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  if (run.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
