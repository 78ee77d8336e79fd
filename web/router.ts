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

// A page that loads its data before drawing its heading gets this long to draw it.
const HEADING_WAIT_MS = 15_000;

/**
 * Moves focus to the new page's heading after a client-side navigation (see app.tsx), as soon as the page
 * draws it: most pages draw it at once, a page that loads its data first (a report) draws it later. Until
 * then focus waits on <main> rather than falling to <body> with the link that was followed; if the reader
 * moves focus elsewhere meanwhile, it is left there.
 * @returns a function that stops waiting (the next navigation calls it)
 */
export function focusPageHeading(): () => void {
  const main = document.getElementById('contenu');
  const before = document.activeElement;
  // Still where the navigation left it: on the link followed (kept or removed), on <body> or on <main>.
  const untouched = () => {
    const active = document.activeElement;
    return !active || active === before || active === document.body || active === main;
  };
  const heading = () => document.getElementById('page-title') ?? document.querySelector<HTMLElement>('main h1');
  let observer: MutationObserver | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    observer?.disconnect();
    clearTimeout(timer);
  };
  const focusHeading = (): boolean => {
    const target = heading();
    if (!target) return false;
    stop();
    if (untouched()) target.focus();
    return true;
  };
  // one frame for Preact to commit the new page
  const frame = requestAnimationFrame(() => {
    window.scrollTo(0, 0);
    if (focusHeading() || !main) return;
    if (untouched()) main.focus({ preventScroll: true });
    observer = new MutationObserver(() => void focusHeading());
    observer.observe(main, { childList: true, subtree: true });
    timer = setTimeout(stop, HEADING_WAIT_MS);
  });
  return () => {
    cancelAnimationFrame(frame);
    stop();
  };
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
