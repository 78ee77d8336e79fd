// What a committee meeting shows, computed by the same functions as the figure routes, and frozen
// verbatim (issue 10): targets per year over the meeting's years, coverage per cohort (EPCIs and their
// summaries), completeness per year, the sites on the maps, the report revisions that counted and, for a
// COPRESS meeting, the yearly report. The exact figures are stored; a public meeting masks small numbers
// when it is shown, with the threshold frozen with it, so that it reads the same months later.
import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import type { Meeting } from '../../db/schema.ts';
import type { Geography } from '../../geo/geography.ts';
import type { SiteView } from '../admin/answers.ts';
import { readSecrecySettings } from '../admin/reference-data.ts';
import { listSites } from '../admin/sites.ts';
import { type AnnualReport, annualReport } from '../figures/annual-report.ts';
import type { Basis } from '../figures/facts.ts';
import { type CompletenessFigures, type CoverageFigures, completenessFigures, coverageFigures, type TargetsResult, targetsFigures } from '../figures/service.ts';

export interface Cohort {
  from: number;
  to: number;
}

export interface MeetingParameters {
  kind: 'cotech' | 'copress';
  date: string;
  title: string;
  cohorts: Cohort[];
  schemes: string[];
  basis: Basis;
  distanceKm: number;
  disclosure: 'public' | 'internal';
}

/** A report revision the figures counted: what a later change is explained by. */
export interface CountedRevision {
  reportId: number;
  operator: string;
  scheme: string;
  period: string;
  status: string;
  revision: number;
  revisionId: number;
}

export interface MeetingContent {
  /** Version of this layout, for readers of old meetings */
  format: 1;
  parameters: MeetingParameters;
  computedAt: string;
  /** Small-number threshold when frozen: a public meeting is masked with it */
  threshold: number;
  targets: TargetsResult;
  coverage: CoverageFigures[];
  completeness: CompletenessFigures[];
  sites: SiteView[];
  revisions: CountedRevision[];
  annualReport: AnnualReport | null;
}

export function meetingParameters(row: Meeting): MeetingParameters {
  return {
    kind: row.kind,
    date: row.date,
    title: row.title,
    cohorts: JSON.parse(row.cohorts) as Cohort[],
    schemes: JSON.parse(row.schemes) as string[],
    basis: row.basis,
    distanceKm: row.distance_km,
    disclosure: row.disclosure,
  };
}

/** The span of years the meeting's cohorts cover. */
export function meetingYears(parameters: MeetingParameters): { from: number; to: number } {
  return { from: Math.min(...parameters.cohorts.map((c) => c.from)), to: Math.max(...parameters.cohorts.map((c) => c.to)) };
}

/** Reports whose current revision the figures of `basis` count, over the years `from`–`to`. */
export async function countedRevisions(db: Db, basis: Basis, from: number, to: number): Promise<CountedRevision[]> {
  const statuses = basis === 'validated' ? ['validated'] : ['validated', 'submitted'];
  const rows = await db
    .selectFrom('reports')
    .innerJoin('report_revisions', 'report_revisions.id', 'reports.current_revision_id')
    .select(['reports.id', 'reports.operator_id', 'reports.scheme', 'reports.period', 'reports.status', 'report_revisions.number', 'report_revisions.id as revision_id'])
    .where('reports.year', '>=', from)
    .where('reports.year', '<=', to)
    .where('reports.status', 'in', statuses as Array<'validated' | 'submitted'>)
    .orderBy('reports.id')
    .execute();
  return rows.map((r) => ({ reportId: r.id, operator: r.operator_id, scheme: r.scheme, period: r.period, status: r.status, revision: r.number, revisionId: r.revision_id }));
}

/** Every figure the meeting's pages show, computed now. */
export async function meetingFigures(db: Db, geo: Geography, parameters: MeetingParameters, today?: string): Promise<MeetingContent> {
  const { from, to } = meetingYears(parameters);
  const { basis, distanceKm } = parameters;
  const schemes = parameters.schemes.length ? parameters.schemes : undefined;
  const targets = await targetsFigures(db, { basis, from, to, operatorId: null, today });
  const coverage: CoverageFigures[] = [];
  for (const cohort of parameters.cohorts) coverage.push(await coverageFigures(db, geo, { basis, ...cohort, schemes, distanceKm, operatorId: null, today }));
  const completeness: CompletenessFigures[] = [];
  for (let year = from; year <= to; year++) completeness.push(await completenessFigures(db, year, null, today));
  const { smallCountThreshold } = await readSecrecySettings(db);
  const yearly =
    parameters.kind === 'copress' ? await annualReport(db, geo, { year: to, basis, disclosure: { mode: 'internal', threshold: smallCountThreshold }, today }) : null;
  return {
    format: 1,
    parameters,
    computedAt: new Date().toISOString(),
    threshold: smallCountThreshold,
    targets,
    coverage,
    completeness,
    sites: await listSites(db, geo, {}),
    revisions: await countedRevisions(db, basis, from, to),
    annualReport: yearly,
  };
}

/** The frozen text and its SHA-256: what is stored is exactly what is hashed. */
export function sealContent(content: MeetingContent): { text: string; sha256: string } {
  const text = JSON.stringify(content);
  return { text, sha256: createHash('sha256').update(text).digest('hex') };
}
