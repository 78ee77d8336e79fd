// Login throttling counters, in the database: one atomic statement reserves an attempt before the password
// is checked, so guesses sent at the same moment are bounded like guesses sent one after another, and every
// application instance enforces the same limits.
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { greatest } from '../../db/dialect.ts';

export interface ThrottleRule {
  /** Failures (attempts in flight included) allowed inside the window; the next attempt is refused */
  limit: number;
  /** Window length and lock length, ms */
  windowMs: number;
}

export type Reservation = { ok: true } | { ok: false; retryMs: number };

/**
 * Counts one attempt for `key` unless the key is locked or at its limit. The window restarts when it has
 * expired. @returns ok, or how long the key must wait.
 */
export async function reserveAttempt(db: Db, key: string, rule: ThrottleRule, now = Date.now()): Promise<Reservation> {
  const nowIso = new Date(now).toISOString();
  const windowStartBefore = new Date(now - rule.windowMs).toISOString();
  // One statement: the engine runs it atomically (a row lock on PostgreSQL, across instances), so two concurrent requests never both take the last place.
  const row = await sql<{ attempts: number }>`
    INSERT INTO login_throttle (key, attempts, window_start, locked_until) VALUES (${key}, 1, ${nowIso}, NULL)
    ON CONFLICT (key) DO UPDATE SET
      attempts = CASE WHEN login_throttle.window_start <= ${windowStartBefore} AND (login_throttle.locked_until IS NULL OR login_throttle.locked_until <= ${nowIso}) THEN 1 ELSE login_throttle.attempts + 1 END,
      window_start = CASE WHEN login_throttle.window_start <= ${windowStartBefore} AND (login_throttle.locked_until IS NULL OR login_throttle.locked_until <= ${nowIso}) THEN ${nowIso} ELSE login_throttle.window_start END,
      locked_until = CASE WHEN login_throttle.locked_until <= ${nowIso} THEN NULL ELSE login_throttle.locked_until END
    WHERE (login_throttle.locked_until IS NULL OR login_throttle.locked_until <= ${nowIso})
      AND (login_throttle.attempts < ${rule.limit} OR login_throttle.window_start <= ${windowStartBefore})
    RETURNING attempts`.execute(db);
  if (row.rows.length > 0) return { ok: true };
  const current = await db.selectFrom('login_throttle').select(['window_start', 'locked_until']).where('key', '=', key).executeTakeFirst();
  const until = current?.locked_until ? Date.parse(current.locked_until) : Date.parse(current?.window_start ?? nowIso) + rule.windowMs;
  return { ok: false, retryMs: Math.max(1000, until - now) };
}

/** The attempt was not a failure (a right password): it no longer counts against the key. */
export async function releaseAttempt(db: Db, key: string): Promise<void> {
  await db.updateTable('login_throttle').set({ attempts: greatest(db, sql`attempts - 1`, sql`0`) }).where('key', '=', key).execute();
}

/** The attempt failed; when it reaches the limit the key is locked for the rule's window. @returns true when it locked */
export async function confirmFailure(db: Db, key: string, rule: ThrottleRule, now = Date.now()): Promise<boolean> {
  const row = await db
    .updateTable('login_throttle')
    .set({ locked_until: new Date(now + rule.windowMs).toISOString() })
    .where('key', '=', key)
    .where('attempts', '>=', rule.limit)
    .where('locked_until', 'is', null)
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

/** Forgets a key (a device or e-mail that logged in successfully starts afresh). */
export async function clearAttempts(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

/** Drops expired rows, so that the table stays small without a timer. */
export async function sweepExpired(db: Db, olderThanMs: number, now = Date.now()): Promise<void> {
  const before = new Date(now - olderThanMs).toISOString();
  const nowIso = new Date(now).toISOString();
  await db
    .deleteFrom('login_throttle')
    .where('window_start', '<=', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowIso)]))
    .execute();
}
