// « Ce qui a changé depuis » (issue 10): a frozen meeting against today's figures, computed the same way,
// per year, per EPCI of each cohort and per completeness total, with the reports behind the change
// (counted then and not now, now and not then, another revision, or filed since) and the sites changed.
import type { Db } from '../../db/database.ts';
import type { SiteView } from '../admin/answers.ts';
import type { CountedRevision, MeetingContent } from './snapshot.ts';

type Value = number | boolean | string | null;

export interface FieldChange {
  field: string;
  before: Value;
  after: Value;
}

export interface ReportChange {
  reportId: number;
  operator: string;
  scheme: string;
  period: string;
  change: 'now_counted' | 'no_longer_counted' | 'revised' | 'filed';
  revisionBefore: number | null;
  revisionAfter: number | null;
  status: string | null;
  events: Array<{ at: string; from: string | null; to: string }>;
}

export interface MeetingChanges {
  frozenAt: string;
  computedAt: string;
  counts: { years: number; epcis: number; completeness: number; reports: number; sites: number };
  years: Array<{ year: number; changes: FieldChange[] }>;
  epcis: Array<{ cohort: { from: number; to: number }; siren: string; name: string; changes: FieldChange[] }>;
  completeness: Array<{ year: number; changes: FieldChange[] }>;
  reports: ReportChange[];
  sites: Array<{ id: number; name: string; operatorName: string; change: 'added' | 'removed' | 'changed'; changes: FieldChange[] }>;
}

/** The fields of `before` and `after` (flat records) whose values differ. */
function differences(before: Record<string, Value>, after: Record<string, Value>): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields.filter((f) => (before[f] ?? null) !== (after[f] ?? null)).map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}

/** Totals objects are flat records of numbers. */
const flat = (totals: object) => totals as Record<string, Value>;

type YearOf = MeetingContent['targets']['years'][number];
const yearFields = (y: YearOf): Record<string, Value> => ({
  distinct: y.beneficiaries.distinct,
  accompaniments: y.beneficiaries.accompaniments,
  jobsConsolidated: y.jobsConsolidated,
  jobsCreated: y.jobsCreated,
  ...Object.fromEntries(Object.entries(y.beneficiaries.byScheme).map(([code, n]) => [`byScheme.${code}`, n])),
  ...Object.fromEntries(Object.entries(y.byStage).map(([stage, n]) => [`byStage.${stage}`, n])),
});

type EpciOf = MeetingContent['coverage'][number]['epcis'][number];
const epciFields = (e: EpciOf): Record<string, Value> => ({
  beneficiaries: e.beneficiaries,
  jobsConsolidated: e.jobsConsolidated,
  covered: e.covered,
  underserved: e.underserved,
  populationWithinDistancePct: e.populationWithinDistancePct,
  nearestSiteKm: e.nearestSiteKm,
});

const siteFields = (s: SiteView): Record<string, Value> => ({
  name: s.name,
  kind: s.kind,
  commune: s.commune,
  lat: s.lat,
  lon: s.lon,
  schemes: s.schemes.join(','),
  opened: s.opened,
  closed: s.closed,
});

function reportChanges(frozen: CountedRevision[], live: CountedRevision[]): Map<number, ReportChange> {
  const before = new Map(frozen.map((r) => [r.reportId, r]));
  const after = new Map(live.map((r) => [r.reportId, r]));
  const changes = new Map<number, ReportChange>();
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(id);
    const a = after.get(id);
    const change = !b ? 'now_counted' : !a ? 'no_longer_counted' : b.revisionId !== a.revisionId ? 'revised' : null;
    if (!change) continue;
    const ref = (a ?? b)!;
    changes.set(id, {
      reportId: id,
      operator: ref.operator,
      scheme: ref.scheme,
      period: ref.period,
      change,
      revisionBefore: b?.revision ?? null,
      revisionAfter: a?.revision ?? null,
      status: a?.status ?? null,
      events: [],
    });
  }
  return changes;
}

