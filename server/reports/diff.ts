// What changed between two revisions of a report (issue 9): lines matched by their beneficiary reference
// (case-insensitive, as the upload matches duplicates), each changed field with its value before and after.
import type { ReportLine } from '../../db/schema.ts';
import { COLUMN_BY_KEY, type ColumnKey } from '../ingest/columns.ts';
import { toLineJson } from './serialize.ts';

type LineJson = ReturnType<typeof toLineJson>;

/** The fields compared, in the template's order; the line number and the derived EPCI are not the report's content. */
const COMPARED: ReadonlyArray<[field: keyof LineJson, column: ColumnKey]> = [
  ['siret', 'siret'],
  ['beneficiary_type', 'beneficiary_type'],
  ['legal_form', 'legal_form'],
  ['commune', 'commune'],
  ['stage', 'stage'],
  ['start_date', 'start_date'],
  ['end_date', 'end_date'],
  ['jobs_consolidated_fte', 'jobs_consolidated_fte'],
  ['jobs_created_fte', 'jobs_created_fte'],
  ['amount_eur', 'amount_eur'],
  ['site', 'site'],
  ['creation_date', 'creation_date'],
  ['headcount', 'headcount'],
  ['difficulty_criteria', 'difficulty_criteria'],
  ['advance_term_months', 'advance_term_months'],
  ['size_band', 'size_band'],
];

export interface FieldChange {
  field: string;
  /** The template's French header, for people */
  column: string;
  before: string | number | null;
  after: string | number | null;
}

export interface RevisionDiff {
  counts: { added: number; removed: number; changed: number; unchanged: number };
  added: LineJson[];
  removed: LineJson[];
  changed: Array<{ beneficiary_ref: string; lineBefore: number; lineAfter: number; changes: FieldChange[] }>;
}

/** Compares the lines of revision `before` (none for a first revision) with those of `after`. */
export function diffRevisions(before: readonly ReportLine[], after: readonly ReportLine[]): RevisionDiff {
  const key = (line: ReportLine) => line.beneficiary_ref.toLowerCase();
  const previous = new Map(before.map((line) => [key(line), toLineJson(line)]));
  const diff: RevisionDiff = { counts: { added: 0, removed: 0, changed: 0, unchanged: 0 }, added: [], removed: [], changed: [] };
  const seen = new Set<string>();
  for (const line of after) {
    const now = toLineJson(line);
    const old = previous.get(key(line));
    seen.add(key(line));
    if (!old) {
      diff.added.push(now);
      continue;
    }
    const changes: FieldChange[] = [];
    for (const [field, column] of COMPARED) {
      if (old[field] !== now[field]) {
        changes.push({ field, column: COLUMN_BY_KEY.get(column)!.header, before: old[field] as FieldChange['before'], after: now[field] as FieldChange['after'] });
      }
    }
    if (changes.length > 0) diff.changed.push({ beneficiary_ref: now.beneficiary_ref, lineBefore: old.line, lineAfter: now.line, changes });
    else diff.counts.unchanged++;
  }
  for (const line of before) if (!seen.has(key(line))) diff.removed.push(toLineJson(line));
  diff.counts.added = diff.added.length;
  diff.counts.removed = diff.removed.length;
  diff.counts.changed = diff.changed.length;
  return diff;
}
