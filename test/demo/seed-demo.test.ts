import { createHash } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Db } from '../../db/database.ts';
import { freshDatabase } from '../helpers/database.ts';
import { loadGeography } from '../../geo/load-geography.ts';
import { verifyPassword } from '../../server/auth/passwords.ts';
import { testConfig } from '../../server/config.ts';
import { DEMO_LOGINS } from '../../server/demo/accounts.ts';
import { type DemoSeedResult, seedDemoDataIfEmpty } from '../../server/demo/seed-demo.ts';
import { parsePeriod } from '../../server/domain/periods.ts';
import { ingestFile } from '../../server/ingest/index.ts';
import { linesToCsv } from '../../server/ingest/export-lines.ts';
import { expectedReports, timeliness } from '../../server/reports/expected.ts';
import { addOperator } from '../helpers/app.ts';

const geo = loadGeography('32');
const seed = (db: Db) => seedDemoDataIfEmpty({ db, config: testConfig(), geo });

/** A digest of everything seeding writes, except password hashes (salted) and the seeding's own audit entry. */
async function digest(db: Db): Promise<string> {
  const hash = createHash('sha256');
  const add = (rows: unknown[]) => hash.update(JSON.stringify(rows));
  add(await db.selectFrom('operators').selectAll().where('id', '!=', 'region-hdf').orderBy('id').execute());
  add(await db.selectFrom('sites').selectAll().orderBy('id').execute());
  add(await db.selectFrom('site_schemes').selectAll().orderBy('site_id').orderBy('scheme').execute());
  add(await db.selectFrom('agreements').selectAll().orderBy('id').execute());
  add(await db.selectFrom('agreement_territories').selectAll().orderBy('agreement_id').orderBy('code').execute());
  add(await db.selectFrom('users').select(['id', 'email', 'role', 'operator_id', 'created_at']).orderBy('id').execute());
  add(await db.selectFrom('reports').selectAll().orderBy('id').execute());
  add(await db.selectFrom('report_revisions').selectAll().orderBy('id').execute());
  add(await db.selectFrom('report_lines').selectAll().orderBy('id').execute());
  add(await db.selectFrom('report_events').selectAll().orderBy('id').execute());
  // The demo meetings freeze the figures of the moment they are seeded (timestamps, hashes): left out here,
  // test/committees covers freezing.
  add(await db.selectFrom('audit_log').selectAll().where('action', '!=', 'demo.seed').where('entity', '!=', 'meeting').orderBy('id').execute());
  return hash.digest('hex');
}

/** Counting rules 2–5 straight from the lines of validated reports: distinct identities, per identity the year's largest jobs. */
async function yearTotals(db: Db, year: number) {
  const rows = await db
    .selectFrom('reports as r')
    .innerJoin('report_lines as l', 'l.revision_id', 'r.current_revision_id')
    .select(['l.identity', 'l.epci_siren'])
    .select((eb) => eb.fn.max('l.jobs_consolidated_fte').as('jobs'))
    .where('r.status', '=', 'validated')
    .where('r.year', '=', year)
    .groupBy(['l.identity', 'l.epci_siren'])
    .execute();
  const jobs = new Map<string, number>();
  const byEpci = new Map<string, Set<string>>();
  for (const row of rows) {
    jobs.set(row.identity, Math.max(jobs.get(row.identity) ?? 0, Number(row.jobs)));
    byEpci.set(row.epci_siren, (byEpci.get(row.epci_siren) ?? new Set()).add(row.identity));
  }
  return { distinct: jobs.size, jobs: [...jobs.values()].reduce((a, b) => a + b, 0), byEpci };
}

let db: Db;
let first: DemoSeedResult;

const seeding = suite('seedDemoDataIfEmpty');

seeding.before(async () => {
  db = await freshDatabase();
  first = await seed(db);
});

seeding('seeds an empty database and returns every demo login', () => {
  assert.is(first.seeded, true);
  assert.equal(first.logins.map((l) => l.email), DEMO_LOGINS.map((l) => l.email));
  assert.equal([...new Set(first.logins.map((l) => l.role))].sort(), ['cotech', 'operator', 'region']);
  for (const login of first.logins) assert.ok(login.password.length >= 10, login.email);
});

