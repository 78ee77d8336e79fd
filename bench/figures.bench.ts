// Figures at national scale: 1,000,000 synthetic report lines (thousands of operators over ten years),
// then, in one run, against the compiled server in its own process: its restart (first figures per basis,
// /health meanwhile, RSS) without and with snapshots; latency of /figures/targets and /figures/coverage over
// HTTP (parameters varied, then repeated); time from validating a report to its figures being visible; and
// the same figures on the same parameters by a plain GROUP BY in SQLite and by DuckDB, answers compared.
// Writes bench/output/figures.json. BENCH_LINES sets the size (a quick run: BENCH_LINES=100000).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import SQLite from 'better-sqlite3';
import { createDatabase } from '../db/database.ts';
import { loadGeography } from '../geo/load-geography.ts';
import { buildServer } from '../server/build.ts';
import { transitionReport } from '../server/reports/workflow.ts';
import { sessionFor } from '../test/helpers/app.ts';
import { type BenchServer, httpClient, latencies, pollHealth, rssMiB, startServer, waitForHealth } from './support/server.ts';
import { prng } from '../test/helpers/prng.ts';

const TARGET_LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const OPERATORS = Number(process.env.BENCH_OPERATORS ?? 2500);
const YEARS = [2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025];
const SCHEMES: Array<[code: string, weight: number, stages: string[]]> = [
  ['ACCESS', 0.35, ['emergence', 'creation']],
  ['DLA', 0.35, ['developpement', 'consolidation']],
  ['FIDESS', 0.05, ['emergence']],
  ['DASESS', 0.1, ['consolidation']],
  ['BUSINESS', 0.15, ['creation', 'developpement']],
];

const random = prng(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return { n: sorted.length, median: round(at(0.5)), p95: round(at(0.95)), max: round(sorted[sorted.length - 1]) };
};
const round = (x: number) => Math.round(x * 100) / 100;
const now = () => performance.now();

const workDir = mkdtempSync(join(tmpdir(), 'tess-bench-'));
const dbPath = join(workDir, 'bench.sqlite');
const geo = loadGeography('32');

// --- 1. Dataset -------------------------------------------------------------------------------
const loadStarted = now();
const db = await createDatabase(dbPath); // schema, triggers, reference data
const raw = new SQLite(dbPath);
raw.pragma('journal_mode = WAL');
raw.pragma('synchronous = OFF');
raw.pragma('cache_size = -262144'); // 256 MB: the facts' primary key is written in random order

const communes = [...geo.communes.values()];
const cumulative: number[] = [];
let totalPopulation = 0;
for (const c of communes) {
  totalPopulation += c.population;
  cumulative.push(totalPopulation);
}
/** A commune drawn in proportion to its population, as beneficiaries roughly are. */
function weightedCommune() {
  const x = random() * totalPopulation;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return communes[lo];
}

const insertOperator = raw.prepare('INSERT INTO operators (id, name, is_demo, created_at) VALUES (?, ?, 1, ?)');
const insertAgreement = raw.prepare('INSERT INTO agreements (operator_id, scheme, start_date, end_date, capacity_per_year, created_at) VALUES (?, ?, ?, ?, ?, ?)');
const insertTerritory = raw.prepare("INSERT INTO agreement_territories (agreement_id, kind, code) VALUES (?, 'departement', ?)");
const insertSite = raw.prepare(
  'INSERT INTO sites (operator_id, kind, name, commune_code, lat, lon, opened_on, closed_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
);
const insertSiteScheme = raw.prepare('INSERT INTO site_schemes (site_id, scheme) VALUES (?, ?)');
const insertReport = raw.prepare(
  `INSERT INTO reports (operator_id, scheme, period, year, quarter, status, current_revision_id, submitted_at, validated_at, created_at, updated_at)
   VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)`,
);
const insertRevision = raw.prepare(
  `INSERT INTO report_revisions (report_id, number, source, filename, line_count, created_at) VALUES (?, 1, 'demo', NULL, ?, ?)`,
);
const setRevision = raw.prepare('UPDATE reports SET current_revision_id = ? WHERE id = ?');
const insertLine = raw.prepare(
  `INSERT INTO report_lines (revision_id, line_no, beneficiary_ref, siret, siren, identity, beneficiary_type, legal_form, commune_input,
     commune_code, epci_siren, stage, start_date, end_date, jobs_consolidated_fte, jobs_created_fte, amount_eur, site, creation_date)
   VALUES (?, ?, ?, NULL, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, NULL, ?, ?, NULL, NULL, NULL)`,
);

