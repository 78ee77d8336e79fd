import type { Db } from '../../db/database.ts';
import { AppError } from '../errors.ts';
import { findOperator } from './operators.ts';

// Checks that what a body refers to exists: 422 with a message naming the value, since the body
// itself was well-formed (400 is for shape errors, 404 for the resource in the path).

export async function assertActiveOperator(db: Db, id: string, field = 'operator'): Promise<void> {
  const operator = await findOperator(db, id);
  if (!operator) throw new AppError(422, 'unknown_reference', `Opérateur inconnu : « ${id} »`, [{ path: field, value: id, message: 'opérateur inconnu' }]);
  if (operator.archived_at) {
    throw new AppError(422, 'archived_operator', `L’opérateur « ${id} » est archivé : désarchivez-le d’abord`, [{ path: field, value: id, message: 'opérateur archivé' }]);
  }
}

export async function assertSchemes(db: Db, codes: string[], field = 'scheme'): Promise<void> {
  const known = new Set((await db.selectFrom('schemes').select('code').execute()).map((s) => s.code));
  const unknown = codes.filter((code) => !known.has(code));
  if (unknown.length > 0) {
    throw new AppError(
      422,
      'unknown_reference',
      `Dispositif inconnu : ${unknown.map((c) => `« ${c} »`).join(', ')} (connus : ${[...known].join(', ')})`,
      unknown.map((value) => ({ path: field, value, message: 'dispositif inconnu' })),
    );
  }
}