seeding('does not seed again on the next start, and still returns the logins', async () => {
  const reportsBefore = await db.selectFrom('reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const again = await seed(db);
  assert.is(again.seeded, false);
  assert.equal(again.logins, first.logins);
  const reportsAfter = await db.selectFrom('reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.is(reportsAfter.n, reportsBefore.n);
});

seeding('writes the same database every time', async () => {
  const other = await freshDatabase();
  await seed(other);
  assert.is(await digest(other), await digest(db));
});

seeding('leaves a database with real operators alone, and lists no demo login', async () => {
  const real = await freshDatabase();
  await addOperator(real, 'un-operateur');
  const result = await seed(real);
  assert.is(result.seeded, false);
  assert.equal(result.logins, []);
  const reports = await real.selectFrom('reports').select('id').execute();
  assert.is(reports.length, 0);
});

seeding('the demo accounts log in with the passwords printed at start', async () => {
  for (const login of [DEMO_LOGINS[0]!, DEMO_LOGINS[2]!]) {
    const user = await db.selectFrom('users').select(['password_hash', 'role', 'operator_id']).where('email', '=', login.email).executeTakeFirstOrThrow();
    assert.ok(await verifyPassword(login.password, user.password_hash), login.email);
    assert.is(user.role, login.role);
    assert.is(user.operator_id, login.operator ?? null);
  }
});

seeding('labels every operator as demo data, each with a head office, the nine ACC’ESS operators among them', async () => {
  const operators = await db.selectFrom('operators').selectAll().where('is_region', '=', 0).execute();
  assert.is(operators.length, 16);
  for (const operator of operators) {
    assert.is(operator.is_demo, 1, operator.id);
    assert.match(operator.name, /\(démo\)$/);
    const hq = await db.selectFrom('sites').select('id').where('operator_id', '=', operator.id).where('kind', '=', 'hq').execute();
    assert.is(hq.length, 1, `${operator.id} head office`);
  }
  const access = await db.selectFrom('agreements').select('operator_id').where('scheme', '=', 'ACCESS').execute();
  assert.is(access.length, 9);
  const unlabelledSites = await db.selectFrom('sites').leftJoin('site_schemes', 'site_schemes.site_id', 'sites.id').select('sites.id').where('site_schemes.scheme', 'is', null).execute();
  assert.equal(unlabelledSites, [], 'every site offers its operator’s scheme');
});

seeding('yearly totals from the lines, by the counting rules, are close to the roadmap’s targets', async () => {
  for (const year of [2024, 2025]) {
    const totals = await yearTotals(db, year);
    assert.ok(totals.distinct >= 650 && totals.distinct <= 800, `${year}: ${totals.distinct} distinct beneficiaries`);
    assert.ok(totals.jobs >= 3600 && totals.jobs <= 4600, `${year}: ${Math.round(totals.jobs)} consolidated jobs`);
  }
});

seeding('vigilance-zone EPCIs have fewer beneficiaries per inhabitant than the region', async () => {
  const zones = await db.selectFrom('vigilance_zone_epcis').selectAll().execute();
  assert.ok(zones.length > 0, 'the default zones exist');
  const { byEpci } = await yearTotals(db, 2025);
  const rate = (sirens: string[]) => {
    const people = sirens.reduce((sum, s) => sum + (geo.epcis.get(s)?.population ?? 0), 0);
    const beneficiaries = sirens.reduce((sum, s) => sum + (byEpci.get(s)?.size ?? 0), 0);
    return beneficiaries / people;
  };
  const region = rate([...geo.epcis.keys()]);
  for (const zone of new Set(zones.map((z) => z.zone_id))) {
    const zoneRate = rate(zones.filter((z) => z.zone_id === zone).map((z) => z.epci_siren));
    assert.ok(zoneRate < region * 0.8, `${zone}: ${(zoneRate * 1e4).toFixed(2)} vs ${(region * 1e4).toFixed(2)} per 10,000`);
  }
});

seeding('leaves some EPCIs without a beneficiary in a year, fewer over the 2024–2026 cohort', async () => {
  const covered = async (year: number) => new Set((await yearTotals(db, year)).byEpci.keys());
  const uncovered = (set: Set<string>) => [...geo.epcis.keys()].filter((s) => !set.has(s)).length;
  const covered2025 = await covered(2025);
  const cohort = new Set([...(await covered(2024)), ...covered2025, ...(await covered(2026))]);
  assert.ok(uncovered(covered2025) >= 3 && uncovered(covered2025) <= 30, `2025: ${uncovered(covered2025)} uncovered`);
  assert.ok(uncovered(cohort) < uncovered(covered2025), `cohort: ${uncovered(cohort)} uncovered`);
});

seeding('stores every line in a commune of the region, with that commune’s EPCI', async () => {
  const places = await db.selectFrom('report_lines').select(['commune_code', 'epci_siren']).distinct().execute();
  for (const { commune_code, epci_siren } of places) {
    assert.is(geo.communes.get(commune_code)?.epciSiren, epci_siren, commune_code);
    assert.ok(geo.epcis.has(epci_siren));
  }
});

seeding('every current report passes the upload validation of its scheme when exported and uploaded again', async () => {
  const reports = await db.selectFrom('reports').select(['id', 'operator_id', 'scheme', 'period', 'current_revision_id']).execute();
  const rulesByScheme = new Map<string, Awaited<ReturnType<typeof loadRules>>>();
  const loadRules = (scheme: string) => db.selectFrom('scheme_rules').selectAll().where('scheme', '=', scheme).where('enabled', '=', 1).execute();
  let warnings = 0;
  for (const report of reports) {
    const lines = await db.selectFrom('report_lines').selectAll().where('revision_id', '=', report.current_revision_id).orderBy('line_no').execute();
    const sites = await db.selectFrom('sites').select('id').where('operator_id', '=', report.operator_id).execute();
    if (!rulesByScheme.has(report.scheme)) rulesByScheme.set(report.scheme, await loadRules(report.scheme));
    const result = await ingestFile(new TextEncoder().encode(linesToCsv(lines)), 'csv', {
      geo, operatorId: report.operator_id, scheme: report.scheme, period: parsePeriod(report.period)!,
      rules: rulesByScheme.get(report.scheme)!, siteIds: new Set(sites.map((s) => String(s.id))),
    });
    assert.ok(result.ok, `${report.operator_id}/${report.scheme}/${report.period}: ${result.ok ? '' : JSON.stringify(result.errors.slice(0, 2))}`);
    if (result.ok) {
      assert.is(result.lines.length, lines.length);
      warnings += result.warnings.length;
    }
  }
  assert.ok(warnings < 20, `${warnings} warnings`);
});

seeding('gives the review queue, completeness and late flags something to show', async () => {
  const statuses = async (period: string) =>
    (await db.selectFrom('reports').select(['operator_id', 'status']).where('period', '=', period).execute()).map((r) => r.status);
  for (const period of ['2025-Q4', '2026-Q3']) {
    const found = new Set(await statuses(period));
    for (const status of ['validated', 'submitted', 'draft', 'returned']) assert.ok(found.has(status as never), `${period} has a ${status} report`);
  }
  const returned = await db
    .selectFrom('report_events')
    .innerJoin('reports', 'reports.id', 'report_events.report_id')
    .select(['report_events.comment'])
    .where('report_events.to_status', '=', 'returned')
    .where('reports.status', '=', 'returned')
    .execute();
  assert.ok(returned.length >= 2 && returned.every((e) => (e.comment ?? '').length > 20), 'returned reports carry the Region’s comment');

  const filed = new Set((await db.selectFrom('reports').select(['operator_id', 'scheme', 'period']).execute()).map((r) => `${r.operator_id}/${r.scheme}/${r.period}`));
  const expected = await expectedReports(db, { today: '2026-11-23' });
  const missing = expected.map((e) => `${e.operatorId}/${e.scheme}/${e.period.year}-Q${e.period.quarter}`).filter((key) => !filed.has(key));
  assert.equal(missing.filter((m) => !m.endsWith('2026-Q4')), ['dla-60/DLA/2025-Q4', 'dla-02/DLA/2026-Q3', 'la-chambre-d-eau/ACCESS/2026-Q3']);

  const late = await db.selectFrom('reports').select(['period', 'submitted_at']).where('period', '=', '2025-Q4').where('status', '=', 'submitted').executeTakeFirstOrThrow();
  assert.ok(timeliness(parsePeriod(late.period)!, 30, late.submitted_at, '2026-11-23').late, 'a 2025-Q4 report filed in autumn 2026 is late');
  const onTime = await db.selectFrom('reports').select(['period', 'submitted_at']).where('period', '=', '2025-Q3').where('status', '=', 'validated').execute();
  const lateShare = onTime.filter((r) => timeliness(parsePeriod(r.period)!, 30, r.submitted_at, '2026-11-23').late).length / onTime.length;
  assert.ok(lateShare < 0.3, `most 2025-Q3 reports were on time (${Math.round(lateShare * 100)} % late)`);
});

seeding('keeps each report’s history in time order, before late November 2026', async () => {
  const events = await db.selectFrom('report_events').select(['report_id', 'at']).orderBy('id').execute();
  const last = new Map<number, string>();
  for (const event of events) {
    assert.ok(event.at > (last.get(event.report_id) ?? ''), `report ${event.report_id} at ${event.at}`);
    assert.ok(event.at < '2026-11-23', event.at);
    last.set(event.report_id, event.at);
  }
  const reports = await db.selectFrom('reports').selectAll().execute();
  for (const report of reports) {
    assert.is(report.updated_at, last.get(report.id), `report ${report.id} updated_at`);
    if (report.status === 'validated') assert.ok(report.submitted_at! < report.validated_at!, `report ${report.id}`);
    assert.ok(report.created_at > `${report.year}-`, `report ${report.id} created after its quarter began`);
  }
});

seeding('stores lines whose site is one of their operator’s sites, or a visit or remote support', async () => {
  const rows = await db
    .selectFrom('report_lines as l')
    .innerJoin('report_revisions as v', 'v.id', 'l.revision_id')
    .innerJoin('reports as r', 'r.id', 'v.report_id')
    .select(['l.site', 'r.operator_id'])
    .execute();
  assert.ok(rows.length > 0);
  const siteOwners = new Map((await db.selectFrom('sites').select(['id', 'operator_id']).execute()).map((s) => [String(s.id), s.operator_id]));
  for (const row of rows) {
    if (row.site === null || row.site === 'visite' || row.site === 'distance') continue;
    assert.is(siteOwners.get(row.site), row.operator_id, `site ${row.site}`);
  }
});

seeding.run();
