import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { hashSecret, newSecret } from '../auth/tokens.ts';
import { AppError } from '../errors.ts';
import { clearAttempts, confirmFailure, releaseAttempt, reserveAttempt, sweepExpired, type ThrottleRule } from './throttle.ts';

// Throttling policy (issue 3, hardened in issue 8): 5 consecutive failures lock an account for 15 minutes;
// one address may fail 20 times in 15 minutes across all e-mails before it is refused. Attempts are counted
// before the password is checked, so concurrent guesses are bounded by the same numbers. A browser holding
// a device cookie for the account (server/accounts/device-cookie.ts) is throttled on its own instead.
export const MAX_CONSECUTIVE_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;
export const IP_FAILURE_LIMIT = 20;
export const IP_WINDOW_MS = 15 * 60_000;
/** A session lasts a working day, 12 h, whatever the activity: re-login the next morning. */
export const SESSION_MS = 12 * 3600_000;

const ACCOUNT_RULE: ThrottleRule = { limit: MAX_CONSECUTIVE_FAILURES, windowMs: LOCK_MS };
const ADDRESS_RULE: ThrottleRule = { limit: IP_FAILURE_LIMIT, windowMs: IP_WINDOW_MS };

export const BAD_CREDENTIALS = 'Adresse e-mail ou mot de passe incorrect';

export interface LoggedInUser {
  id: number;
  email: string;
  role: Role;
  operatorId: string | null;
}

export interface LoginAttempt {
  email: string;
  password: string;
  /** Client address (server/auth/client-address.ts) */
  address: string;
  /** The nonce of a valid device cookie for this e-mail, when the browser sent one */
  deviceNonce: string | null;
}

function tooManyAttempts(retryMs: number, why: 'account' | 'address'): AppError {
  const minutes = Math.max(1, Math.ceil(retryMs / 60_000));
  const message =
    why === 'account'
      ? `Compte verrouillé temporairement après ${MAX_CONSECUTIVE_FAILURES} tentatives de connexion échouées : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`
      : `Trop de tentatives de connexion échouées depuis votre adresse : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`;
  return new AppError(429, 'too_many_attempts', message, { retryAfterSeconds: Math.ceil(retryMs / 1000) });
}

// Verifying against a throwaway hash makes an unknown e-mail cost the same time as a known one.
let decoyHash: Promise<string> | null = null;
const decoy = () => {
  decoyHash ??= hashPassword(newSecret());
  return decoyHash;
};

/**
 * Reserves one attempt on the account's own counter (users.failed_logins, shown to the Region as the lock):
 * refused while locked, or while 5 failures are already counted or in flight.
 */
async function reserveAccountAttempt(db: Db, userId: number): Promise<{ ok: true } | { ok: false; retryMs: number }> {
  const now = new Date().toISOString();
  const row = await db
    .updateTable('users')
    .set({ failed_logins: sql<number>`failed_logins + 1`, locked_until: null })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .where('failed_logins', '<', MAX_CONSECUTIVE_FAILURES)
    .returning('failed_logins')
    .executeTakeFirst();
  if (row) return { ok: true };
  const user = await db.selectFrom('users').select('locked_until').where('id', '=', userId).executeTakeFirstOrThrow();
  return { ok: false, retryMs: user.locked_until ? Date.parse(user.locked_until) - Date.now() : LOCK_MS };
}

/** The fifth failure in a row locks the account and starts a fresh count. */
async function confirmAccountFailure(db: Db, userId: number, address: string): Promise<void> {
  const lockedUntil = new Date(Date.now() + LOCK_MS).toISOString();
  const locked = await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: lockedUntil })
    .where('id', '=', userId)
    .where('failed_logins', '>=', MAX_CONSECUTIVE_FAILURES)
    .returning('id')
    .executeTakeFirst();
  if (locked) {
    await recordAudit(db, {
      userId: null,
      action: 'user.lock',
      entity: 'user',
      entityId: userId,
      details: { reason: 'failed_logins', failures: MAX_CONSECUTIVE_FAILURES, lockedUntil, address },
    });
  }
}

async function failureAudit(db: Db, userId: number | null, address: string, reason: string): Promise<void> {
  await recordAudit(db, { userId, action: 'session.login_failed', entity: 'user', entityId: userId, details: { address, reason } });
}

/**
 * Checks an e-mail and password against the throttling rules. @returns the user on success;
 * throws 401 on bad credentials (same message whether or not the e-mail exists), 429 when locked, 403 when the
 * account's operator is archived. Failures, lockouts and successes are audited with the client address.
 */
