// Where a request came from, as the browser saw it: HTTPS or not, and its origin. Behind a reverse proxy the
// server sees plain HTTP from the proxy; the proxy's X-Forwarded-Proto and Host are believed only when
// TERRITOIRES_TRUSTED_PROXIES says a proxy stands in front (otherwise a client could forge them).
import type { Context } from 'hono';
import type { Config } from '../config.ts';

/** True when the browser reached us over HTTPS, directly or through a trusted proxy. */
export function cameOverHttps(c: Context, config: Pick<Config, 'trustedProxies'>): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  if (config.trustedProxies > 0) {
    // Each proxy may append its own value: the one the outermost trusted proxy set is the client's scheme.
    const forwarded = (c.req.header('x-forwarded-proto') ?? '').split(',').map((p) => p.trim().toLowerCase());
    return forwarded[0] === 'https';
  }
  return false;
}

/** The origins a browser page of this application may send changes from. */
export function allowedOrigins(c: Context, config: Pick<Config, 'trustedProxies' | 'publicUrl'>): Set<string> {
  const origins = new Set<string>([new URL(c.req.url).origin]);
  if (config.publicUrl) origins.add(new URL(config.publicUrl).origin);
  const host = c.req.header('x-forwarded-host') ?? c.req.header('host');
  if (config.trustedProxies > 0 && host) origins.add(`${cameOverHttps(c, config) ? 'https' : 'http'}://${host.split(',')[0].trim()}`);
  return origins;
}

/**
 * Whether a cookie-authenticated change comes from one of our own pages (OWASP "verifying origin with
 * standard headers", as Hono's csrf() does, but for every content type: the CSRF token is checked too).
 * Browsers send Origin on every POST/PUT/PATCH/DELETE and Sec-Fetch-Site on every request; a client that
 * sends neither is not a browser, and cannot be made to act by another site.
 */
export function isSameOriginChange(c: Context, config: Pick<Config, 'trustedProxies' | 'publicUrl'>): boolean {
  // Sec-Fetch-Site cannot be set by a page's script and does not depend on how a proxy rewrote the URL.
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = c.req.header('origin');
  return origin === undefined || allowedOrigins(c, config).has(origin);
}
