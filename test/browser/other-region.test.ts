// Another region as a setting (issue 12): the application started for Pays de la Loire (region 52, its own
// demo) names that region everywhere and nothing of Hauts-de-France is left in any page's text, for each
// role; L'Île-d'Yeu shows as a commune outside any EPCI on the map page.
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Role } from '../../db/schema.ts';
import { type Harness, login, startRegionHarness } from './harness.ts';

const loire = suite<{ harness: Harness & { close(): Promise<void> } }>('Pays de la Loire runs from a setting (browser)');

loire.before(async (ctx) => {
  ctx.harness = await startRegionHarness('52');
});

loire.after(async ({ harness }) => {
  await harness.close();
});

/** The page's text, hidden parts included (print header, screen-reader text), its title and accessible names. */
async function pageText(page: Page, path: string): Promise<string> {
  await page.goto(path);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .loading'), undefined, { timeout: 15_000 }).catch(() => undefined);
  return page.evaluate(() => {
    const labels = [...document.querySelectorAll('[aria-label], [title], [alt]')].map((e) => [e.getAttribute('aria-label'), e.getAttribute('title'), e.getAttribute('alt')].join(' '));
    return [document.title, document.body.textContent, ...labels].join('\n');
  });
}

async function as(harness: Harness, role: Role, operator?: string): Promise<Page> {
  const account = harness.logins.find((l) => l.role === role && (!operator || l.operator === operator));
  if (!account) throw new Error(`no region 52 demo login for ${role} ${operator ?? ''}`);
  const page = await harness.newPage();
  page.setDefaultTimeout(20_000);
  await login(page, account.email, account.password);
  return page;
}

const assertNoOtherRegion = (text: string, path: string) => {
  for (const word of ['Hauts-de-France', 'Hauts de France']) assert.not.ok(text.includes(word), `« ${word} » on ${path}`);
};

loire('every page of the Region, the COTECH and an operator names Pays de la Loire, never Hauts-de-France', async ({ harness }) => {
  const anonymous = await harness.newPage();
  const loginText = await pageText(anonymous, '/connexion');
  assertNoOtherRegion(loginText, '/connexion');
  assert.match(loginText, /Pays de la Loire/);
  await anonymous.context().close();

  const region = await as(harness, 'region');
  const meetings = (await (await region.request.get('/api/v1/meetings')).json()) as Array<{ id: number }>;
  const report = ((await (await region.request.get('/api/v1/reports')).json()) as Array<{ operator: { id: string } | string; scheme: string; period: string }>)[0];
  const reportOperator = typeof report.operator === 'string' ? report.operator : report.operator.id;
  const regionPages = [
    '/', '/tableau-de-bord', '/cotech', '/seances', `/seances/${meetings[0].id}`, '/rapport-annuel', '/compte', '/rapports',
    `/rapports/${reportOperator}/${report.scheme}/${report.period}`, '/region/revue',
    ...['operateurs', 'conventions', 'sites', 'utilisateurs', 'objectifs', 'regles', 'zones', 'messages'].map((s) => `/region/admin/${s}`),
  ];
  for (const path of regionPages) {
    const text = await pageText(region, path);
    assertNoOtherRegion(text, path);
    if (path === '/') {
      assert.match(text, /Commune hors EPCI/, 'the map page lists L’Île-d’Yeu apart');
      assert.match(text, /L'Île-d'Yeu \(85113\)/);
    }
    if (path === '/region/admin/operateurs') {
      assert.match(text, /Région Pays de la Loire/);
      assert.match(text, /Fabrique ESS Vendée \(démo\)/);
    }
  }
  await region.context().close();

  const cotech = await as(harness, 'cotech');
  for (const path of ['/', '/tableau-de-bord', '/cotech', '/seances', '/rapport-annuel']) assertNoOtherRegion(await pageText(cotech, path), `${path} (COTECH)`);
  await cotech.context().close();

  const operator = await as(harness, 'operator', 'ess-anjou-maine');
  assertNoOtherRegion(await pageText(operator, '/rapports'), '/rapports (opérateur)');
  await operator.context().close();
});

loire('the map draws the EPCIs with a TESS-funded plan as their own layer, with a legend and a column', async ({ harness }) => {
  const page = await as(harness, 'region');
  await page.goto('/?de=2024&a=2026&dispositifs=ACCESS,DLA,TESS&base=valides&km=20&chiffre=beneficiaries');
  await page.locator('[data-map-ready="true"]').waitFor();
  const layer = page.getByRole('checkbox', { name: /EPCI soutenus par TESS/ });
  assert.ok(await layer.isChecked());
  await page.getByText('Long tireté brun : EPCI doté d’un plan d’action ESS financé par TESS').waitFor();
  const outlined = await page.locator('path[stroke="#8c510a"]').count();
  const flagged = await page.getByRole('columnheader', { name: /Plan d’action ESS \(TESS\)/ }).count();
  assert.ok(outlined > 0, 'TESS outlines drawn');
  assert.is(flagged, 1);
  await layer.uncheck();
  assert.is(await page.locator('path[stroke="#8c510a"]').count(), 0);
  await page.context().close();
});

loire('the API names the region served: health, profile, the Region operator', async ({ harness }) => {
  const page = await as(harness, 'region');
  const health = await (await page.request.get('/api/v1/health')).json();
  assert.is(health.regionName, 'Pays de la Loire');
  assert.equal(await (await page.request.get('/api/v1/region')).json(), { code: '52', name: 'Pays de la Loire', shortName: 'Pays de la Loire', siren: '234400034', authority: 'Région Pays de la Loire', inRegion: 'en Pays de la Loire' });
  const zones = await (await page.request.get('/api/v1/zones')).json();
  assert.equal(zones, [], 'no Hauts-de-France zone left');
  await page.context().close();
});

loire.run();
