// Who is reached (issue 13): each year's distinct beneficiaries by ESS family (the `legal_form` column) and by
// size class (INSEE's `tranche_effectif`), each beneficiary once, by its latest counted line of the year (as
// the stages are): the families, like the size classes, add up to the distinct total.
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { FAMILIES, type Family, SIZE_CLASSES, type SizeClass, sizeClassOf } from '../domain/beneficiary-classes.ts';
import type { Basis } from './facts.ts';
import { EPCI_SCHEME } from './targets.ts';

export interface YearBreakdown {
  byFamily: Record<Family, number>;
  bySize: Record<SizeClass, number>;
}

const familyOf = (legalForm: string | null, type: string): Family =>
  legalForm && FAMILIES.some((f) => f.code === legalForm) ? (legalForm as Family) : type === 'porteur_projet' ? 'en_creation' : 'non_renseigne';

const empty = (): YearBreakdown => ({
  byFamily: Object.fromEntries(FAMILIES.map((f) => [f.code, 0])) as Record<Family, number>,
  bySize: Object.fromEntries(SIZE_CLASSES.map((c) => [c.code, 0])) as Record<SizeClass, number>,
});

export async function yearBreakdowns(
  db: Db,
  params: { basis: Basis; years: readonly number[]; operatorId: string | null; schemes: readonly string[] | null },
): Promise<Map<number, YearBreakdown>> {
  const result = new Map(params.years.map((y) => [y, empty()]));
  if (params.years.length === 0) return result;
  const statuses = params.basis === 'validated' ? ['validated'] : ['validated', 'submitted'];
  const operator = params.operatorId === null ? sql`` : sql`AND r.operator_id = ${params.operatorId}`;
  const schemes = params.schemes === null ? sql`` : sql`AND r.scheme IN (SELECT value FROM json_each(${JSON.stringify(params.schemes)}))`;
  // SQLite's bare columns: with max(), the other columns come from the row of the latest quarter.
  const { rows } = await sql<{ year: number; legal_form: string | null; beneficiary_type: string; size_band: string | null; latest: number }>`
    SELECT r.year AS year, l.legal_form AS legal_form, l.beneficiary_type AS beneficiary_type, l.size_band AS size_band, max(r.quarter) AS latest
    FROM report_lines l JOIN reports r ON r.current_revision_id = l.revision_id
    WHERE r.status IN (SELECT value FROM json_each(${JSON.stringify(statuses)}))
      AND r.year IN (SELECT value FROM json_each(${JSON.stringify(params.years)}))
      AND r.scheme != ${EPCI_SCHEME} ${operator} ${schemes}
    GROUP BY r.year, l.identity`.execute(db);
  for (const row of rows) {
    const year = result.get(row.year);
    if (!year) continue;
    year.byFamily[familyOf(row.legal_form, row.beneficiary_type)]++;
    year.bySize[sizeClassOf(row.size_band)]++;
  }
  return result;
}
