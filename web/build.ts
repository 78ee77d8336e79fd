// Bundles the front end with esbuild into web/dist (served by server/app.ts): hashed asset names,
// injected into index.html. `npm run build` runs it; tests and benches call buildWeb().
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

const WEB = import.meta.dirname;
export const DIST = join(WEB, 'dist');

export interface WebBuild {
  /** Paths under /assets/ of the entry script and stylesheet. */
  script: string;
  stylesheet: string | null;
}

/** Builds web/dist from scratch; returns the asset URLs it injected into index.html. */
export async function buildWeb(options: { minify?: boolean } = {}): Promise<WebBuild> {
  await rm(DIST, { recursive: true, force: true });
  await mkdir(join(DIST, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: [join(WEB, 'main.tsx')],
    outdir: join(DIST, 'assets'),
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
  await writeFile(join(DIST, 'index.html'), html);
  return { script, stylesheet };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const started = performance.now();
  const { script, stylesheet } = await buildWeb();
  console.log(`web/dist construit en ${Math.round(performance.now() - started)} ms : ${script} ${stylesheet ?? ''}`);
}
