import type { Db } from '../../db/database.ts';
import type { Operator } from '../../db/schema.ts';
import type { OperatorView } from './answers.ts';

/** The Region itself, as operator of its direct aids (migration 004). */
export const REGION_OPERATOR_ID = 'region-hdf';

export const toOperatorView = (row: Operator): OperatorView => ({
  id: row.id,
  name: row.name,
  siren: row.siren,
  isRegion: row.is_region === 1,
  isDemo: row.is_demo === 1,
  createdAt: row.created_at,
  archivedAt: row.archived_at,
});

export async function listOperators(db: Db, options: { includeArchived: boolean; only?: string }): Promise<OperatorView[]> {
  let query = db.selectFrom('operators').selectAll().orderBy('is_region', 'desc').orderBy('name');
  if (!options.includeArchived) query = query.where('archived_at', 'is', null);
  if (options.only !== undefined) query = query.where('id', '=', options.only);
  return (await query.execute()).map(toOperatorView);
}

export async function findOperator(db: Db, id: string): Promise<Operator | undefined> {
  return db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
}
