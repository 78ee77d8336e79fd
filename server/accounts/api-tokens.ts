import type { Db } from '../../db/database.ts';
import type { ApiToken } from '../../db/schema.ts';
import { hashSecret, newSecret } from '../auth/tokens.ts';

/** Prefix that makes a leaked token recognisable by secret scanners and by people. */
export const TOKEN_PREFIX = 'tess_';

export interface ApiTokenView {
  id: number;
  name: string;
  userId: number;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The one place a token row becomes an API object: the hash never leaves the database. */
export const toTokenView = (row: ApiToken): ApiTokenView => ({
  id: row.id,
  name: row.name,
  userId: row.user_id,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

/** @returns the stored token and its secret, which the caller shows once and forgets */
export async function createApiToken(db: Db, userId: number, name: string): Promise<{ token: ApiTokenView; secret: string }> {
  const secret = TOKEN_PREFIX + newSecret();
  const row = await db
    .insertInto('api_tokens')
    .values({ user_id: userId, name, token_hash: hashSecret(secret), created_at: new Date().toISOString(), last_used_at: null, revoked_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token: toTokenView(row), secret };
}

export async function listApiTokens(db: Db, userId: number): Promise<ApiTokenView[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('id').execute();
  return rows.map(toTokenView);
}

export async function findApiToken(db: Db, id: number): Promise<ApiToken | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function revokeApiToken(db: Db, id: number): Promise<ApiTokenView> {
  const row = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return toTokenView(row ?? (await findApiToken(db, id))!);
}