interface Beneficiary {
  ref: string;
  siren: string | null;
  commune: (typeof communes)[number];
  jobs: number;
}

const stamp = '2026-01-01T00:00:00.000Z';
// × 1.12: repeated draws of a beneficiary already in the report are skipped (≈ 11 % of draws).
const linesPerReport = (TARGET_LINES / (OPERATORS * YEARS.length * 4)) * 1.12;
let lineCount = 0;
let reportCount = 0;
const submittedReports: Array<{ id: number; year: number }> = [];
raw.transaction(() => {
  for (let o = 0; o < OPERATORS; o++) {
    const operatorId = `op-${o}`;
    if (process.env.BENCH_DEBUG && o % 100 === 0) console.log("operator", o, lineCount, Math.round(now() - loadStarted));
    insertOperator.run(operatorId, `Opérateur ${o}`, stamp);
    let w = random();
    let scheme = SCHEMES[0];
    for (const s of SCHEMES) {
      scheme = s;
      w -= s[1];
      if (w < 0) break;
    }
    const [code, , stages] = scheme;
    const home = weightedCommune();
    // Each agreement states its capacity and territory (the département of the operator's seat), as the
    // Region's do: the expected coverage (equity.ts) then spreads 2,500 capacities. Derived from `o`, not
    // drawn: the dataset stays the one earlier runs measured.
    const agreement = insertAgreement.run(operatorId, code, '2016-01-01', '2025-12-31', 10 + ((o * 7) % 51), stamp);
    insertTerritory.run(agreement.lastInsertRowid, home.departement);
    const siteCount = 1 + Math.floor(random() * 3);
    for (let s = 0; s < siteCount; s++) {
      const place = s === 0 ? home : pick(communes);
      const opened = `${2012 + Math.floor(random() * 12)}-0${1 + Math.floor(random() * 9)}-01`;
      const closed = random() < 0.15 ? `${2017 + Math.floor(random() * 8)}-12-31` : null;
      const kind = s === 0 ? 'hq' : random() < 0.5 ? 'branch' : 'outreach';
      const site = insertSite.run(operatorId, kind, `Site ${o}-${s}`, place.code, place.lat, place.lon, opened, closed && closed > opened ? closed : null, stamp);
      insertSiteScheme.run(site.lastInsertRowid, code);
    }
    let pool: Beneficiary[] = [];
    let serial = 0;
    for (const year of YEARS) {
      for (let quarter = 1; quarter <= 4; quarter++) {
        const recent = year === 2025 && quarter >= 3;
        const roll = random();
        const status = recent ? (roll < 0.5 ? 'submitted' : roll < 0.8 ? 'validated' : 'draft') : roll < 0.95 ? 'validated' : roll < 0.98 ? 'submitted' : 'returned';
        const period = `${year}-Q${quarter}`;
        const report = insertReport.run(operatorId, code, period, year, quarter, status, stamp, status === 'validated' ? stamp : null, stamp, stamp);
        const reportId = Number(report.lastInsertRowid);
        reportCount++;
        if (status === 'submitted') submittedReports.push({ id: reportId, year });
        const n = Math.max(1, Math.round(linesPerReport * (0.5 + random())));
        // Most beneficiaries are followed several quarters; the rest are new.
        const next: Beneficiary[] = [];
        const used = new Set<string>();
        for (let i = 0; i < n; i++) {
          let b: Beneficiary;
          if (pool.length > 0 && random() < 0.65) b = pick(pool);
          else {
            const siren = random() < 0.6 ? String(100000000 + Math.floor(random() * 400000)) : null;
            b = { ref: `B${o}-${serial++}`, siren, commune: weightedCommune(), jobs: Math.round(random() * 80) / 4 };
          }
          if (used.has(b.ref)) continue;
          used.add(b.ref);
          next.push(b);
        }
        pool = next.concat(pool.slice(0, 20));
        const revision = insertRevision.run(reportId, next.length, stamp);
        const revisionId = Number(revision.lastInsertRowid);
        setRevision.run(revisionId, reportId);
        next.forEach((b, i) => {
          const identity = b.siren ? `siren:${b.siren}` : `ref:${operatorId}:${b.ref}`;
          const jobs = Math.max(0, b.jobs + Math.round((random() - 0.5) * 8) / 4);
          insertLine.run(
            revisionId, i + 2, b.ref, b.siren, identity, b.siren ? 'entreprise' : 'porteur_projet', b.commune.code, b.commune.epciSiren,
            pick(stages), `${year}-0${quarter * 3 - 2}-01`, jobs, Math.round(random() * 8) / 4,
          );
          lineCount++;
        });
      }
    }
  }
})();
raw.pragma('synchronous = NORMAL');
raw.exec('ANALYZE');
const loadSeconds = (now() - loadStarted) / 1000;
const factRows = (raw.prepare('SELECT count(*) AS n FROM fig_facts').get() as { n: number }).n;
console.log(`dataset: ${lineCount.toLocaleString('en')} lines, ${reportCount.toLocaleString('en')} reports, ${OPERATORS} operators, ${factRows.toLocaleString('en')} fact rows; built in ${loadSeconds.toFixed(1)} s (triggers included)`);

