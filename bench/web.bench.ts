// Web front end speed (issues 5 and 14): time from navigation to the map fully painted (EPCI paths and site
// markers drawn) in headless Chromium on localhost, median of several runs (first visit and returning user); the JS
// of the first page (entry and the chunks it imports) and of the map page, gzipped; the EPCI layer's and the
// coverage GeoJSON export's sizes gzipped. Goals (issue 14): map ≤ 500 ms, first-page JS ≤ 60 KB gz, GeoJSON ≤ 120 KB gz.
// Writes bench/output/web.json.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { demoLogin, login, startHarness, stopHarness } from '../test/browser/harness.ts';
import { buildWeb, DIST } from '../web/build.ts';

const RUNS = Number(process.env.WEB_BENCH_RUNS ?? 7);
const GOALS = { paintMs: 500, bundleGzKB: 60, layerGzKB: 150, geojsonGzKB: 120 };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

const build = await buildWeb();
const js = await readFile(join(DIST, build.script));
// What a page downloads: the entry and its static imports; the map page adds its chunk and that chunk's imports.
const byPath = new Map(build.scripts.map((s) => [s.path, s]));
const closure = (paths: string[]) => {
  const seen = new Set<string>();
  const visit = (p: string) => {
    if (seen.has(p)) return;
    seen.add(p);
    for (const i of byPath.get(p)?.staticImports ?? []) visit(i);
  };
  for (const p of paths) visit(p);
  return [...seen].reduce((sum, p) => sum + (byPath.get(p)?.gzipBytes ?? 0), 0);
};
const firstPageGz = closure([build.script]);
const mapChunk = build.scripts.find((s) => s.inputs.some((i) => i.endsWith('web/pages/map-page.tsx')) && !s.entry);
const mapPageGz = closure([build.script, ...(mapChunk ? [mapChunk.path] : [])]);
const css = build.stylesheet ? await readFile(join(DIST, build.stylesheet)) : Buffer.alloc(0);

const harness = await startHarness();
const account = demoLogin(harness, 'region');

/** Bytes on the wire for a GET with Accept-Encoding: gzip (the server compresses or serves .gz). */
function transferred(url: string): Promise<{ bytes: number; encoding: string | null }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      response.on('end', () => resolve({ bytes, encoding: (response.headers['content-encoding'] as string | undefined) ?? null }));
    }).on('error', reject);
  });
}

const layerUrl = `${harness.baseUrl}/api/v1/geo/epcis.topojson`;
const layer = Buffer.from(await (await fetch(layerUrl)).arrayBuffer());
const layerWire = await transferred(layerUrl);
const jsWire = await transferred(`${harness.baseUrl}${build.script}`);
const regionContext = await harness.browser.newContext({ baseURL: harness.baseUrl });
await regionContext.request.post('/api/v1/session', { data: { email: account.email, password: account.password } });
const geojson = Buffer.from(await (await regionContext.request.get('/api/v1/figures/coverage.geojson?from=2024&to=2026')).body());
await regionContext.close();

/** Milliseconds from navigation start to the map fully painted (mark set by the map component). */
async function paintOnce(page: import('playwright-core').Page): Promise<number> {
  await page.goto('/');
  await page.waitForSelector('[data-map-ready="true"]', { timeout: 30_000 });
  const paths = await page.locator('.leaflet-overlay-pane path.leaflet-interactive').count();
  const markers = await page.locator('.site-marker').count();
  if (paths !== 92 || markers === 0) throw new Error(`map not fully painted: ${paths} EPCI paths, ${markers} markers`);
  const timings = await page.evaluate(() => ({
    ready: performance.getEntriesByName('map-ready')[0]?.startTime ?? Number.NaN,
    resources: performance.getEntriesByType('resource').map((r) => ({ name: r.name, start: r.startTime, end: (r as PerformanceResourceTiming).responseEnd })),
  }));
  phases.push(phasesOf(timings.resources));
  return timings.ready;
}

/** When each of the map's downloads ended (ms from navigation): where the paint waits. */
const phases: Array<Record<string, number>> = [];
function phasesOf(resources: Array<{ name: string; start: number; end: number }>): Record<string, number> {
  const ended = (test: (path: string) => boolean) => Math.max(0, ...resources.filter((r) => test(new URL(r.name).pathname)).map((r) => r.end));
  return {
    scripts: ended((p) => p.endsWith('.js')),
    session: ended((p) => p === '/api/v1/session'),
    layer: ended((p) => p.startsWith('/api/v1/geo/')),
    coverage: ended((p) => p === '/api/v1/figures/coverage'),
    sites: ended((p) => p === '/api/v1/sites'),
  };
}

