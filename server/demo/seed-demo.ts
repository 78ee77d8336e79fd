// Writes the demo data set into an empty database at start (TERRITOIRES_DEMO=0 disables it).
// Report lines go through storeRevision and the workflow's transitionReport, exactly as uploads and
// reviews do; the times those functions stamp (now) are then set to the simulated history, so the
// same database comes out on every run and the late flags read as they would have in real life.
import { todayInParis } from '../domain/dates.ts';
import { meetingFigures, meetingParameters, sealContent } from '../meetings/snapshot.ts';
import { CompiledQuery } from 'kysely';
import type { Db } from '../../db/database.ts';
import { engineOf, positional } from '../../db/dialect.ts';
import { recordAudit } from '../audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { AppDeps } from '../context.ts';
import { storeRevision } from '../reports/store.ts';
import { transitionReport } from '../reports/workflow.ts';
import type { DemoLogin } from './accounts.ts';
import { type DemoDataset, type DemoReport, generateDemoData, REGION_OPERATOR_ID } from './generate.ts';
import { demoProfileFor } from './profiles.ts';

export interface DemoSeedResult {
  seeded: boolean;
  /** The demo accounts present in the database (all of them right after seeding) */
  logins: DemoLogin[];
}

const ACCOUNTS_CREATED_AT = '2024-01-02T08:00:00.000Z';

/** Empty: no operator but the Region itself, and no report. */
async function isEmpty(db: Db): Promise<boolean> {
  const operator = await db.selectFrom('operators').select('id').where('id', '!=', REGION_OPERATOR_ID).limit(1).executeTakeFirst();
  if (operator) return false;
  const report = await db.selectFrom('reports').select('id').limit(1).executeTakeFirst();
  return report === undefined;
}

