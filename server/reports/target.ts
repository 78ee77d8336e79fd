// Which report a request designates, and whether this user may read or change it: the access rules
// shared by every report route.
import type { Db } from '../../db/database.ts';
import { assertOperatorAccess } from '../auth/middleware.ts';
import type { AuthUser } from '../context.ts';
import { todayInParis } from '../domain/dates.ts';
import { type Period, periodLabel, periodStart } from '../domain/periods.ts';
import { AppError } from '../errors.ts';
import { agreementCovers } from './expected.ts';
import { findReport, findRevision, type ReportRow, revisionLines } from './queries.ts';

export interface Target {
  operator: { id: string; name: string; isRegion: boolean };
  scheme: { code: string; name: string };
  period: Period;
  /** The stored report, undefined while it is only expected */
  row: ReportRow | undefined;
}

/**
 * Resolves operator × scheme × quarter for `user`: 404 for another operator's report (whether it
 * exists or not), for an unknown operator or scheme, and when no agreement calls for the report.
 * Changes are refused (409) for a quarter that has not started yet; uploads and submissions
 * ('operator-change') also need an agreement covering the quarter when the report already exists.
 */
export async function resolveTarget(
  db: Db,
  user: AuthUser,
  params: { operator: string; scheme: string; period: Period },
  mode: 'read' | 'operator-change' | 'review',
): Promise<Target> {
  assertOperatorAccess(user, params.operator);
  const operator = await db.selectFrom('operators').select(['id', 'name', 'is_region']).where('id', '=', params.operator).executeTakeFirst();
  if (!operator) throw new AppError(404, 'not_found', `Opérateur introuvable : ${params.operator}`);
  const scheme = await db.selectFrom('schemes').select(['code', 'name']).where('code', '=', params.scheme).executeTakeFirst();
  if (!scheme) throw new AppError(404, 'not_found', `Dispositif inconnu : ${params.scheme}`);
  const target: Target = {
    operator: { id: operator.id, name: operator.name, isRegion: operator.is_region === 1 },
    scheme,
    period: params.period,
    row: await findReport(db, operator.id, scheme.code, params.period),
  };
  const label = periodLabel(params.period);
  const noAgreement = `Aucune convention de ${operator.name} pour le dispositif ${scheme.name} ne couvre le ${label}`;
  // The Region records its own direct aids without an agreement with itself.
  const covered = target.operator.isRegion || (await agreementCovers(db, operator.id, scheme.code, params.period));
  if (target.row) {
    // A stored report stays readable (and reviewable) when its agreement is later shortened or removed,
    // but the operator side can no longer add to it.
    if (mode === 'operator-change' && !covered) throw new AppError(409, 'no_agreement', `${noAgreement} : ce rapport ne peut plus être modifié ni soumis`);
    return target;
  }
  if (!covered) throw new AppError(404, 'no_agreement', `${noAgreement} : aucun rapport n’est attendu`);
  if (periodStart(params.period) > todayInParis()) {
    if (mode !== 'read') throw new AppError(409, 'period_not_started', `Le ${label} n’a pas encore commencé : son rapport ne peut pas encore être déposé ni soumis`);
    throw new AppError(404, 'not_found', `Le ${label} n’a pas encore commencé : son rapport n’est pas encore attendu`);
  }
  return target;
}

/** The revision to read: `number` if given (404 when it does not exist), else the current one. */
async function pickRevision(db: Db, row: ReportRow | undefined, number: number | undefined) {
  if (number === undefined) {
    return row?.revisionId ? { id: row.revisionId, number: row.revision! } : undefined;
  }
  const revision = row?.reportId ? await findRevision(db, row.reportId, number) : undefined;
  if (!revision) throw new AppError(404, 'not_found', `Révision ${number} introuvable pour ce rapport`);
  return revision;
}

/** The lines of a resolved report's current revision, or of revision `number` (404 when it does not exist). */
export async function revisionLinesOf(db: Db, target: Target, number: number | undefined) {
  const revision = await pickRevision(db, target.row, number);
  const lines = revision ? await revisionLines(db, revision.id) : [];
  return { revision, lines };
}

/** The lines of the report's current revision, or of revision `number`: the report must be readable by `user`. */
export async function readLines(db: Db, user: AuthUser, params: { operator: string; scheme: string; period: Period }, number: number | undefined) {
  const target = await resolveTarget(db, user, params, 'read');
  return { target, ...(await revisionLinesOf(db, target, number)) };
}
