import type { Db } from '../../db/database.ts';
import type { User } from '../../db/schema.ts';
import { conflict } from '../errors.ts';
import type { UserView } from './answers.ts';

/** The one place a user row becomes an API object: the password hash never leaves the database. */
export const toUserView = (row: User): UserView => ({
  id: row.id,
  email: row.email,
  role: row.role,
  operator: row.operator_id,
  createdAt: row.created_at,
  disabledAt: row.disabled_at,
  lockedUntil: row.locked_until && row.locked_until > new Date().toISOString() ? row.locked_until : null,
});

export async function findUser(db: Db, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function assertEmailFree(db: Db, email: string, exceptId?: number): Promise<void> {
  const other = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (other && other.id !== exceptId) throw conflict(`Un compte existe déjà pour l’adresse ${email}`);
}

/** The Region must keep at least one active administrator, or nobody could manage accounts. */
export async function assertNotLastRegionUser(db: Db, user: User): Promise<void> {
  if (user.role !== 'region' || user.disabled_at) return;
  const others = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'region')
    .where('disabled_at', 'is', null)
    .where('id', '!=', user.id)
    .executeTakeFirst();
  if (!others) throw conflict('C’est le dernier compte Région actif : créez-en un autre avant de le désactiver ou de changer son rôle');
}