export async function checkCredentials(db: Db, input: LoginAttempt): Promise<LoggedInUser> {
  const email = input.email.trim().toLowerCase();
  const addressKey = `address:${input.address}`;
  const trusted = input.deviceNonce !== null;
  if (!trusted) {
    const reserved = await reserveAttempt(db, addressKey, ADDRESS_RULE);
    if (!reserved.ok) {
      await recordAudit(db, { userId: null, action: 'session.login_refused', entity: 'address', entityId: input.address, details: { reason: 'address_locked' } });
      throw tooManyAttempts(reserved.retryMs, 'address');
    }
  }
  // A failed attempt stays counted against the address; anything else gives its place back.
  const failAddress = async () => {
    if (!trusted && (await confirmFailure(db, addressKey, ADDRESS_RULE))) {
      await recordAudit(db, { userId: null, action: 'session.address_lock', entity: 'address', entityId: input.address, details: { failures: IP_FAILURE_LIMIT } });
    }
  };

  const user = await db
    .selectFrom('users')
    .leftJoin('operators', 'operators.id', 'users.operator_id')
    .select(['users.id', 'users.email', 'users.role', 'users.operator_id', 'users.password_hash', 'users.disabled_at'])
    .select(['operators.archived_at as operator_archived_at', 'operators.name as operator_name'])
    .where('users.email', '=', email)
    .executeTakeFirst();

  if (!user || user.disabled_at) {
    // E-mails without an account lock like real ones, so a 429 does not reveal that an account exists.
    const key = trusted ? `device:${input.deviceNonce}` : `email:${hashSecret(email)}`;
    const reserved = await reserveAttempt(db, key, ACCOUNT_RULE);
    if (!reserved.ok) throw tooManyAttempts(reserved.retryMs, 'account');
    await verifyPassword(input.password, await decoy());
    await confirmFailure(db, key, ACCOUNT_RULE);
    await failAddress();
    await failureAudit(db, user?.id ?? null, input.address, user ? 'disabled' : 'unknown_email');
    throw new AppError(401, 'bad_credentials', BAD_CREDENTIALS);
  }

  const deviceKey = `device:${input.deviceNonce}`;
  const reserved = trusted ? await reserveAttempt(db, deviceKey, ACCOUNT_RULE) : await reserveAccountAttempt(db, user.id);
  if (!reserved.ok) {
    await failAddress();
    await recordAudit(db, { userId: user.id, action: 'session.login_refused', entity: 'user', entityId: user.id, details: { address: input.address, reason: 'account_locked' } });
    throw tooManyAttempts(reserved.retryMs, 'account');
  }

  if (!(await verifyPassword(input.password, user.password_hash))) {
    if (trusted) await confirmFailure(db, deviceKey, ACCOUNT_RULE);
    else await confirmAccountFailure(db, user.id, input.address);
    await failAddress();
    await failureAudit(db, user.id, input.address, 'bad_password');
    throw new AppError(401, 'bad_credentials', BAD_CREDENTIALS);
  }

  // A success clears this account's count, never the address's: an attacker's own account must not
  // reset the count of its guesses on others.
  if (!trusted) await releaseAttempt(db, addressKey);
  if (trusted) await clearAttempts(db, deviceKey);
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
  await sweepExpired(db, Math.max(LOCK_MS, IP_WINDOW_MS));
  // Said only after the right password, so it reveals nothing to someone guessing.
  if (user.operator_archived_at) {
    throw new AppError(403, 'operator_archived', `L’opérateur « ${user.operator_name} » est archivé : ses comptes n’ont plus accès. Contactez la Région si c’est une erreur.`);
  }
  return { id: user.id, email: user.email, role: user.role, operatorId: user.operator_id };
}

/**
 * Checks the current password of a logged-in user (password change): the same lock applies, so a
 * borrowed session cannot be used to guess the password without limit.
 */
export async function checkCurrentPassword(db: Db, userId: number, password: string, address: string): Promise<void> {
  const user = await db.selectFrom('users').select(['password_hash']).where('id', '=', userId).executeTakeFirstOrThrow();
  const reserved = await reserveAccountAttempt(db, userId);
  if (!reserved.ok) throw tooManyAttempts(reserved.retryMs, 'account');
  if (!(await verifyPassword(password, user.password_hash))) {
    await confirmAccountFailure(db, userId, address);
    throw new AppError(403, 'wrong_password', 'Mot de passe actuel incorrect');
  }
  await db.updateTable('users').set({ failed_logins: 0 }).where('id', '=', userId).execute();
}

export interface NewSession {
  /** The cookie value: given to the browser once, stored only as its hash */
  secret: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function openSession(db: Db, userId: number): Promise<NewSession> {
  const now = new Date();
  const session: NewSession = { secret: newSecret(), csrfToken: newSecret(), expiresAt: new Date(now.getTime() + SESSION_MS) };
  // Expired sessions of this user are swept at each login: the table stays small without a timer.
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('expires_at', '<=', now.toISOString()).execute();
  await db
    .insertInto('sessions')
    .values({
      id: hashSecret(session.secret),
      user_id: userId,
      csrf_token: session.csrfToken,
      created_at: now.toISOString(),
      expires_at: session.expiresAt.toISOString(),
    })
    .execute();
  return session;
}

export async function closeSession(db: Db, secret: string): Promise<number | null> {
  const row = await db.deleteFrom('sessions').where('id', '=', hashSecret(secret)).returning('user_id').executeTakeFirst();
  return row?.user_id ?? null;
}

/** Ends every session of a user, except `keepSecret`'s (the one changing its password stays logged in). */
export async function closeOtherSessions(db: Db, userId: number, keepSecret?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSecret) query = query.where('id', '!=', hashSecret(keepSecret));
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