async function presentLogins(db: Db, logins: readonly DemoLogin[]): Promise<DemoLogin[]> {
  if (logins.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select('email')
    .where('email', 'in', logins.map((l) => l.email))
    .where('disabled_at', 'is', null)
    .execute();
  const present = new Set(rows.map((r) => r.email.toLowerCase()));
  return logins.filter((l) => present.has(l.email.toLowerCase()));
}

/**
 * Seeds the demo data when the database is empty; returns the demo accounts either way, so that
 * `npm start` can print them on every start.
 */
export async function seedDemoDataIfEmpty(deps: AppDeps): Promise<DemoSeedResult> {
  const { db, geo } = deps;
  // Each region ships its own demo (profiles.ts); a region without one starts empty.
  const profile = demoProfileFor(geo.regionCode);
  if (!profile) return { seeded: false, logins: [] };
  if (!(await isEmpty(db))) return { seeded: false, logins: await presentLogins(db, profile.logins) };
  const zoneEpcis = await db.selectFrom('vigilance_zone_epcis').select('epci_siren').execute();
  const data = generateDemoData(geo, zoneEpcis.length > 0 ? { thinEpcis: new Set(zoneEpcis.map((z) => z.epci_siren)) } : {});
  const hashes = await hashEachPasswordOnce(profile.logins.map((l) => l.password));
  const seeded = await db.transaction().execute(async (trx) => {
    if (!(await isEmpty(trx))) return false; // another process seeded meanwhile
    await writeDemoData(trx, data, profile.logins, hashes);
    return true;
  });
  if (seeded) await seedDemoMeetings(deps);
  return { seeded, logins: await presentLogins(db, profile.logins) };
}

/**
 * Two committee meetings, so that the Séances pages have something to show: a COTECH whose figures were
 * frozen at seeding, and a COPRESS of the current year still in preparation.
 */
async function seedDemoMeetings(deps: AppDeps): Promise<void> {
  const { db, geo } = deps;
  const region = await db.selectFrom('users').select('id').where('role', '=', 'region').orderBy('id').executeTakeFirst();
  const year = Number(todayInParis().slice(0, 4));
  const now = new Date().toISOString();
  const base = { basis: 'validated' as const, distance_km: 20, created_at: now, created_by: region?.id ?? null, schemes: '[]' };
  const cotech = await db
    .insertInto('meetings')
    .values({ ...base, kind: 'cotech', date: todayInParis(), title: 'COTECH de démonstration', cohorts: JSON.stringify([{ from: 2024, to: 2024 }, { from: 2024, to: 2025 }]), disclosure: 'public' })
    .returningAll()
    .executeTakeFirstOrThrow();
  const { text, sha256 } = sealContent(await meetingFigures(db, geo, meetingParameters(cotech)));
  await db.updateTable('meetings').set({ frozen_at: now, frozen_by: region?.id ?? null, content: text, sha256 }).where('id', '=', cotech.id).execute();
  const copress = await db
    .insertInto('meetings')
    .values({ ...base, kind: 'copress', date: `${year}-12-15`, title: `COPRESS ${year} (en préparation)`, cohorts: JSON.stringify([{ from: 2024, to: year }]), disclosure: 'public' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const userId = region?.id ?? null;
  await recordAudit(db, { userId, action: 'meeting.create', entity: 'meeting', entityId: cotech.id, details: { demo: true } });
  await recordAudit(db, { userId, action: 'meeting.freeze', entity: 'meeting', entityId: cotech.id, details: { demo: true, sha256 } });
  await recordAudit(db, { userId, action: 'meeting.create', entity: 'meeting', entityId: copress.id, details: { demo: true } });
}

async function hashEachPasswordOnce(passwords: string[]): Promise<Map<string, string>> {
  const distinct = [...new Set(passwords)];
  const hashed = await Promise.all(distinct.map((p) => hashPassword(p)));
  return new Map(distinct.map((p, i) => [p, hashed[i] as string]));
}

async function writeDemoData(trx: Db, data: DemoDataset, logins: readonly DemoLogin[], hashes: Map<string, string>): Promise<void> {
  for (const op of data.operators) {
    await trx
      .insertInto('operators')
      .values({ id: op.id, name: op.name, siren: null, is_region: op.isRegion ? 1 : 0, is_demo: op.isDemo ? 1 : 0, created_at: op.createdAt, archived_at: null })
      .onConflict((oc) => oc.column('id').doNothing()) // the Region may exist already
      .execute();
  }

  const siteIds = new Map<string, number>();
  for (const site of data.sites) {
    const { id } = await trx
      .insertInto('sites')
      .values({
        operator_id: site.operatorId, kind: site.kind, name: site.name, address: null, commune_code: site.communeCode,
        lat: site.lat, lon: site.lon, opened_on: site.openedOn, closed_on: site.closedOn, schedule: site.schedule,
        created_at: `${site.openedOn < '2024-01-01' ? '2023-12-01' : site.openedOn}T09:00:00.000Z`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    siteIds.set(site.key, id);
    await trx.insertInto('site_schemes').values(site.schemes.map((scheme) => ({ site_id: id, scheme }))).execute();
  }

  for (const agreement of data.agreements) {
    const { id } = await trx
      .insertInto('agreements')
      .values({ operator_id: agreement.operatorId, scheme: agreement.scheme, start_date: agreement.startDate, end_date: agreement.endDate, capacity_per_year: agreement.capacityPerYear, created_at: '2023-12-15T10:00:00.000Z' })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (agreement.territories.length > 0) {
      await trx.insertInto('agreement_territories').values(agreement.territories.map((t) => ({ agreement_id: id, kind: t.kind, code: t.code }))).execute();
    }
  }

  const userIds = new Map<string, number>();
  for (const login of logins) {
    const row = await trx
      .insertInto('users')
      .values({
        email: login.email, password_hash: hashes.get(login.password) as string, role: login.role, operator_id: login.operator ?? null,
        created_at: ACCOUNTS_CREATED_AT, locked_until: null, disabled_at: null,
      })
      .onConflict((oc) => oc.column('email').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) userIds.set(login.operator ?? login.role, row.id);
  }
  const regionUser = userIds.get('region') ?? null;

  let lineCount = 0;
  const timeline: Array<{ reportId: number; at: string[] }> = [];
  const revisionTimes: Array<[revisionId: number, at: string]> = [];
  for (const report of data.reports) {
    const operatorUser = report.operatorId === REGION_OPERATOR_ID ? regionUser : (userIds.get(report.operatorId) ?? null);
    const reportId = await playReport(trx, report, siteIds, operatorUser, regionUser, revisionTimes);
    timeline.push({ reportId, at: report.steps.map((s) => s.at) });
    for (const step of report.steps) if (step.action === 'upload') lineCount += step.lines.length;
  }
  await setSimulatedTimes(trx, data.reports, timeline, revisionTimes);

  await recordAudit(trx, {
    userId: null,
    action: 'demo.seed',
    entity: 'demo',
    details: { operators: data.operators.length, sites: data.sites.length, reports: data.reports.length, lines: lineCount, accounts: userIds.size },
  });
}

/** Uploads and moves one report along the workflow; returns its id. */
async function playReport(
  trx: Db,
  report: DemoReport,
  siteIds: Map<string, number>,
  operatorUser: number | null,
  regionUser: number | null,
  revisionTimes: Array<[number, string]>,
): Promise<number> {
  let reportId: number | null = null;
  for (const step of report.steps) {
    if (step.action === 'upload') {
      const lines = step.lines.map(({ siteKey, ...line }) => ({ ...line, site: siteKey ? String(siteIds.get(siteKey)) : line.site }));
      const stored = await storeRevision(trx, {
        operatorId: report.operatorId, scheme: report.scheme, period: report.period, lines, source: 'demo', filename: null, userId: operatorUser, warnings: [],
      });
      reportId = stored.reportId;
      revisionTimes.push([stored.revisionId, step.at]);
    } else {
      if (reportId === null) throw new Error('demo report: a transition before the first upload');
      const byRegion = step.action === 'validate' || step.action === 'return';
      await transitionReport(trx, { reportId, action: step.action, userId: byRegion ? regionUser : operatorUser, comment: step.action === 'return' ? step.comment : null });
    }
  }
  if (reportId === null) throw new Error('demo report without an upload');
  return reportId;
}

/**
 * Replaces the "now" that storeRevision and transitionReport stamped by each step's simulated time.
 * Each step writes exactly one report event and one audit entry, in step order.
 */
async function setSimulatedTimes(
  trx: Db,
  reports: readonly DemoReport[],
  timeline: ReadonlyArray<{ reportId: number; at: string[] }>,
  revisionTimes: ReadonlyArray<[number, string]>,
): Promise<void> {
  const stepsByReport = new Map(timeline.map((t) => [t.reportId, t.at]));
  const events = await trx.selectFrom('report_events').select(['id', 'report_id']).orderBy('id').execute();
  const audits = await trx.selectFrom('audit_log').select(['id', 'report_id']).where('report_id', 'is not', null).orderBy('id').execute();
  await setTimes(trx, 'report_events', 'at', zipByReport(events, stepsByReport));
  await setTimes(trx, 'audit_log', 'at', zipByReport(audits, stepsByReport));
  await setTimes(trx, 'report_revisions', 'created_at', revisionTimes);

  for (const [index, report] of reports.entries()) {
    const entry = timeline[index];
    if (!entry) continue;
    const at = (action: string) => report.steps.filter((s) => s.action === action).map((s) => s.at).pop() ?? null;
    const status = report.steps[report.steps.length - 1]?.action;
    await trx
      .updateTable('reports')
      .set({
        created_at: entry.at[0] as string,
        updated_at: entry.at[entry.at.length - 1] as string,
        submitted_at: status === 'upload' ? null : at('submit'),
        validated_at: status === 'validate' ? at('validate') : null,
      })
      .where('id', '=', entry.reportId)
      .execute();
  }
}

/** Pairs each row (in id order) with its report's next step time. */
function zipByReport(rows: ReadonlyArray<{ id: number; report_id: number | null }>, stepsByReport: Map<number, string[]>): Array<[number, string]> {
  const seen = new Map<number, number>();
  const pairs: Array<[number, string]> = [];
  for (const row of rows) {
    if (row.report_id === null) continue;
    const steps = stepsByReport.get(row.report_id);
    const index = seen.get(row.report_id) ?? 0;
    seen.set(row.report_id, index + 1);
    const at = steps?.[index];
    if (at) pairs.push([row.id, at]);
  }
  return pairs;
}

/** One UPDATE … FROM (VALUES …) per 500 rows. */
async function setTimes(trx: Db, table: 'report_events' | 'audit_log' | 'report_revisions', column: 'at' | 'created_at', pairs: ReadonlyArray<[number, string]>): Promise<void> {
  for (let start = 0; start < pairs.length; start += 500) {
    const chunk = pairs.slice(start, start + 500);
    const values = chunk.map(() => '(?, ?)').join(',');
    await trx.executeQuery(
      CompiledQuery.raw(positional(engineOf(trx), `UPDATE ${table} SET ${column} = v.column2 FROM (VALUES ${values}) AS v WHERE ${table}.id = CAST(v.column1 AS INTEGER)`), chunk.flat()),
    );
  }
}
