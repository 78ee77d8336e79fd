// Hostile load (issue 8): four worst-case 10 MB uploads at once (CSV, JSON and XLSX at the row limit, and
// a zip bomb), three rounds, against a real server process, while /health is polled every 25 ms.
// Measures /health latency (median, p99, max) during the uploads and the server's peak RSS, read from
// /proc. Goals: /health p99 ≤ 200 ms, RSS < 400 MB. Writes bench/output/hostile.json.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../server/build.ts';
import { toXlsx } from '../server/exports/xlsx.ts';
import { xlsxBomb } from '../test/hostile/helpers.ts';
import { rssMiB, startServer, waitForHealth } from './support/server.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MB = 1024 * 1024;

const workDir = mkdtempSync(join(tmpdir(), 'tess-hostile-bench-'));
const LOOP_LAG_FILE = join(workDir, 'loop-lag.json');
/** The server's event-loop delay since the last call (bench/support/loop-lag.mjs). */
async function loopLag(pid: number): Promise<{ p50: number; p99: number; max: number }> {
  process.kill(pid, 'SIGUSR2');
  await new Promise((r) => setTimeout(r, 200));
  return JSON.parse(readFileSync(LOOP_LAG_FILE, 'utf8'));
}
const round = (x: number) => Math.round(x * 10) / 10;
const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return { n: sorted.length, median: round(at(0.5)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]) };
};

// The server as `npm start` runs it (bench/support/server.ts): compiled, one node process, so that /proc/<pid>
// is the server itself; loop-lag.mjs samples its event-loop delay.
await buildServer();
const serverEnv = { BENCH_LOOP_LAG_FILE: LOOP_LAG_FILE, TERRITOIRES_DB: join(workDir, 'bench.sqlite'), TERRITOIRES_DEMO: '1' };
const execArgv = ['--import', join(import.meta.dirname, 'support', 'loop-lag.mjs')];

// --- Files: each close to 10 MB and to the row limit ----------------------------------------
// An unknown column of random text (ignored by the ingest, with a warning) brings the files to 10 MB at the row limit.
const HEADER = ['ref_beneficiaire', 'type_beneficiaire', 'siret', 'code_commune', 'stade', 'date_debut', 'emplois_consolides_etp', 'emplois_crees_etp', 'montant_eur', 'notes'];
const noise = (i: number) => ((i * 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(18);
const line = (i: number) => [`DLA-B-${i}`, 'entreprise', '', i % 2 ? '59350' : '59183', 'developpement', '15/07/2026', '2,5', '1', String(1000 + i), noise(i)];
const rows = Array.from({ length: 50_000 }, (_, i) => line(i));
const csv = new TextEncoder().encode(`${HEADER.join(';')}\n${rows.slice(0, 49_000).map((r) => r.join(';')).join('\n')}\n`);
// JSON spells every column name on every line: 25,000 lines make 10 MB.
const json = new TextEncoder().encode(JSON.stringify({ lines: rows.slice(0, 25_000).map((r) => Object.fromEntries(HEADER.map((h, i) => [h, r[i]]))) }));
const xlsx = await toXlsx([{ name: 'Bénéficiaires', header: HEADER, rows }]);
const bomb = await xlsxBomb(400);
const files: Array<[name: string, body: Uint8Array, type: string]> = [
  ['csv', csv, 'text/csv'],
  ['json', json, 'application/json'],
  ['xlsx', xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['zip-bomb', bomb, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
];
console.log(`files: ${files.map(([n, b]) => `${n} ${(b.length / MB).toFixed(1)} MB`).join(', ')}`);

// Seeding the demo data happens once in a database's life and leaves garbage in the heap: the server is
// measured on its second start, as it runs in production.
const seeding = await startServer(serverEnv, { execArgv });
await waitForHealth(seeding.base);
await seeding.stop();
const server = await startServer(serverEnv, { execArgv });
const BASE = server.base;
await waitForHealth(BASE);
const pid = server.pid;
const rssMb = rssMiB; // MiB, as /proc reports it (kB ÷ 1024): the README's « MB » of this bench
const rssAtStart = rssMb(pid);

const login = await fetch(`${BASE}/api/v1/session`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'dla-59@demo.example', password: 'demo-operateur-2026' }),
});
const session = (await login.json()) as { csrfToken: string };
const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
const headers = { cookie, 'x-csrf-token': session.csrfToken, origin: BASE };
const uploadUrl = `${BASE}/api/v1/reports/dla-59/DLA/2026-Q3/lines?dryRun=1`;

// --- Load ------------------------------------------------------------------------------------
const healthSamples: number[] = [];
const idleSamples: number[] = [];
let peakRss = rssAtStart;
let polling = true;
let target = idleSamples;
const poller = (async () => {
  while (polling) {
    const started = performance.now();
    await fetch(`${BASE}/api/v1/health`).then((r) => r.arrayBuffer());
    target.push(performance.now() - started);
    peakRss = Math.max(peakRss, rssMb(pid));
    await new Promise((r) => setTimeout(r, 25));
  }
})();
await new Promise((r) => setTimeout(r, 2000)); // idle baseline
const loopIdle = await loopLag(pid);
target = healthSamples;

const uploadTimes: Record<string, number[]> = {};
const statuses: Record<string, number[]> = {};
for (let r = 0; r < ROUNDS; r++) {
  await Promise.all(
    files.map(async ([name, body, type]) => {
      const started = performance.now();
      const reply = await fetch(uploadUrl, { method: 'PUT', headers: { ...headers, 'content-type': type }, body: new Blob([body as Uint8Array<ArrayBuffer>]) });
      await reply.arrayBuffer();
      uploadTimes[name] = [...(uploadTimes[name] ?? []), performance.now() - started];
      statuses[name] = [...(statuses[name] ?? []), reply.status];
    }),
  );
}
const loopDuringUploads = await loopLag(pid);
polling = false;
await poller;
const rssAfter = rssMb(pid);
await server.stop();
rmSync(workDir, { recursive: true, force: true });

const result = {
  at: new Date().toISOString(),
  cpus: os.cpus().length,
  loadAverage: os.loadavg().map(round),
  files: Object.fromEntries(files.map(([n, b]) => [n, `${(b.length / MB).toFixed(1)} MB`])),
  rounds: ROUNDS,
  eventLoopDelayMs: { idle: loopIdle, duringUploads: loopDuringUploads },
  healthIdleMs: stats(idleSamples),
  healthDuringUploadsMs: stats(healthSamples),
  uploadMs: Object.fromEntries(Object.entries(uploadTimes).map(([n, t]) => [n, stats(t)])),
  statuses,
  rssMb: { atStart: round(rssAtStart), peak: round(peakRss), after: round(rssAfter) },
  goals: { healthP99Ms: 200, peakRssMb: 400 },
};
console.log(JSON.stringify(result, null, 2));
mkdirSync(join(import.meta.dirname, 'output'), { recursive: true });
writeFileSync(join(import.meta.dirname, 'output', 'hostile.json'), JSON.stringify(result, null, 2));
