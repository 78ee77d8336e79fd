// Bundles the front end with esbuild into web/dist (served by server/app.ts): hashed asset names,
// injected into index.html. `npm run build` runs it; tests and benches call buildWeb().
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const WEB = import.meta.dirname;
export const DIST = join(WEB, 'dist');

export interface WebBuild {
  /** Paths under /assets/ of the entry script and stylesheet. */
  script: string;
  stylesheet: string | null;
}

/** Assets no index.html has referenced for this long are pruned (hashed names never collide). */
const STALE_MS = 15 * 60_000;

/**
 * Builds into a private directory, then moves the hashed assets into web/dist/assets and swaps
 * index.html atomically: a server (or test run) serving web/dist meanwhile never sees it missing.
 * Returns the asset URLs it injected into index.html.
 */
export async function buildWeb(options: { minify?: boolean } = {}): Promise<WebBuild> {
  const assets = join(DIST, 'assets');
  await mkdir(assets, { recursive: true });
  const staging = await mkdtemp(join(DIST, '.build-'));
  try {
    return await buildInto(staging, assets, options);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function buildInto(staging: string, assets: string, options: { minify?: boolean }): Promise<WebBuild> {
  const result = await build({
    entryPoints: [join(WEB, 'main.tsx')],
    outdir: staging,
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    bundle: true,
    minify: options.minify ?? true,
    sourcemap: 'linked',
    format: 'esm',
    target: ['es2020'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.png': 'file', '.svg': 'file' },
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => `/assets/${basename(p)}`);
  const script = outputs.find((p) => p.endsWith('.js'));
  if (!script) throw new Error('esbuild produced no script');
  const stylesheet = outputs.find((p) => p.endsWith('.css')) ?? null;
  const tags = [
    stylesheet ? `<link rel="stylesheet" href="${stylesheet}" />` : '',
    `<script type="module" src="${script}"></script>`,
  ].join('\n    ');
  const html = (await readFile(join(WEB, 'index.html'), 'utf8')).replace('<!-- assets -->', tags);
  for (const output of Object.keys(result.metafile.outputs)) {
    // precompressed copies, served by server/app.ts to browsers that accept them
    if (/\.(js|css)$/.test(output)) {
      const content = await readFile(output);
      await writeFile(`${output}.gz`, gzipSync(content, { level: 9 }));
      await writeFile(`${output}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }));
      await rename(`${output}.gz`, join(assets, `${basename(output)}.gz`));
      await rename(`${output}.br`, join(assets, `${basename(output)}.br`));
    }
    await rename(output, join(assets, basename(output)));
  }
  await writeFile(join(staging, 'index.html'), html);
  await rename(join(staging, 'index.html'), join(DIST, 'index.html'));
  const fresh = new Set(Object.keys(result.metafile.outputs).flatMap((p) => [basename(p), `${basename(p)}.gz`, `${basename(p)}.br`]));
  for (const name of await readdir(assets)) {
    const path = join(assets, name);
    if (!fresh.has(name) && Date.now() - (await stat(path)).mtimeMs > STALE_MS) await rm(path, { force: true });
  }
  return { script, stylesheet };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const started = performance.now();
  const { script, stylesheet } = await buildWeb();
  console.log(`web/dist construit en ${Math.round(performance.now() - started)} ms : ${script} ${stylesheet ?? ''}`);
}
