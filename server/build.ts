// Compiles the server for `npm start` (issue 14: a production start runs plain `node`, not tsx): esbuild
// bundles server/main.ts and the worker threads' entries into dist/main.js, dist/worker.js (uploads,
// passwords) and dist/figures-worker.js (cohort passes), side by side (server/workers/pool.ts finds the
// workers beside the code that starts them). Packages stay external, read from node_modules as usual.
// Tests and scripts keep running the TypeScript through tsx.
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..');
export const SERVER_DIST = join(ROOT, 'dist');

export async function buildServer(): Promise<void> {
  await build({
    entryPoints: {
      main: join(ROOT, 'server', 'main.ts'),
      worker: join(ROOT, 'server', 'workers', 'worker.ts'),
      'figures-worker': join(ROOT, 'server', 'workers', 'figures-worker.ts'),
    },
    outdir: SERVER_DIST,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    legalComments: 'none',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildServer();
