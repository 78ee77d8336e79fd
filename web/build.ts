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
  /** Every JS output: the entry, the chunks it imports statically (loaded with it) and the pages loaded later */
  scripts: Array<{ path: string; bytes: number; gzipBytes: number; entry: boolean; staticImports: string[]; inputs: string[] }>;
}

/** Assets no index.html has referenced for this long are pruned (hashed names never collide). */
const STALE_MS = 15 * 60_000;

/**
 * Builds into a private directory, then moves the hashed assets into web/dist/assets and swaps
 * index.html atomically: a server (or test run) serving web/dist meanwhile never sees it missing.
 * Returns the asset URLs it injected into index.html.
 */
export async function buildWeb(options: { minify?: boolean; splitting?: boolean } = {}): Promise<WebBuild> {
  const assets = join(DIST, 'assets');
  await mkdir(assets, { recursive: true });
  const staging = await mkdtemp(join(DIST, '.build-'));
  try {
    return await buildInto(staging, assets, options);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function buildInto(staging: string, assets: string, options: { minify?: boolean; splitting?: boolean }): Promise<WebBuild> {
  const result = await build({
    entryPoints: [join(WEB, 'main.tsx')],
    outdir: staging,
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    bundle: true,
    // Pages imported with import() (web/app.tsx) become chunks of their own: an operator's pages load no Leaflet.
    // (false: one bundle, dynamic imports inlined; the web bench compares both)
    splitting: options.splitting ?? true,
    chunkNames: 'chunk-[name]-[hash]',
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
  const entry = Object.entries(result.metafile.outputs).find(([p, o]) => p.endsWith('.js') && o.entryPoint?.endsWith('main.tsx'));
  if (!entry) throw new Error('esbuild produced no entry script');
  const script = `/assets/${basename(entry[0])}`;
  const stylesheets = outputs.filter((p) => p.endsWith('.css'));
  if (stylesheets.length > 1) throw new Error(`one stylesheet expected (CSS is imported by web/main.tsx only), got ${stylesheets.join(', ')}`);
  const stylesheet = stylesheets[0] ?? null;
  const scripts: WebBuild['scripts'] = [];
  for (const [path, output] of Object.entries(result.metafile.outputs)) {
    if (!path.endsWith('.js')) continue;
    const content = await readFile(path);
    scripts.push({
      path: `/assets/${basename(path)}`,
      bytes: content.length,
      gzipBytes: gzipSync(content, { level: 9 }).length,
      entry: path === entry[0],
      staticImports: output.imports.filter((i) => i.kind === 'import-statement').map((i) => `/assets/${basename(i.path)}`),
      inputs: Object.keys(output.inputs),
    });
  }
  // The home pages of the Region and the COTECH (map, COTECH view) start from a chunk that imports others:
  // main.tsx preloads that whole set for the path opened, instead of discovering it chunk by chunk.
  const chunkOf = (page: string) => scripts.find((s) => !s.entry && s.inputs.some((i) => i.endsWith(page)))?.path;
  const closure = (start: string | undefined) => {
    const seen: string[] = [];
    const visit = (path: string) => {
      if (seen.includes(path)) return;
      seen.push(path);
      for (const i of scripts.find((s) => s.path === path)?.staticImports ?? []) visit(i);
    };
    if (start) visit(start);
    return seen.filter((p) => p !== script && !scripts.find((s) => s.entry)?.staticImports.includes(p));
  };
  const pageChunks = { '/': closure(chunkOf('web/pages/map-page.tsx')), '/cotech': closure(chunkOf('web/pages/cotech-page.tsx')) };
  const tags = [
    stylesheet ? `<link rel="stylesheet" href="${stylesheet}" />` : '',
    `<script type="module" src="${script}"></script>`,
    `<script type="application/json" id="page-chunks">${JSON.stringify(pageChunks)}</script>`,
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
  return { script, stylesheet, scripts };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const started = performance.now();
  const { script, stylesheet } = await buildWeb();
  console.log(`web/dist construit en ${Math.round(performance.now() - started)} ms : ${script} ${stylesheet ?? ''}`);
}
