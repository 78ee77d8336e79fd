// Figures at national scale: 1,000,000 synthetic report lines (thousands of operators over ten years),
// then, in one run: latency of /figures/targets and /figures/coverage through the app (cold and warm,
// parameters varied), time from validating a report to its figures being visible, and the baseline of
// the same figures by a plain GROUP BY over the raw lines. Writes bench/output/figures.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { createDatabase } from '../db/database.ts';
import { loadGeography } from '../geo/load-geography.ts';
import { createApp } from '../server/app.ts';
import { testConfig } from '../server/config.ts';
import { FactStore } from '../server/figures/facts.ts';
import { transitionReport } from '../server/reports/workflow.ts';
import { sessionFor } from '../test/helpers/app.ts';

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

/** Seeded PRNG (mulberry32): the same dataset every run. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
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
const insertAgreement = raw.prepare('INSERT INTO agreements (operator_id, scheme, start_date, end_date, created_at) VALUES (?, ?, ?, ?, ?)');
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
    insertAgreement.run(operatorId, code, '2016-01-01', '2025-12-31', stamp);
    const home = weightedCommune();
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

// --- 2. Routes ----------------------------------------------------------------------------------
const app = createApp({ db, config: testConfig({ databasePath: dbPath }), geo });
const { headers } = await sessionFor(db, 'region');
async function get(path: string): Promise<{ ms: number; body: unknown }> {
  const started = now();
  const response = await app.request(path, { headers });
  const body = await response.json();
  const ms = now() - started;
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
  return { ms, body };
}

const spans: Array<[number, number]> = [];
for (let from = 2016; from <= 2025; from++) for (let to = from; to <= Math.min(2025, from + 4); to++) spans.push([from, to]);
const schemeSets = ['ACCESS', 'ACCESS,DLA', 'ACCESS,DLA,FIDESS,DASESS', 'DLA,DASESS', 'FIDESS', 'ACCESS,DLA,FIDESS,DASESS,BUSINESS'];
const targetsUrl = () => {
  const [from, to] = pick(spans);
  return `/api/v1/figures/targets?from=${from}&to=${to}&basis=${pick(['validated', 'submitted'])}`;
};
const coverageUrl = () => {
  const [from, to] = pick(spans);
  return `/api/v1/figures/coverage?from=${from}&to=${to}&basis=${pick(['validated', 'submitted'])}&schemes=${pick(schemeSets)}&distanceKm=${pick([10, 15, 20, 30])}`;
};

const debug = (...args: unknown[]) => process.env.BENCH_DEBUG && console.log(...args);
debug('routes');

/**
 * A restart, side by side (issue 14): a fresh handle on the same file (its mirror is empty) answers the first
 * targets request while /health is asked every 10 ms; once with the chunked load, once in one go.
 */
async function coldStart(chunk: number): Promise<{ firstMs: number; health: ReturnType<typeof stats> }> {
  const original = FactStore.LOAD_CHUNK;
  FactStore.LOAD_CHUNK = chunk;
  const fresh = await createDatabase(dbPath);
  const freshApp = createApp({ db: fresh, config: testConfig({ databasePath: dbPath }), geo });
  const freshHeaders = (await sessionFor(fresh, 'region')).headers;
  // Each /health is asked 10 ms after the previous answer: its latency counts from then, so that a request
  // that could not even be sent (the event loop held by the load) is measured too.
  const health: number[] = [];
  let loading = true;
  const poll = (async () => {
    while (loading) {
      const due = now() + 10;
      await new Promise((resolve) => setTimeout(resolve, 10));
      await freshApp.request('/api/v1/health');
      health.push(Math.max(0, now() - due)); // from when it was due: the time the event loop was held counts
    }
  })();
  const started = now();
  const response = await freshApp.request('/api/v1/figures/targets?from=2016&to=2025&basis=validated', { headers: freshHeaders });
  await response.json();
  const firstMs = now() - started;
  loading = false;
  await poll;
  FactStore.LOAD_CHUNK = original;
  await fresh.destroy();
  return { firstMs: round(firstMs), health: { ...stats(health), p99: round([...health].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.99 * health.length) - 1)]) } as ReturnType<typeof stats> };
}
const coldChunked = await coldStart(FactStore.LOAD_CHUNK);
const coldWhole = await coldStart(Number.MAX_SAFE_INTEGER);
debug('cold starts', coldChunked, coldWhole);

