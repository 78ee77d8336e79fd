// Ingest speed (issue 14): an operator's upload over real HTTP (the compiled server, as `npm start` runs it,
// on a loopback port, parsing and validation in its worker pool), measured beside the fastest way the same
// rows could reach the same table: a raw better-sqlite3 prepared insert, in one transaction, with the
// table's triggers. Ratios are raw time ÷ HTTP time (1 = as fast as the raw insert). Writes
// bench/output/ingest.json.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { createDatabase } from '../db/database.ts';
import { loadGeography } from '../geo/load-geography.ts';
import { buildServer, SERVER_DIST } from '../server/build.ts';
import { toXlsx } from '../server/exports/xlsx.ts';
import { addOperator, sessionFor } from '../test/helpers/app.ts';

const LINES = Number(process.env.BENCH_INGEST_LINES ?? 50_000);
const RUNS = Number(process.env.BENCH_INGEST_RUNS ?? 5);
const SMALL_RUNS = 30;
const PORT = 38_000 + (process.pid % 1000);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor((s.length - 1) / 2)] * 100) / 100;
};
const now = () => performance.now();

const workDir = mkdtempSync(join(tmpdir(), 'tess-ingest-'));
const dbPath = join(workDir, 'ingest.sqlite');
const db = await createDatabase(dbPath);
const geo = loadGeography('32');

const OPERATOR = 'op-bench';
await addOperator(db, OPERATOR);
await db.insertInto('agreements').values({ operator_id: OPERATOR, scheme: 'ACCESS', start_date: '2016-01-01', end_date: '2030-12-31', created_at: new Date().toISOString() }).execute();
const { headers } = await sessionFor(db, 'operator', OPERATOR);
await db.destroy();