// --- 2. The server, restarted --------------------------------------------------------------------
// The server as production runs it (bench/support/server.ts): its first figures after a start, /health
// meanwhile and its memory, side by side without snapshots (every block read from the facts and the lines,
// as on the first start after an upgrade) and from the snapshots the previous stop wrote (issue 14).
const { headers } = await sessionFor(db, 'region');
await buildServer();
const serverEnv = { TERRITOIRES_DB: dbPath, TERRITOIRES_DEMO: '0', TERRITOIRES_ADMIN_PASSWORD: 'bench-Figures-2026-long-enough', NODE_ENV: 'production' };
let server: BenchServer | null = null;
// BENCH_FIGURES_PROFILE=<dir>: each server start writes a CPU profile there when it stops.
const profileArgs = process.env.BENCH_FIGURES_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_FIGURES_PROFILE}`] : [];

// Latency samples through a lean keep-alive client (bench/support/server.ts: why not fetch).
let client: ReturnType<typeof httpClient> | null = null;
async function get(path: string): Promise<{ ms: number; body: unknown }> {
  const { ms, status, body } = await client!(path);
  if (status !== 200) throw new Error(`${path}: ${status} ${JSON.stringify(body)}`);
  return { ms, body };
}

/** The same request through fetch() and response.json(), as the bench measured before: the client's own share. */
async function getThroughFetch(path: string): Promise<number> {
  const started = now();
  const response = await fetch(`${server!.base}${path}`, { headers });
  await response.json();
  return now() - started;
}

const spans: Array<[number, number]> = [];
for (let from = 2016; from <= 2025; from++) for (let to = from; to <= Math.min(2025, from + 4); to++) spans.push([from, to]);
const schemeSets = ['ACCESS', 'ACCESS,DLA', 'ACCESS,DLA,FIDESS,DASESS', 'DLA,DASESS', 'FIDESS', 'ACCESS,DLA,FIDESS,DASESS,BUSINESS'];
const targetsUrl = (from: number, to: number, basis: string) => `/api/v1/figures/targets?from=${from}&to=${to}&basis=${basis}`;
const coverageUrl = (from: number, to: number, basis: string, schemes: string, distanceKm: number) =>
  `/api/v1/figures/coverage?from=${from}&to=${to}&basis=${basis}&schemes=${schemes}&distanceKm=${distanceKm}`;

const debug = (...args: unknown[]) => process.env.BENCH_DEBUG && console.log(...args);
const p99 = (samples: number[]) => round([...samples].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.99 * samples.length) - 1)] ?? 0);

/**
 * A start of the server, then its first answers: targets 2016–2025 on each basis and a coverage, one after
 * the other, while /health is asked every 10 ms from a thread of its own (bench/support/server.ts). RSS once both bases are loaded.
 */
async function restart(label: string): Promise<Record<string, unknown>> {
  if (server) await server.stop();
  const snapshotsAtStart = (raw.prepare('SELECT count(*) AS n FROM fig_snapshots').get() as { n: number }).n;
  const started = now();
  server = await startServer(serverEnv, { execArgv: profileArgs });
  await waitForHealth(server.base);
  const listeningMs = now() - started;
  client = httpClient(server.base, headers);
  const poller = pollHealth(server.base);
  const validated = (await get(targetsUrl(2016, 2025, 'validated'))).ms;
  const submitted = (await get(targetsUrl(2016, 2025, 'submitted'))).ms;
  const coverage = (await get(coverageUrl(2024, 2025, 'validated', 'ACCESS,DLA,FIDESS,DASESS', 20))).ms;
  const health = await poller.stop();
  const result = {
    label,
    snapshotsAtStart,
    listeningMs: round(listeningMs),
    firstTargetsValidatedMs: round(validated),
    firstTargetsSubmittedMs: round(submitted),
    firstCoverageMs: round(coverage),
    health: { ...stats(health), p99: p99(health) },
    rssMiB: rssMiB(server.pid),
  };
  debug('restart', result);
  return result;
}

raw.exec('DELETE FROM fig_snapshots');
const coldWhole = await restart('without snapshots');
const stopping = await server!.stop(); // writes the snapshots due
server = null;
const snapshotSize = raw.prepare('SELECT count(*) AS n, sum(length(data)) AS bytes FROM fig_snapshots').get() as { n: number; bytes: number };
const databaseMiB = round((raw.prepare('SELECT page_count * page_size AS b FROM pragma_page_count(), pragma_page_size()').get() as { b: number }).b / 1048576);
const coldSnapshot = await restart('from snapshots');
const coldSnapshotAgain = await restart('from snapshots, again');

// --- 3. Warm, over HTTP: varied parameters, then one request repeated -------------------------------
// Asked from a thread of its own (bench/support/server.ts, latencies()); the parameters drawn here, in order.
const bases = ['validated', 'submitted'];
const targetsPaths = Array.from({ length: 300 }, () => {
  const [from, to] = pick(spans);
  return targetsUrl(from, to, pick(bases));
});
const targetsSamples = await latencies(server!.base, headers, targetsPaths);
debug('targets varied', stats(targetsSamples));
// Warm means compiled: the first coverage requests after a start run before V8 has optimised the cohort pass
// and the per-unit loops (in a first run the first dozen samples were the dozen slowest, 25–40 ms). Thirty
// requests first, on scheme sets the samples never ask for, so that no answer, pass or presence they leave in
// the caches serves a sample (the first answers after a start are in the restart table above).
const warmRandom = prng(7);
const warmSets = ['DASESS', 'ACCESS,FIDESS', 'DLA,FIDESS', 'ACCESS,DASESS'];
const warmPaths = Array.from({ length: 30 }, () => {
  const [from, to] = spans[Math.floor(warmRandom() * spans.length)];
  return coverageUrl(from, to, bases[Math.floor(warmRandom() * 2)], warmSets[Math.floor(warmRandom() * warmSets.length)], 20);
});
await latencies(server!.base, headers, warmPaths);
const coveragePaths = Array.from({ length: 200 }, () => {
  const [from, to] = pick(spans);
  return coverageUrl(from, to, pick(bases), pick(schemeSets), pick([10, 15, 20, 30]));
});
const coverageSamples = await latencies(server!.base, headers, coveragePaths);
debug('coverage varied', stats(coverageSamples));
debug('slowest', coverageSamples.map((ms, i) => [Math.round(ms * 10) / 10, i, coveragePaths[i].split('?')[1]] as const).sort((a, b) => b[0] - a[0]).slice(0, 12));
const targetsWarm = await latencies(server!.base, headers, Array(100).fill(targetsUrl(2024, 2025, 'validated')));
const coverageWarm = await latencies(server!.base, headers, Array(100).fill(coverageUrl(2024, 2025, 'validated', 'ACCESS,DLA,FIDESS,DASESS', 20)));
// The same repeated request through fetch() + json(), interleaved with the lean client: the client's share.
const coverageWarmLean: number[] = [];
const coverageWarmFetch: number[] = [];
for (let i = 0; i < 50; i++) {
  coverageWarmLean.push((await get(coverageUrl(2024, 2025, 'validated', 'ACCESS,DLA,FIDESS,DASESS', 20))).ms);
  coverageWarmFetch.push(await getThroughFetch(coverageUrl(2024, 2025, 'validated', 'ACCESS,DLA,FIDESS,DASESS', 20)));
}
const rssWarm = rssMiB(server!.pid);

// --- 4. Freshness: a report validated here (another process on the same file), then the server's figures ---
const freshness: number[] = [];
for (const { id, year } of submittedReports.filter((r) => r.year === 2025).slice(0, 15)) {
  const started = now();
  await db.transaction().execute((trx) => transitionReport(trx, { reportId: id, action: 'validate', userId: null }));
  await get(targetsUrl(year, year, 'validated'));
  freshness.push(now() - started);
}

// --- 5. References on the same lines and parameters: a plain GROUP BY in SQLite, and DuckDB ---------------
// DuckDB gets the counted lines already joined to their reports (one flat table, loaded through its
// appender), which is how a data engineer would lay them out for it.
const baselineTargets = raw.prepare(`
  WITH counted AS (
    SELECT r.year, r.scheme, l.identity, l.jobs_consolidated_fte AS jobs, l.jobs_created_fte AS created
    FROM reports r JOIN report_lines l ON l.revision_id = r.current_revision_id
    WHERE r.year BETWEEN ? AND ? AND r.status IN (SELECT value FROM json_each(?))
  ),
  per_identity AS (SELECT year, identity, max(jobs) AS jobs, max(created) AS created FROM counted GROUP BY year, identity),
  per_scheme AS (SELECT year, scheme, count(DISTINCT identity) AS n FROM counted GROUP BY year, scheme)
  SELECT p.year, count(*) AS distinct_beneficiaries, sum(p.jobs) AS jobs, sum(p.created) AS created,
    (SELECT sum(n) FROM per_scheme s WHERE s.year = p.year) AS accompaniments
  FROM per_identity p GROUP BY p.year ORDER BY p.year`);
const baselineCoverage = raw.prepare(`
  SELECT l.epci_siren, count(DISTINCT l.identity) AS beneficiaries
  FROM reports r JOIN report_lines l ON l.revision_id = r.current_revision_id
  WHERE r.year BETWEEN ? AND ? AND r.status IN (SELECT value FROM json_each(?)) AND r.scheme IN (SELECT value FROM json_each(?))
  GROUP BY l.epci_siren ORDER BY l.epci_siren`);
const statusesOf = (basis: string) => (basis === 'validated' ? ['validated'] : ['validated', 'submitted']);

const duckLoadStarted = now();
const duck = await (await DuckDBInstance.create(':memory:')).connect();
await duck.run(`CREATE TABLE lines (year INTEGER, scheme VARCHAR, status VARCHAR, identity VARCHAR, epci_siren VARCHAR, jobs DOUBLE, created DOUBLE)`);
const appender = await duck.createAppender('lines');
for (const line of raw
  .prepare(`SELECT r.year, r.scheme, r.status, l.identity, l.epci_siren, l.jobs_consolidated_fte AS jobs, l.jobs_created_fte AS created
    FROM reports r JOIN report_lines l ON l.revision_id = r.current_revision_id WHERE r.status IN ('validated', 'submitted')`)
  .iterate() as Iterable<{ year: number; scheme: string; status: string; identity: string; epci_siren: string; jobs: number; created: number }>) {
  appender.appendInteger(line.year);
  appender.appendVarchar(line.scheme);
  appender.appendVarchar(line.status);
  appender.appendVarchar(line.identity);
  appender.appendVarchar(line.epci_siren);
  appender.appendDouble(line.jobs);
  appender.appendDouble(line.created);
  appender.endRow();
}
appender.closeSync();
const duckLoadSeconds = (now() - duckLoadStarted) / 1000;
const inList = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
const duckTargets = (from: number, to: number, basis: string) => `
  WITH counted AS (SELECT year, scheme, identity, jobs, created FROM lines WHERE year BETWEEN ${from} AND ${to} AND status IN (${inList(statusesOf(basis))})),
  per_identity AS (SELECT year, identity, max(jobs) AS jobs, max(created) AS created FROM counted GROUP BY year, identity),
  per_scheme AS (SELECT year, count(DISTINCT identity) AS n FROM counted GROUP BY year, scheme)
  SELECT p.year, count(*) AS distinct_beneficiaries, sum(p.jobs) AS jobs, sum(p.created) AS created,
    (SELECT sum(n) FROM per_scheme s WHERE s.year = p.year) AS accompaniments
  FROM per_identity p GROUP BY p.year ORDER BY p.year`;
const duckCoverage = (from: number, to: number, basis: string, schemes: readonly string[]) => `
  SELECT epci_siren, count(DISTINCT identity) AS beneficiaries FROM lines
  WHERE year BETWEEN ${from} AND ${to} AND status IN (${inList(statusesOf(basis))}) AND scheme IN (${inList(schemes)})
  GROUP BY epci_siren ORDER BY epci_siren`;

// The same 12 parameter sets through the three, interleaved; the answers compared on each.
const side = { engineTargets: [] as number[], groupByTargets: [] as number[], duckTargets: [] as number[], engineCoverage: [] as number[], groupByCoverage: [] as number[], duckCoverage: [] as number[] };
let agree = true;
const mismatch = (what: string, a: unknown, b: unknown) => {
  agree = false;
  console.log(`MISMATCH ${what}: ${JSON.stringify(a).slice(0, 300)} vs ${JSON.stringify(b).slice(0, 300)}`);
};
const close = (a: number, b: number) => Math.abs(a - b) < 0.01;
type EngineTargets = { years: Array<{ year: number; beneficiaries: { distinct: number; accompaniments: number }; jobsConsolidated: number; jobsCreated: number }> };
type EngineCoverage = { epcis: Array<{ siren: string; beneficiaries: number }> };
for (let i = 0; i < 12; i++) {
  const [from, to] = pick(spans);
  const basis = pick(['validated', 'submitted']);
  const schemes = pick(schemeSets.slice(0, 4)).split(',');
  let started = now();
  const engine = (await get(targetsUrl(from, to, basis))).body as EngineTargets;
  side.engineTargets.push(now() - started);
  started = now();
  const plain = baselineTargets.all(from, to, JSON.stringify(statusesOf(basis))) as Array<{ year: number; distinct_beneficiaries: number; jobs: number; created: number; accompaniments: number }>;
  side.groupByTargets.push(now() - started);
  started = now();
  const duckRows = (await duck.runAndReadAll(duckTargets(from, to, basis))).getRowObjectsJS() as Array<Record<string, number | bigint>>;
  side.duckTargets.push(now() - started);
  for (const y of engine.years) {
    const p = plain.find((r) => r.year === y.year);
    const d = duckRows.find((r) => Number(r.year) === y.year);
    const expected = [y.beneficiaries.distinct, y.beneficiaries.accompaniments, y.jobsConsolidated, y.jobsCreated];
    if (!p || !close(p.distinct_beneficiaries, expected[0]) || !close(p.accompaniments, expected[1]) || !close(p.jobs, expected[2]) || !close(p.created, expected[3])) mismatch(`targets ${y.year} GROUP BY`, expected, p);
    if (!d || !close(Number(d.distinct_beneficiaries), expected[0]) || !close(Number(d.accompaniments), expected[1]) || !close(Number(d.jobs), expected[2]) || !close(Number(d.created), expected[3])) mismatch(`targets ${y.year} DuckDB`, expected, d);
  }

  started = now();
  const coverage = (await get(coverageUrl(from, to, basis, schemes.join(','), 20))).body as EngineCoverage;
  side.engineCoverage.push(now() - started);
  started = now();
  const plainCoverage = baselineCoverage.all(from, to, JSON.stringify(statusesOf(basis)), JSON.stringify(schemes)) as Array<{ epci_siren: string; beneficiaries: number }>;
  side.groupByCoverage.push(now() - started);
  started = now();
  const duckCoverageRows = (await duck.runAndReadAll(duckCoverage(from, to, basis, schemes))).getRowObjectsJS() as Array<{ epci_siren: string; beneficiaries: bigint }>;
  side.duckCoverage.push(now() - started);
  const counts = new Map(plainCoverage.map((r) => [r.epci_siren, r.beneficiaries]));
  const duckCounts = new Map(duckCoverageRows.map((r) => [r.epci_siren, Number(r.beneficiaries)]));
  for (const e of coverage.epcis) {
    if ((counts.get(e.siren) ?? 0) !== e.beneficiaries) mismatch(`coverage ${e.siren} GROUP BY`, e.beneficiaries, counts.get(e.siren));
    if ((duckCounts.get(e.siren) ?? 0) !== e.beneficiaries) mismatch(`coverage ${e.siren} DuckDB`, e.beneficiaries, duckCounts.get(e.siren));
  }
}
const finalStop = await server!.stop();

// --- 6. Report --------------------------------------------------------------------------------------
const ratio = (reference: number[], engine: number[]) => round(stats(reference).median / stats(engine).median);
const results = {
  dataset: { lines: lineCount, reports: reportCount, operators: OPERATORS, years: `${YEARS[0]}–${YEARS[YEARS.length - 1]}`, factRows, buildSeconds: round(loadSeconds) },
  restart: { withoutSnapshots: coldWhole, fromSnapshots: coldSnapshot, fromSnapshotsAgain: coldSnapshotAgain, stopWritingSnapshotsMs: stopping.ms, snapshots: snapshotSize.n, snapshotMiB: round(snapshotSize.bytes / 1048576), databaseMiB },
  targets: { varied: stats(targetsSamples), warm: stats(targetsWarm) },
  coverage: { varied: stats(coverageSamples), warm: stats(coverageWarm), warmLean: stats(coverageWarmLean), warmThroughFetch: stats(coverageWarmFetch) },
  rssWarmMiB: rssWarm,
  freshness: { validateToVisible: stats(freshness) },
  references: {
    parameterSets: side.engineTargets.length,
    engine: { targets: stats(side.engineTargets), coverage: stats(side.engineCoverage) },
    groupBy: { targets: stats(side.groupByTargets), coverage: stats(side.groupByCoverage) },
    duckdb: { targets: stats(side.duckTargets), coverage: stats(side.duckCoverage), loadSeconds: round(duckLoadSeconds) },
    engineFasterThanGroupBy: { targets: ratio(side.groupByTargets, side.engineTargets), coverage: ratio(side.groupByCoverage, side.engineCoverage) },
    engineFasterThanDuckdb: { targets: ratio(side.duckTargets, side.engineTargets), coverage: ratio(side.duckCoverage, side.engineCoverage) },
    answersAgree: agree,
  },
  goals: { firstFiguresMs: 1000, healthP99Ms: 100, rssMiB: 300, targetsP95Ms: 10, coverageP95Ms: 20, freshnessMs: 1000 },
  machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map(round), node: process.version },
  serverExit: finalStop.code,
  at: new Date().toISOString(),
};
const pad = (s: string, n: number) => s.padEnd(n);
const row = (label: string, ...cells: Array<string | number>) => console.log(`${pad(label, 52)} ${cells.map((c) => String(c).padStart(12)).join(' ')}`);
console.log(`\nrestart (compiled server, ${lineCount.toLocaleString('en')} lines)`.padEnd(53) + ['no snapshot', 'snapshots', 'again', 'goal'].map((c) => c.padStart(12)).join(' '));
const restarts = [coldWhole, coldSnapshot, coldSnapshotAgain] as Array<Record<string, never>>;
row('first targets 2016–2025, validated (ms)', ...restarts.map((r) => r.firstTargetsValidatedMs), '≤ 1000');
row('first targets 2016–2025, submitted (ms)', ...restarts.map((r) => r.firstTargetsSubmittedMs), '≤ 1000');
row('first coverage 2024–2025 (ms)', ...restarts.map((r) => r.firstCoverageMs), '');
row('/health during these, p99 (ms)', ...restarts.map((r) => (r.health as { p99: number }).p99), '≤ 100');
row('/health during these, median / max (ms)', ...restarts.map((r) => `${(r.health as { median: number }).median} / ${(r.health as { max: number }).max}`), '');
row('RSS, both bases loaded (MiB)', ...restarts.map((r) => r.rssMiB), '≤ 300');
console.log(`stop writing the snapshots: ${stopping.ms} ms (exit ${stopping.code}); ${snapshotSize.n} snapshots, ${round(snapshotSize.bytes / 1048576)} MiB in a ${databaseMiB} MiB database`);
console.log(`\n${pad('warm, over HTTP (ms)', 52)} ${['median', 'p95', 'max', 'goal'].map((c) => c.padStart(12)).join(' ')}`);
row('targets, 300 varied spans and bases', results.targets.varied.median, results.targets.varied.p95, results.targets.varied.max, 'p95 ≤ 10');
row('coverage, 200 varied cohorts, schemes, distances', results.coverage.varied.median, results.coverage.varied.p95, results.coverage.varied.max, 'p95 ≤ 20');
row('targets, same request repeated', results.targets.warm.median, results.targets.warm.p95, results.targets.warm.max, '');
row('coverage, same request repeated', results.coverage.warm.median, results.coverage.warm.p95, results.coverage.warm.max, '');
row('  again, lean client / fetch() + json()', `${results.coverage.warmLean.median} / ${results.coverage.warmThroughFetch.median}`, `${results.coverage.warmLean.p95} / ${results.coverage.warmThroughFetch.p95}`, '', '');
row('validate (another process) → figures visible', results.freshness.validateToVisible.median, results.freshness.validateToVisible.p95, results.freshness.validateToVisible.max, '≤ 1000');
console.log(`RSS after the warm runs: ${rssWarm} MiB`);
const r = results.references;
console.log(`\n${pad(`same ${r.parameterSets} parameter sets, medians (ms)`, 52)} ${['engine', 'GROUP BY', 'DuckDB', 'vs GB', 'vs DuckDB'].map((c) => c.padStart(12)).join(' ')}`);
row('targets', r.engine.targets.median, r.groupBy.targets.median, r.duckdb.targets.median, `${r.engineFasterThanGroupBy.targets}×`, `${r.engineFasterThanDuckdb.targets}×`);
row('coverage (counts per EPCI)', r.engine.coverage.median, r.groupBy.coverage.median, r.duckdb.coverage.median, `${r.engineFasterThanGroupBy.coverage}×`, `${r.engineFasterThanDuckdb.coverage}×`);
console.log(`DuckDB loaded the counted lines in ${r.duckdb.loadSeconds} s; answers agree: ${agree ? 'yes' : 'NO'}; machine: ${results.machine.cpus} CPUs, load average ${results.machine.loadAverage.join(' / ')}`);
const out = join(import.meta.dirname, 'output');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'figures.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`written: bench/output/figures.json`);

duck.closeSync();
raw.close();
await db.destroy();
if (process.env.BENCH_KEEP) console.log("kept", dbPath); else rmSync(workDir, { recursive: true, force: true });
if (!agree) process.exit(1);
