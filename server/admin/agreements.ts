import type { Db } from '../../db/database.ts';
import type { Agreement } from '../../db/schema.ts';
import type { Geography } from '../../geo/geography.ts';
import { formatPeriod, periodEnd, periodStart } from '../domain/periods.ts';
import { AppError, conflict } from '../errors.ts';
import type { AgreementView } from './answers.ts';

export interface TerritoryInput {
  epcis?: string[];
  departements?: string[];
}

export async function listAgreements(db: Db, filter: { operator?: string; scheme?: string; id?: number }): Promise<AgreementView[]> {
  let query = db.selectFrom('agreements').selectAll().orderBy('operator_id').orderBy('scheme').orderBy('start_date');
  if (filter.operator !== undefined) query = query.where('operator_id', '=', filter.operator);
  if (filter.scheme !== undefined) query = query.where('scheme', '=', filter.scheme);
  if (filter.id !== undefined) query = query.where('id', '=', filter.id);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const territories = await db
    .selectFrom('agreement_territories')
    .selectAll()
    .where('agreement_id', 'in', rows.map((r) => r.id))
    .orderBy('code')
    .execute();
  return rows.map((row) => toAgreementView(row, territories.filter((t) => t.agreement_id === row.id)));
}

function toAgreementView(row: Agreement, territory: Array<{ kind: 'epci' | 'departement'; code: string }>): AgreementView {
  return {
    id: row.id,
    operator: row.operator_id,
    scheme: row.scheme,
    start: row.start_date,
    end: row.end_date,
    territory: {
      epcis: territory.filter((t) => t.kind === 'epci').map((t) => t.code),
      departements: territory.filter((t) => t.kind === 'departement').map((t) => t.code),
    },
    capacityPerYear: row.capacity_per_year,
    createdAt: row.created_at,
  };
}

export async function findAgreement(db: Db, id: number): Promise<AgreementView | undefined> {
  return (await listAgreements(db, { id }))[0];
}

/** EPCIs must be the region's; départements too. 422 listing every unknown code. */
export function assertTerritory(geo: Geography, territory: TerritoryInput | null | undefined): void {
  if (!territory) return;
  const departements = new Set([...geo.communes.values()].map((c) => c.departement));
  const details = [
    ...(territory.epcis ?? [])
      .filter((siren) => !geo.epcis.has(siren))
      .map((value) => ({ path: 'territory.epcis', value, message: `EPCI inconnu dans la région : ${value}` })),
    ...(territory.departements ?? [])
      .filter((code) => !departements.has(code))
      .map((value) => ({
        path: 'territory.departements',
        value,
        message: `Département hors de la région : ${value} (attendus : ${[...departements].sort().join(', ')})`,
      })),
  ];
  if (details.length > 0) throw new AppError(422, 'invalid_territory', details.map((d) => d.message).join(' ; '), details);
}

export async function writeTerritory(db: Db, agreementId: number, territory: TerritoryInput | null | undefined): Promise<void> {
  await db.deleteFrom('agreement_territories').where('agreement_id', '=', agreementId).execute();
  const rows = [
    ...[...new Set(territory?.epcis ?? [])].map((code) => ({ agreement_id: agreementId, kind: 'epci' as const, code })),
    ...[...new Set(territory?.departements ?? [])].map((code) => ({ agreement_id: agreementId, kind: 'departement' as const, code })),
  ];
  if (rows.length > 0) await db.insertInto('agreement_territories').values(rows).execute();
}

/**
 * Two agreements of one operator for one scheme must not overlap: each quarter expects one report,
 * and an overlap would make it ambiguous which agreement (and territory) it belongs to.
 */
export async function assertNoOverlap(
  db: Db,
  agreement: { operator: string; scheme: string; start: string; end: string },
  exceptId?: number,
): Promise<void> {
  let query = db
    .selectFrom('agreements')
    .select(['id', 'start_date', 'end_date'])
    .where('operator_id', '=', agreement.operator)
    .where('scheme', '=', agreement.scheme)
    .where('start_date', '<=', agreement.end)
    .where('end_date', '>=', agreement.start);
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  const other = await query.executeTakeFirst();
  if (other) {
    throw conflict(
      `Cette convention chevauche la convention n° ${other.id} du même opérateur pour ce dispositif (du ${other.start_date} au ${other.end_date})`,
    );
  }
}

/** Periods of the operator × scheme's reports (any status) that fall inside [start, end]. */
export async function reportPeriodsWithin(db: Db, operator: string, scheme: string, start: string, end: string): Promise<string[]> {
  const reports = await db
    .selectFrom('reports')
    .select(['year', 'quarter'])
    .where('operator_id', '=', operator)
    .where('scheme', '=', scheme)
    .orderBy('year')
    .orderBy('quarter')
    .execute();
  return reports
    .map((r) => ({ year: r.year, quarter: r.quarter as 1 | 2 | 3 | 4 }))
    .filter((p) => periodStart(p) <= end && periodEnd(p) >= start)
    .map(formatPeriod);
}
