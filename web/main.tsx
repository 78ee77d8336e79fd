// Browser entry point: styles, app state, router, render.
import 'leaflet/dist/leaflet.css';
import './styles.css';
import { render } from 'preact';
import { App } from './app.tsx';
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
  loadMapGeography().catch(() => undefined);
  prefetch('/sites');
  prefetch('/operators');
  if (window.location.pathname === '/') prefetch(apiUrl('/figures/coverage', state.coverageParams.value));
}