// The server as `npm start` runs it: compiled, plain node, its own process (the bench's work stays out of it).
await buildServer();
// BENCH_INGEST_PROFILE=<dir>: the server writes CPU profiles there (main thread and workers) when it ends.
const PROFILE_DIR = process.env.BENCH_INGEST_PROFILE;
// The server exits in order on SIGTERM (server/main.ts), so Node writes the profiles.
const profileArgs = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
const server = spawn(process.execPath, [...profileArgs, join(SERVER_DIST, 'main.js')], {
  env: {
    ...process.env,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    TERRITOIRES_DB: dbPath,
    TERRITOIRES_DEMO: '0',
    TERRITOIRES_ADMIN_PASSWORD: 'bench-Ingest-2026-long-enough',
    TERRITOIRES_UPLOAD_MAX_ROWS: String(LINES),
    TERRITOIRES_UPLOAD_LIMIT_MB: '100',
    TERRITOIRES_MAIL_SCHEDULER: '0',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${PORT}/api/v1/health`)).ok) break;
  } catch {
    if (i > 300) throw new Error('server did not start');
  }
  await new Promise((r) => setTimeout(r, 100));
}
const port = PORT;

// Communes of the region, so lines spread over EPCIs as real ones do.
const communes = [...geo.communes.keys()];
const HEADER = ['ref_beneficiaire', 'type_beneficiaire', 'code_commune', 'stade', 'date_debut', 'emplois_consolides_etp', 'emplois_crees_etp'];
function rowsFor(count: number, year: number, prefix = 'B'): (string | number)[][] {
  return Array.from({ length: count }, (_, i) => [`${prefix}-${i}`, i % 3 === 0 ? 'porteur_projet' : 'entreprise', communes[(i * 7919) % communes.length], i % 2 ? 'creation' : 'emergence', `${year}-0${(i % 3) + 1}-1${i % 10}`, i % 5, (i % 4) / 2]);
}
const csvOf = (rows: (string | number)[][]) => `${HEADER.join(';')}\r\n${rows.map((r) => r.join(';')).join('\r\n')}\r\n`;

let period = 0;
async function upload(body: string | Uint8Array, contentType: string): Promise<number> {
  // Each upload goes to a quarter of its own: the work is the same as a first filing, never a "no change".
  // (44 quarters from 2016 to 2026; the small uploads come last and may replace a 10-line revision.)
  const slot = period++ % 44;
  const year = 2016 + Math.floor(slot / 4);
  const quarter = (slot % 4) + 1;
  const started = now();
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/reports/${OPERATOR}/ACCESS/${year}-Q${quarter}/lines`, { method: 'PUT', headers: { ...headers, 'content-type': contentType }, body: body as BodyInit });
  const text = await response.text();
  const took = now() - started;
  if (response.status !== 200) throw new Error(`upload ${response.status}: ${text.slice(0, 300)}`);
  return took;
}

// --- The raw reference: the same rows, prepared once, inserted in one transaction ---------------------
const raw = new SQLite(dbPath);
raw.pragma('journal_mode = WAL');
raw.pragma('synchronous = NORMAL');
const columns = (raw.prepare('SELECT * FROM report_lines LIMIT 0').columns() as { name: string }[]).map((c) => c.name).filter((n) => n !== 'id');
function rawInsert(fromRevision: number): number {
  const rows = raw.prepare('SELECT * FROM report_lines WHERE revision_id = ? ORDER BY line_no').all(fromRevision) as Record<string, unknown>[];
  const revision = raw.prepare('SELECT * FROM report_revisions WHERE id = ?').get(fromRevision) as Record<string, unknown>;
  const { id: _id, ...copy } = revision;
  const insert = raw.prepare(`INSERT INTO report_lines (${columns.join(',')}) VALUES (${columns.map(() => '?').join(',')})`);
  const started = now();
  raw.transaction(() => {
    const newRevision = raw.prepare(`INSERT INTO report_revisions (${Object.keys(copy).join(',')}) VALUES (${Object.keys(copy).map(() => '?').join(',')})`).run(...Object.values(copy).map((v, i) => (Object.keys(copy)[i] === 'number' ? (v as number) + 1000 : v))).lastInsertRowid;
    for (const row of rows) insert.run(...columns.map((c) => (c === 'revision_id' ? newRevision : row[c])));
  })();
  return now() - started;
}
const lastRevision = () => (raw.prepare('SELECT max(id) AS id FROM report_revisions').get() as { id: number }).id;

// --- Measure, interleaved so machine load hits all sides alike ----------------------------------------
const csvRows = rowsFor(LINES, 2015);
const csv = csvOf(csvRows);
const xlsx = await toXlsx([{ name: 'Bénéficiaires', header: HEADER, rows: csvRows }]);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
await upload(csvOf(rowsFor(1000, 2015)), 'text/csv'); // warm the worker and the JIT

const csvTimes: number[] = [];
const xlsxTimes: number[] = [];
const rawTimes: number[] = [];
for (let run = 0; run < RUNS; run++) {
  csvTimes.push(await upload(csv, 'text/csv'));
  rawTimes.push(rawInsert(lastRevision()));
  xlsxTimes.push(await upload(xlsx, XLSX));
}
const smallTimes: number[] = [];
const floorTimes: number[] = [];
for (let run = 0; run < SMALL_RUNS; run++) {
  smallTimes.push(await upload(csvOf(rowsFor(10, 2015, `S${run}`)), 'text/csv'));
  // The HTTP floor: the same client and connection, a request the server answers at once.
  const started = now();
  await (await fetch(`http://127.0.0.1:${port}/api/v1/health`)).text();
  floorTimes.push(now() - started);
}

const rawMedian = median(rawTimes);
const result = {
  lines: LINES,
  runs: RUNS,
  loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  rawPreparedInsertMs: rawMedian,
  csvHttpMs: median(csvTimes),
  xlsxHttpMs: median(xlsxTimes),
  csvRatio: Math.round((rawMedian / median(csvTimes)) * 1000) / 1000,
  xlsxRatio: Math.round((rawMedian / median(xlsxTimes)) * 1000) / 1000,
  csvLinesPerSecond: Math.round(LINES / (median(csvTimes) / 1000)),
  smallUploadMs: median(smallTimes),
  httpFloorMs: median(floorTimes),
  // What a 10-line upload costs beyond any request's round trip (the goal's "fixed cost").
  smallUploadFixedCostMs: Math.round((median(smallTimes) - median(floorTimes)) * 100) / 100,
  goals: { csvRatio: 0.5, xlsxRatio: 0.3, smallUploadFixedCostMs: 5 },
};
console.log(JSON.stringify(result, null, 2));
mkdirSync(join(import.meta.dirname, 'output'), { recursive: true });
writeFileSync(join(import.meta.dirname, 'output', 'ingest.json'), `${JSON.stringify(result, null, 2)}\n`);

server.kill();
await new Promise((resolve) => server.once('exit', resolve));
raw.close();
rmSync(workDir, { recursive: true, force: true });
