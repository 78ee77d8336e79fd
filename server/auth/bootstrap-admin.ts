import type { Db } from '../../db/database.ts';
import { hashPassword } from './passwords.ts';

export async function hasRegionUser(db: Db): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('role', '=', 'region').executeTakeFirst()) !== undefined;
}

/** Creates the first Region administrator when no Region user exists yet. @returns true when it created one */
export async function ensureRegionAdmin(db: Db, email: string, password: string): Promise<boolean> {
  if (await hasRegionUser(db)) return false;
  const passwordHash = await hashPassword(password);
  // Check and insert in one write transaction: two instances starting together create one administrator.
  return db.transaction().execute(async (trx) => {
    if (await hasRegionUser(trx)) return false;
    await trx
      .insertInto('users')
      .values({ email, password_hash: passwordHash, role: 'region', operator_id: null, created_at: new Date().toISOString(), locked_until: null, disabled_at: null })
      .execute();
    return true;
  });
}
