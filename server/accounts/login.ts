import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { hashSecret, newSecret } from '../auth/tokens.ts';
import { AppError } from '../errors.ts';
import { FailureCounter } from './failure-counter.ts';

// Throttling policy (issue 3, "Accounts and access"): 5 consecutive failures lock an account for
// 15 minutes; one address may fail 20 times in 15 minutes across all e-mails before it is refused.
export const MAX_CONSECUTIVE_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;
export const IP_FAILURE_LIMIT = 20;
export const IP_WINDOW_MS = 15 * 60_000;
/** A session lasts a working day, 12 h, whatever the activity: re-login the next morning. */
export const SESSION_MS = 12 * 3600_000;

export const BAD_CREDENTIALS = 'Adresse e-mail ou mot de passe incorrect';

export interface LoginGuard {
  byAddress: FailureCounter;
  /** E-mails without an account lock like real ones, so a 429 does not reveal that an account exists. */
  byUnknownEmail: FailureCounter;
}

export function createLoginGuard(now: () => number = Date.now): LoginGuard {
  return {
    byAddress: new FailureCounter(IP_FAILURE_LIMIT, IP_WINDOW_MS, now),
    byUnknownEmail: new FailureCounter(MAX_CONSECUTIVE_FAILURES, LOCK_MS, now),
  };
}

export interface LoggedInUser {
  id: number;
  email: string;
  role: Role;
  operatorId: string | null;
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
 * Checks an e-mail and password against the throttling rules. @returns the user on success;
 * throws 401 on bad credentials (same message whether or not the e-mail exists), 429 when locked, 403 when the
 * account's operator is archived.
 */
export async function checkCredentials(
  db: Db,
  guard: LoginGuard,
  input: { email: string; password: string; address: string },
): Promise<LoggedInUser> {
  const addressWait = guard.byAddress.blockedFor(input.address);
  if (addressWait > 0) throw tooManyAttempts(addressWait, 'address');

  const email = input.email.trim().toLowerCase();
  const user = await db
    .selectFrom('users')
    .leftJoin('operators', 'operators.id', 'users.operator_id')
    .select(['users.id', 'users.email', 'users.role', 'users.operator_id', 'users.password_hash', 'users.locked_until', 'users.disabled_at'])
    .select(['operators.archived_at as operator_archived_at', 'operators.name as operator_name'])
    .where('users.email', '=', email)
    .executeTakeFirst();

  if (!user || user.disabled_at) {
    const emailWait = guard.byUnknownEmail.blockedFor(email);
    if (emailWait > 0) throw tooManyAttempts(emailWait, 'account');
    await verifyPassword(input.password, await decoy());
    guard.byAddress.fail(input.address);
    guard.byUnknownEmail.fail(email);
    throw new AppError(401, 'bad_credentials', BAD_CREDENTIALS);
  }

  const now = Date.now();
  if (user.locked_until && Date.parse(user.locked_until) > now) {
    throw tooManyAttempts(Date.parse(user.locked_until) - now, 'account');
  }

  if (!(await verifyPassword(input.password, user.password_hash))) {
    guard.byAddress.fail(input.address);
    await recordFailure(db, user.id);
    throw new AppError(401, 'bad_credentials', BAD_CREDENTIALS);
  }

  guard.byAddress.reset(input.address);
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
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
export async function checkCurrentPassword(db: Db, userId: number, password: string): Promise<void> {
  const user = await db.selectFrom('users').select(['password_hash', 'locked_until']).where('id', '=', userId).executeTakeFirstOrThrow();
  const now = Date.now();
  if (user.locked_until && Date.parse(user.locked_until) > now) throw tooManyAttempts(Date.parse(user.locked_until) - now, 'account');
  if (!(await verifyPassword(password, user.password_hash))) {
    await recordFailure(db, userId);
    throw new AppError(403, 'wrong_password', 'Mot de passe actuel incorrect');
  }
}

/** Counts a failed attempt; the fifth in a row locks the account and starts a fresh count. */
async function recordFailure(db: Db, userId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('users')
      .set({ failed_logins: sql<number>`failed_logins + 1` })
      .where('id', '=', userId)
      .returning('failed_logins')
      .executeTakeFirstOrThrow();
    if (row.failed_logins < MAX_CONSECUTIVE_FAILURES) return;
    const lockedUntil = new Date(Date.now() + LOCK_MS).toISOString();
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: lockedUntil }).where('id', '=', userId).execute();
    await recordAudit(trx, {
      userId: null,
      action: 'user.lock',
      entity: 'user',
      entityId: userId,
      details: { reason: 'failed_logins', failures: MAX_CONSECUTIVE_FAILURES, lockedUntil },
    });
  });
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

export async function closeSession(db: Db, secret: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', hashSecret(secret)).execute();
}

/** Ends every session of a user, except `keepSecret`'s (the one changing its password stays logged in). */
export async function closeOtherSessions(db: Db, userId: number, keepSecret?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSecret) query = query.where('id', '!=', hashSecret(keepSecret));
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
