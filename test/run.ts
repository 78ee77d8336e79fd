// Runs every uvu suite (test/**/*.test.ts[x]) in one process and ends with the line
// "N passed, N failed" that CI reads. `npm test -- reports` runs only files matching "reports".
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const filter = process.argv[2];
const pattern = filter ? `${filter}.*\\.test\\.tsx?$` : '\\.test\\.tsx?$';
// uvu's package exports hide bin.js; npm always installs it at this path.
const uvuBin = join(import.meta.dirname, '..', 'node_modules', 'uvu', 'bin.js');

const child = spawn(process.execPath, ['--import', 'tsx', uvuBin, 'test', pattern, '--color', 'false'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, NODE_ENV: 'test' },
});

let output = '';
child.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  output += chunk.toString();
});

child.on('close', (code) => {
  const count = (label: string) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(output)?.[1] ?? Number.NaN);
  const total = count('Total');
  const passed = count('Passed');
  const skipped = count('Skipped') || 0;
  if (Number.isNaN(total) || Number.isNaN(passed)) {
    // The run crashed before uvu could summarise (e.g. a suite failed to import).
    console.log('\n0 passed, 1 failed');
    process.exit(code || 1);
  }
  const failed = total - passed - skipped;
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  // A failure fails the run whatever uvu's own exit code (a suite whose `before` hook throws exits 0).
  process.exit(failed > 0 ? 1 : (code ?? 0));
});