// First visit: a fresh context per run (empty cache, nothing remembered), logged in through the API.
const paints: number[] = [];
// Returning user: logged in through the form earlier in this browser (assets cached, role remembered).
const returning: number[] = [];
// Side by side in the same run: the same first visit with one bundle (no code splitting), alternating.
const singleBundle: number[] = [];
for (let run = 0; run < RUNS + 1; run++) {
  await buildWeb({ splitting: false });
  const single = await harness.browser.newContext({ baseURL: harness.baseUrl, viewport: { width: 1360, height: 900 } });
  await single.request.post('/api/v1/session', { data: { email: account.email, password: account.password } });
  const one = await paintOnce(await single.newPage());
  if (run > 0) singleBundle.push(one);
  await single.close();
  await buildWeb();

  const context = await harness.browser.newContext({ baseURL: harness.baseUrl, viewport: { width: 1360, height: 900 } });
  await context.request.post('/api/v1/session', { data: { email: account.email, password: account.password } });
  const ms = await paintOnce(await context.newPage());
  if (run > 0) paints.push(ms); // run 0 warms the server (first coverage computation, SQLite caches)
  await context.close();

  const again = await harness.browser.newContext({ baseURL: harness.baseUrl, viewport: { width: 1360, height: 900 } });
  await login(await again.newPage(), account.email, account.password);
  const back = await paintOnce(await again.newPage());
  if (run > 0) returning.push(back);
  await again.close();
}
await stopHarness();

const result = {
  measuredAt: new Date().toISOString(),
  // the paint time depends on the machine and what else runs on it: record both
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, loadAverage1min: Math.round(loadavg()[0] * 10) / 10 },
  runs: RUNS,
  mapPaintMs: { median: Math.round(median(paints)), min: Math.round(Math.min(...paints)), max: Math.round(Math.max(...paints)), all: paints.map(Math.round) },
  // Medians over the first visits of when each download ended (ms from navigation)
  downloadsEndedMs: Object.fromEntries(Object.keys(phases[0] ?? {}).map((k) => [k, Math.round(median(phases.filter((_, i) => i >= 3 && i % 3 === 1).map((p) => p[k])))])),
  mapPaintSingleBundleMs: { median: Math.round(median(singleBundle)), min: Math.round(Math.min(...singleBundle)), max: Math.round(Math.max(...singleBundle)), all: singleBundle.map(Math.round) },
  mapPaintReturningMs: { median: Math.round(median(returning)), min: Math.round(Math.min(...returning)), max: Math.round(Math.max(...returning)), all: returning.map(Math.round) },
  bundle: {
    jsBytes: js.length,
    jsGzipBytes: gzipSync(js).length,
    jsTransferBytes: jsWire.bytes,
    jsTransferEncoding: jsWire.encoding,
    cssBytes: css.length,
    cssGzipBytes: gzipSync(css).length,
    firstPageJsGzipBytes: firstPageGz,
    mapPageJsGzipBytes: mapPageGz,
    chunks: build.scripts.length,
  },
  coverageGeojson: { bytes: geojson.length, gzipBytes: gzipSync(geojson).length },
  epciLayer: { bytes: layer.length, gzipBytes: gzipSync(layer).length, transferBytes: layerWire.bytes, transferEncoding: layerWire.encoding },
  goals: GOALS,
};

const rows: Array<[string, string, string]> = [
  ['Carte peinte, 1re visite (ms)', `médiane ${result.mapPaintMs.median} (min ${result.mapPaintMs.min}, max ${result.mapPaintMs.max}, ${RUNS} runs)`, `≤ ${GOALS.paintMs}`],
  ['Carte peinte, un seul bundle (ms)', `médiane ${result.mapPaintSingleBundleMs.median} (min ${result.mapPaintSingleBundleMs.min}, max ${result.mapPaintSingleBundleMs.max}, même run)`, 'comparaison'],
  ['Carte peinte, retour (ms)', `médiane ${result.mapPaintReturningMs.median} (min ${result.mapPaintReturningMs.min}, max ${result.mapPaintReturningMs.max})`, `≤ ${GOALS.paintMs}`],
  ['JS 1re page gzip (KB)', `${kb(firstPageGz)} (entrée ${kb(result.bundle.jsGzipBytes)}, ${build.scripts.length} fichiers)`, `≤ ${GOALS.bundleGzKB}`],
  ['JS page carte gzip (KB)', `${kb(mapPageGz)} (avec Leaflet)`, '—'],
  ['coverage.geojson gzip (KB)', `${kb(result.coverageGeojson.gzipBytes)} (brut ${kb(result.coverageGeojson.bytes)})`, `≤ ${GOALS.geojsonGzKB}`],
  ['CSS gzip (KB)', `${kb(result.bundle.cssGzipBytes)} (brut ${kb(result.bundle.cssBytes)})`, '—'],
  ['Couche EPCI gzip (KB)', `${kb(result.epciLayer.gzipBytes)} (brut ${kb(result.epciLayer.bytes)}, transféré ${kb(layerWire.bytes)})`, `≤ ${GOALS.layerGzKB}`],
];
console.log(`\n${'Mesure'.padEnd(30)}| ${'Valeur'.padEnd(41)}| Objectif`);
console.log('------------------------------|------------------------------------------|---------');
for (const [name, value, goal] of rows) console.log(`${name.padEnd(30)}| ${value.padEnd(41)}| ${goal}`);

await mkdir(join(import.meta.dirname, 'output'), { recursive: true });
await writeFile(join(import.meta.dirname, 'output', 'web.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`Téléchargements terminés, 1re visite (médianes, ms depuis la navigation) : ${JSON.stringify(result.downloadsEndedMs)}`);
console.log(`(machine : ${result.machine.cpus} CPU, charge moyenne 1 min ${result.machine.loadAverage1min})`);
console.log('\n→ bench/output/web.json');
process.exit(0);
