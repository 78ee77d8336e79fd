// Browser entry point: styles, app state, router, render.
// Every stylesheet is imported here, into the one CSS file index.html links: pages loaded later (their own
// JS chunks) must not import CSS, which esbuild would put in a stylesheet nobody loads.
import 'leaflet/dist/leaflet.css';
import './styles.css';
import './components/map/territory-map.css';
import './components/coverage/epci-search.css';
import './pages/reports/reports.css';
import { render } from 'preact';
import { App, CotechPage, MapPage } from './app.tsx';
import { startRouter } from './router.ts';
import { apiUrl } from './api.ts';
import { loadMapGeography } from './map/geography.ts';
import { createAppState } from './state.ts';
import { prefetch } from './use-api.ts';

const state = createAppState();
startRouter();
const root = document.getElementById('app')!;
root.replaceChildren(); // the static « Chargement… » of index.html: render() would keep it under the app
render(<App state={state} />, root);
void state.restore(); // first: nothing renders before the session is known
// The Carte is the home page: fetch its data while the session is being restored (one round trip
// instead of two before the map can paint). Failures (logged out) are dropped silently.
if (window.location.pathname === '/' || window.location.pathname === '/cotech') {
  // The page's chunks all at once (web/build.ts lists them), then the page itself.
  const chunks = JSON.parse(document.getElementById('page-chunks')?.textContent || '{}') as Record<string, string[]>;
  for (const href of chunks[window.location.pathname] ?? []) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = href;
    document.head.append(link);
  }
  (window.location.pathname === '/' ? MapPage : CotechPage).preload();
  loadMapGeography().catch(() => undefined);
  prefetch('/sites');
  prefetch('/operators');
  if (window.location.pathname === '/') prefetch(apiUrl('/figures/coverage', state.coverageParams.value));
}
