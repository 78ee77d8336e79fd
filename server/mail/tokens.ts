// Single-use tokens for invitations (72 h) and password resets (30 min): 32 random bytes given once in a
// link, stored as their SHA-256, consumed by one atomic update (a second use, or an expired token, finds
// nothing to update).
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.ts';

export const INVITATION_TTL_MS = 72 * 3600_000;
export const PASSWORD_RESET_TTL_MS = 30 * 60_000;

type Purpose = 'invitation' | 'password_reset';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new token for the user; earlier unused ones of the same purpose stop working. */
export async function createUserToken(db: Db, userId: number, purpose: Purpose, ttlMs: number, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.updateTable('user_tokens').set({ used_at: now.toISOString() }).where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
  await db
    .insertInto('user_tokens')
    .values({ user_id: userId, purpose, token_hash: hashToken(token), created_at: now.toISOString(), expires_at: new Date(now.getTime() + ttlMs).toISOString(), used_at: null })
    .execute();
  return token;
}

/** The account a still usable token belongs to, without using it up (the password is judged first). */
export async function findPendingToken(db: Db, token: string, purpose: Purpose, now = new Date()) {
  return db
    .selectFrom('user_tokens')
    .innerJoin('users', 'users.id', 'user_tokens.user_id')
    .select(['users.id', 'users.email', 'users.disabled_at'])
    .where('user_tokens.token_hash', '=', hashToken(token))
    .where('user_tokens.purpose', '=', purpose)
    .where('user_tokens.used_at', 'is', null)
    .where('user_tokens.expires_at', '>', now.toISOString())
    .executeTakeFirst();
}

/** @returns the token's user, once; null for an unknown, used or expired token. */
export async function consumeUserToken(db: Db, token: string, purpose: Purpose, now = new Date()): Promise<number | null> {
  const at = now.toISOString();
  const row = await db
    .updateTable('user_tokens')
    .set({ used_at: at })
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id ?? null;
}
