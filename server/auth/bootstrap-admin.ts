import type { Db } from '../../db/database.ts';
import { hashPassword } from './passwords.ts';

export async function hasRegionUser(db: Db): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('role', '=', 'region').executeTakeFirst()) !== undefined;
}

/** Creates the first Region administrator when no Region user exists yet. @returns true when it created one */
export async function ensureRegionAdmin(db: Db, email: string, password: string): Promise<boolean> {
  if (await hasRegionUser(db)) return false;
  await db
    .insertInto('users')
    .values({ email, password_hash: await hashPassword(password), role: 'region', operator_id: null, created_at: new Date().toISOString(), locked_until: null, disabled_at: null })
    .execute();
  return true;
}
