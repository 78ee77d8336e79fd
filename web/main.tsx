// Browser entry point: styles, app state, router, render.
import 'leaflet/dist/leaflet.css';
import './styles.css';
import { render } from 'preact';
import { App } from './app.tsx';
import { startRouter } from './router.ts';
import { createAppState } from './state.ts';

const state = createAppState();
startRouter();
render(<App state={state} />, document.getElementById('app')!);
void state.restore();
