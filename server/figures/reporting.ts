// How far a year's reporting has come (issue 10): figures of a year whose quarters are still being
// reported must say so, and a cohort with no due report yet has no figures to show, only « pas encore
// de données ». A quarter is « reçu » once its reports are due (report_due_days after its end).
import { periodDue } from '../domain/periods.ts';

export interface YearReporting {
  year: number;
  /** Quarters of the year whose reports are due by today (0–4) */
  quartersDue: number;
  complete: boolean;
  /** null for a complete year; « année en cours : T1–T3 reçus », « pas encore de données » otherwise */
  label: string | null;
}

/** Number of quarters of `year` whose reports are due by `today` (0–4). */
export function dueQuarters(year: number, today: string, dueDays: number): number {
  return ([1, 2, 3, 4] as const).filter((quarter) => periodDue({ year, quarter }, dueDays) < today).length;
}

export function reportingLabel(quartersDue: number): string | null {
  if (quartersDue >= 4) return null;
  if (quartersDue === 0) return 'pas encore de données';
  return quartersDue === 1 ? 'année en cours : T1 reçu' : `année en cours : T1–T${quartersDue} reçus`;
}

export function yearReporting(year: number, today: string, dueDays: number): YearReporting {
  const quartersDue = dueQuarters(year, today, dueDays);
  return { year, quartersDue, complete: quartersDue === 4, label: reportingLabel(quartersDue) };
}

export interface CohortReporting {
  complete: boolean;
  /** No quarter of the cohort is due yet: there is nothing to map */
  noDataYet: boolean;
  /** The years still being reported or not started, labelled */
  incomplete: YearReporting[];
  label: string | null;
}

export function cohortReporting(from: number, to: number, today: string, dueDays: number): CohortReporting {
  const years: YearReporting[] = [];
  for (let year = from; year <= to; year++) years.push(yearReporting(year, today, dueDays));
  const incomplete = years.filter((y) => !y.complete);
  const noDataYet = years.every((y) => y.quartersDue === 0);
  const label = noDataYet
    ? 'pas encore de données'
    : incomplete.length
      ? incomplete.map((y) => `${y.year} : ${y.quartersDue === 0 ? 'pas encore de données' : y.label}`).join(' ; ')
      : null;
  return { complete: incomplete.length === 0, noDataYet, incomplete, label };
}
