// OWASP's "device cookie" against lockout by others (Slow brute force / account lockout DoS): a browser
// that once logged in to an account gets a signed cookie naming that account. Its later attempts on that
// account are throttled on their own, so a colleague behind the same office address is not locked out by
// someone else's failures, nor by an attacker locking the account from elsewhere.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export const DEVICE_COOKIE_MAX_AGE_S = 180 * 86_400; // ~6 months, then a normal login renews it

const SETTING = 'device_cookie_key';

const keys = new WeakMap<Db, Promise<Buffer>>();

/**
 * The signing key, created once per database (so every instance of a deployment shares it) and read once
 * per process: not on every login attempt.
 */
function signingKey(db: Db): Promise<Buffer> {
  let key = keys.get(db);
  if (!key) {
    key = (async () => {
      await sql`INSERT INTO settings (key, value) VALUES (${SETTING}, ${JSON.stringify(randomBytes(32).toString('base64'))})
        ON CONFLICT (key) DO NOTHING`.execute(db);
      const row = await db.selectFrom('settings').select('value').where('key', '=', SETTING).executeTakeFirstOrThrow();
      return Buffer.from(JSON.parse(row.value) as string, 'base64');
    })();
    key.catch(() => keys.delete(db)); // a failed read (busy database) is tried again next time
    keys.set(db, key);
  }
  return key;
}

const sign = (key: Buffer, email: string, nonce: string) => createHmac('sha256', key).update(`${email.toLowerCase()}\n${nonce}`).digest('base64url');

/** A new device cookie value for a browser that just logged in as `email`. */
export async function issueDeviceCookie(db: Db, email: string): Promise<string> {
  const nonce = randomBytes(16).toString('base64url');
  return `${nonce}.${sign(await signingKey(db), email, nonce)}`;
}

/** @returns the device's nonce when the cookie is one we signed for this e-mail, else null */
export async function trustedDevice(db: Db, cookie: string | undefined, email: string): Promise<string | null> {
  if (!cookie || cookie.length > 200) return null;
  const [nonce, mac] = cookie.split('.');
  if (!nonce || !mac) return null;
  const expected = Buffer.from(sign(await signingKey(db), email, nonce));
  const given = Buffer.from(mac);
  return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : null;
}
