// A tiny client-side router (history API + a signal): enough for a dozen routes, no dependency.
// Plain <a href="/…"> links are intercepted in main.tsx, so pages need no special Link component.
import { signal } from '@preact/signals';

export interface Location {
  path: string;
  /** Raw query string without '?' */
  search: string;
}

const read = (): Location => ({ path: window.location.pathname, search: window.location.search.replace(/^\?/, '') });

export const location = signal<Location>(typeof window === 'undefined' ? { path: '/', search: '' } : read());

/** Goes to `to` (path with optional query) without reloading; `replace` keeps history clean for redirects. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === `${window.location.pathname}${window.location.search}`) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  location.value = read();
}

/** Updates the query string in place (filters), without a history entry per change. */
export function replaceQuery(params: URLSearchParams): void {
  const search = params.toString();
  history.replaceState(null, '', `${window.location.pathname}${search ? `?${search}` : ''}`);
  location.value = read();
}

export function startRouter(): void {
  window.addEventListener('popstate', () => {
    location.value = read();
  });
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const href = anchor.getAttribute('href');
    if (!href?.startsWith('/') || href.startsWith('//') || href.startsWith('/api/') || href.startsWith('/assets/')) return;
    event.preventDefault();
    navigate(href);
  });
}

/** Matches '/rapports/:operator/:scheme/:period' against a path; null when it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return null;
  }
  return params;
}
