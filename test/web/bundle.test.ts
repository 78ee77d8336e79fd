// Code splitting (issue 14): the first bundle holds the shell and an operator's pages; Leaflet, the maps and
// the figures' and committees' pages are chunks loaded on first visit. Sizes are reported by the web bench.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildWeb } from '../../web/build.ts';

const Bundle = suite('web bundle');

Bundle('an operator’s pages load no Leaflet and no figure page; one stylesheet for all', async () => {
  const build = await buildWeb();
  const entry = build.scripts.find((s) => s.entry)!;
  assert.is(entry.path, build.script);
  const first = build.scripts.filter((s) => s === entry || entry.staticImports.includes(s.path));
  const firstInputs = first.flatMap((s) => s.inputs).filter((i) => i.endsWith('.ts') || i.endsWith('.tsx') || i.endsWith('.js'));
  assert.not.ok(firstInputs.some((i) => i.includes('node_modules/leaflet/')), 'Leaflet is not in the first bundle');
  for (const page of ['pages/map-page.tsx', 'pages/dashboard-page.tsx', 'pages/cotech-page.tsx', 'pages/admin/admin-page.tsx', 'components/map/territory-map.tsx']) {
    assert.not.ok(firstInputs.some((i) => i.endsWith(page)), `${page} loads on first visit only`);
  }
  for (const page of ['pages/reports/my-reports-page.tsx', 'pages/reports/report-page.tsx', 'pages/account-page.tsx']) {
    assert.ok(firstInputs.some((i) => i.endsWith(page)), `${page} is in the first bundle`);
  }
  assert.ok(build.scripts.some((s) => s.inputs.some((i) => i.includes('node_modules/leaflet/dist/leaflet-src.js'))), 'Leaflet is in a chunk');
  assert.match(build.stylesheet ?? '', /^\/assets\/main-.*\.css$/);
});

Bundle.run();
