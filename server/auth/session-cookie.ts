// The session cookie's name and flags. Over HTTPS (directly or through a trusted proxy) it is
// `__Host-tess_session` with Secure: the browser then refuses it from plain HTTP or another subdomain.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../config.ts';
import { cameOverHttps } from '../edge/request-origin.ts';

const PLAIN_NAME = 'tess_session';
const HOST_NAME = '__Host-tess_session';

type CookieConfig = Pick<Config, 'secureCookies' | 'trustedProxies'>;

const isSecure = (c: Context, config: CookieConfig) => config.secureCookies || cameOverHttps(c, config);

/** The session secret the browser sent, read under the name this kind of connection uses. */
export function readSessionCookie(c: Context, config: CookieConfig): string | undefined {
  return getCookie(c, isSecure(c, config) ? HOST_NAME : PLAIN_NAME);
}

export function writeSessionCookie(c: Context, config: CookieConfig, secret: string, maxAgeSeconds: number): void {
  const secure = isSecure(c, config);
  setCookie(c, secure ? HOST_NAME : PLAIN_NAME, secret, {
    httpOnly: true,
    sameSite: 'Lax', // Lax keeps links from e-mails working; changes are also guarded by Origin and the CSRF header
    secure,
    path: '/',
    maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(c: Context, config: CookieConfig): void {
  const secure = isSecure(c, config);
  deleteCookie(c, secure ? HOST_NAME : PLAIN_NAME, { path: '/', secure, httpOnly: true, sameSite: 'Lax' });
}

/** For tests and scripts that log in without a browser. */
export const SESSION_COOKIE_NAMES = { plain: PLAIN_NAME, host: HOST_NAME } as const;