const targetsCold = (await get('/api/v1/figures/targets?from=2016&to=2025&basis=validated')).ms;
const coverageCold = (await get('/api/v1/figures/coverage?from=2024&to=2025&basis=validated')).ms;
debug('cold', targetsCold, coverageCold);
const targetsSamples: number[] = [];
const coverageSamples: number[] = [];
for (let i = 0; i < 300; i++) targetsSamples.push((await get(targetsUrl())).ms);
debug('targets varied', stats(targetsSamples));
for (let i = 0; i < 200; i++) coverageSamples.push((await get(coverageUrl())).ms);
debug('coverage varied', stats(coverageSamples));
const targetsWarm: number[] = [];
const coverageWarm: number[] = [];
for (let i = 0; i < 100; i++) targetsWarm.push((await get('/api/v1/figures/targets?from=2024&to=2025&basis=validated')).ms);
for (let i = 0; i < 100; i++) coverageWarm.push((await get('/api/v1/figures/coverage?from=2024&to=2025&basis=validated')).ms);

// --- 3. Freshness: validate a submitted report, then read the figures ------------------------------
const freshness: number[] = [];
const validateOnly: number[] = [];
const readAfter: number[] = [];
for (const { id, year } of submittedReports.filter((r) => r.year === 2025).slice(0, 15)) {
  const before = (await get(`/api/v1/figures/targets?from=${year}&to=${year}&basis=validated`)).body as { years: Array<{ beneficiaries: { accompaniments: number } }> };
  const started = now();
  await db.transaction().execute((trx) => transitionReport(trx, { reportId: id, action: 'validate', userId: null }));
  const validated = now();
  const after = (await get(`/api/v1/figures/targets?from=${year}&to=${year}&basis=validated`)).body as typeof before;
  const visible = now();
  if (after.years[0].beneficiaries.accompaniments === before.years[0].beneficiaries.accompaniments) {
    // Every line of the report may belong to beneficiaries already counted: still fresh, just unchanged.
  }
  freshness.push(visible - started);
  validateOnly.push(validated - started);
  readAfter.push(visible - validated);
}