export async function meetingChanges(db: Db, frozen: MeetingContent, frozenAt: string, live: MeetingContent): Promise<MeetingChanges> {
  const liveYears = new Map(live.targets.years.map((y) => [y.year, y]));
  const years = frozen.targets.years
    .map((y) => ({ year: y.year, changes: differences(yearFields(y), yearFields(liveYears.get(y.year) ?? y)) }))
    .filter((y) => y.changes.length > 0);

  const epcis: MeetingChanges['epcis'] = [];
  frozen.coverage.forEach((cohort, i) => {
    const now = new Map(live.coverage[i].epcis.map((e) => [e.siren, e]));
    for (const e of cohort.epcis) {
      const changes = differences(epciFields(e), epciFields((now.get(e.siren) as EpciOf | undefined) ?? e));
      if (changes.length) epcis.push({ cohort: { from: cohort.cohort.from, to: cohort.cohort.to }, siren: e.siren, name: e.name, changes });
    }
  });

  const liveCompleteness = new Map(live.completeness.map((c) => [c.year, c]));
  const completeness = frozen.completeness
    .map((c) => ({ year: c.year, changes: differences(flat(c.totals), flat((liveCompleteness.get(c.year) ?? c).totals)) }))
    .filter((c) => c.changes.length > 0);

  // The reports behind the changes: counted differently, or with a workflow event since the freeze
  // (a report filed or returned since, which the official figures may not show yet).
  const reports = reportChanges(frozen.revisions, live.revisions);
  const { from, to } = { from: Math.min(...frozen.parameters.cohorts.map((c) => c.from)), to: Math.max(...frozen.parameters.cohorts.map((c) => c.to)) };
  const events = await db
    .selectFrom('report_events')
    .innerJoin('reports', 'reports.id', 'report_events.report_id')
    .innerJoin('report_revisions as rev', 'rev.id', 'reports.current_revision_id')
    .select(['reports.id', 'reports.operator_id', 'reports.scheme', 'reports.period', 'reports.status', 'rev.number', 'report_events.at', 'report_events.from_status', 'report_events.to_status'])
    .where('report_events.at', '>', frozenAt)
    .where('reports.year', '>=', from)
    .where('reports.year', '<=', to)
    .orderBy('report_events.id')
    .execute();
  for (const e of events) {
    let entry = reports.get(e.id);
    if (!entry) {
      entry = { reportId: e.id, operator: e.operator_id, scheme: e.scheme, period: e.period, change: 'filed', revisionBefore: null, revisionAfter: e.number, status: e.status, events: [] };
      reports.set(e.id, entry);
    }
    entry.events.push({ at: e.at, from: e.from_status, to: e.to_status });
  }

  const liveSites = new Map(live.sites.map((s) => [s.id, s]));
  const frozenSites = new Map(frozen.sites.map((s) => [s.id, s]));
  const sites: MeetingChanges['sites'] = [];
  for (const s of frozen.sites) {
    const now = liveSites.get(s.id);
    if (!now) sites.push({ id: s.id, name: s.name, operatorName: s.operatorName, change: 'removed', changes: [] });
    else {
      const changes = differences(siteFields(s), siteFields(now));
      if (changes.length) sites.push({ id: s.id, name: s.name, operatorName: s.operatorName, change: 'changed', changes });
    }
  }
  for (const s of live.sites) if (!frozenSites.has(s.id)) sites.push({ id: s.id, name: s.name, operatorName: s.operatorName, change: 'added', changes: [] });

  const reportList = [...reports.values()].sort((a, b) => a.period.localeCompare(b.period) || a.operator.localeCompare(b.operator) || a.scheme.localeCompare(b.scheme));
  return {
    frozenAt,
    computedAt: live.computedAt,
    counts: { years: years.length, epcis: epcis.length, completeness: completeness.length, reports: reportList.length, sites: sites.length },
    years,
    epcis,
    completeness,
    reports: reportList,
    sites,
  };
}
