// The address a login attempt comes from, for the per-address throttle. Behind a reverse proxy every
// request arrives from the proxy: without trusting its X-Forwarded-For, twenty failures anywhere would
// refuse logins to everyone. A header is trusted only as far as configured (TERRITOIRES_TRUSTED_PROXIES):
// each trusted proxy appends the address it saw, so the client is the n-th entry from the right.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * @param trustedProxies how many reverse proxies stand in front of the server (0: use the socket address)
 * @returns the client address, or 'unknown' when there is no socket (app.request() in tests)
 */
export function clientAddress(c: Context, trustedProxies: number): string {
  if (trustedProxies > 0) {
    const forwarded = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    // Fewer entries than proxies: the request did not come through all of them; fall back to the socket.
    const fromProxy = forwarded[forwarded.length - trustedProxies];
    if (fromProxy) return fromProxy;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