// --- 4. Baseline: the same figures by a plain GROUP BY over the raw lines ------------------------------
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
  FROM per_identity p GROUP BY p.year`);
const baselineCoverage = raw.prepare(`
  SELECT l.epci_siren, count(DISTINCT l.identity) AS beneficiaries
  FROM reports r JOIN report_lines l ON l.revision_id = r.current_revision_id
  WHERE r.year BETWEEN ? AND ? AND r.status IN (SELECT value FROM json_each(?)) AND r.scheme IN (SELECT value FROM json_each(?))
  GROUP BY l.epci_siren`);
const statusesOf = (basis: string) => JSON.stringify(basis === 'validated' ? ['validated'] : ['validated', 'submitted']);
const baselineTargetsSamples: number[] = [];
const baselineCoverageSamples: number[] = [];
for (let i = 0; i < 8; i++) {
  const [from, to] = pick(spans);
  const started = now();
  baselineTargets.all(from, to, statusesOf(pick(['validated', 'submitted'])));
  baselineTargetsSamples.push(now() - started);
}
for (let i = 0; i < 8; i++) {
  const [from, to] = pick(spans);
  const started = now();
  baselineCoverage.all(from, to, statusesOf(pick(['validated', 'submitted'])), JSON.stringify(pick(schemeSets).split(',')));
  baselineCoverageSamples.push(now() - started);
}
// Check on one case that the engine and the baseline agree.
const check = (await get('/api/v1/figures/targets?from=2020&to=2020&basis=validated')).body as { years: Array<{ beneficiaries: { distinct: number }; jobsConsolidated: number }> };
const baseline2020 = baselineTargets.all(2020, 2020, statusesOf('validated')) as Array<{ distinct_beneficiaries: number; jobs: number }>;
const agree = check.years[0].beneficiaries.distinct === baseline2020[0].distinct_beneficiaries && Math.abs(check.years[0].jobsConsolidated - baseline2020[0].jobs) < 0.01;

// --- 5. Report --------------------------------------------------------------------------------------
const results = {
  dataset: { lines: lineCount, reports: reportCount, operators: OPERATORS, years: `${YEARS[0]}–${YEARS[YEARS.length - 1]}`, factRows, buildSeconds: round(loadSeconds) },
  coldStart: { chunked: coldChunked, wholeLoad: coldWhole, chunkRows: FactStore.LOAD_CHUNK },
  targets: { coldMs: round(targetsCold), varied: stats(targetsSamples), warm: stats(targetsWarm) },
  coverage: { coldMs: round(coverageCold), varied: stats(coverageSamples), warm: stats(coverageWarm) },
  freshness: { validateToVisible: stats(freshness), validateOnly: stats(validateOnly), firstReadAfter: stats(readAfter) },
  baseline: { targets: stats(baselineTargetsSamples), coverage: stats(baselineCoverageSamples), agreesWithEngine: agree },
  goal: { p95Ms: 50, freshnessMs: 1000 },
  machine: { cpus: os.cpus().length, loadAverage1m: round(os.loadavg()[0]), node: process.version },
  at: new Date().toISOString(),
};
const pad = (s: string, n: number) => s.padEnd(n);
const row = (label: string, median: number, p95: number, ratio: string) =>
  console.log(`${pad(label, 46)} ${String(median).padStart(9)} ${String(p95).padStart(9)}   ${ratio}`);
console.log(`\n${pad('measure (ms)', 46)} ${'median'.padStart(9)} ${'p95'.padStart(9)}   vs GROUP BY baseline (median)`);
row('restart: first targets, chunked load', coldChunked.firstMs, coldChunked.firstMs, `whole load ${coldWhole.firstMs}`);
row('restart: /health during it, chunked', coldChunked.health.median, coldChunked.health.p95, `p99 ${(coldChunked.health as { p99?: number }).p99}, max ${coldChunked.health.max}`);
row('restart: /health during it, whole load', coldWhole.health.median, coldWhole.health.p95, `p99 ${(coldWhole.health as { p99?: number }).p99}, max ${coldWhole.health.max}`);
row('targets, first request (cold mirror)', results.targets.coldMs, results.targets.coldMs, '');
row('targets, varied spans and bases', results.targets.varied.median, results.targets.varied.p95, `${round(results.baseline.targets.median / results.targets.varied.median)}× faster`);
row('targets, same request repeated', results.targets.warm.median, results.targets.warm.p95, '');
row('coverage, first request (cold)', results.coverage.coldMs, results.coverage.coldMs, '');
row('coverage, varied cohorts/schemes/distances', results.coverage.varied.median, results.coverage.varied.p95, `${round(results.baseline.coverage.median / results.coverage.varied.median)}× faster`);
row('coverage, same request repeated', results.coverage.warm.median, results.coverage.warm.p95, '');
row('validate → figures visible', results.freshness.validateToVisible.median, results.freshness.validateToVisible.p95, `max ${results.freshness.validateToVisible.max}`);
row('baseline GROUP BY, targets', results.baseline.targets.median, results.baseline.targets.p95, '');
row('baseline GROUP BY, coverage counts only', results.baseline.coverage.median, results.baseline.coverage.p95, '');
console.log(`engine agrees with the baseline on 2020: ${agree ? 'yes' : 'NO'}; machine: ${results.machine.cpus} CPUs, load average ${results.machine.loadAverage1m}`);
const out = join(import.meta.dirname, 'output');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'figures.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`written: bench/output/figures.json`);

raw.close();
await db.destroy();
if (process.env.BENCH_KEEP) console.log("kept", dbPath); else rmSync(workDir, { recursive: true, force: true });
if (!agree) process.exit(1);
