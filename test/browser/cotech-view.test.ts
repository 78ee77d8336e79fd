// Browser scenario (c) of issue 5: a COTECH member reads the cohort map and its table, and is
// refused the report lines, on the page and through the API. Plus the keyboard path to an EPCI.
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { demoLogin, type Harness, login, screenshot, startHarness, stopHarness } from './harness.ts';

interface Context {
  harness: Harness;
  page: Page;
}

const cotech = suite<Context>('A COTECH member reads maps and tables but never report lines (browser)');

cotech.before(async (ctx) => {
  ctx.harness = await startHarness();
  ctx.page = await ctx.harness.newPage();
  const account = demoLogin(ctx.harness, 'cotech');
  await login(ctx.page, account.email, account.password);
});

cotech.after(async (ctx) => {
  await ctx.page.context().close();
  await stopHarness();
});

cotech('lands on the Carte, where the 92 EPCIs and the sites are drawn', async ({ page }) => {
  assert.is(new URL(page.url()).pathname, '/');
  await page.waitForSelector('[data-map-ready="true"]');
  assert.is(await page.locator('.leaflet-overlay-pane path.leaflet-interactive').count(), 92);
  assert.ok((await page.locator('.site-marker').count()) > 0, 'site markers are drawn');
  assert.ok(await page.getByText('Contours : IGN Admin Express 2018, Licence Ouverte').first().isVisible());
  await screenshot(page, 'c-cotech-carte');
});

cotech('reads the same figures in the table below the map, one row per EPCI, with exports', async ({ page }) => {
  const table = page.locator('table', { has: page.locator('caption', { hasText: 'Couverture des 92 EPCI' }) });
  await table.waitFor();
  assert.is(await table.locator('tbody tr').count(), 92);
  const headers = await table.locator('thead th').allInnerTexts();
  for (const header of ['EPCI', 'Bénéficiaires', 'Pour 10 000 hab.', 'Couvert', 'Sous-desservi']) {
    assert.ok(headers.some((h) => h.includes(header)), `column ${header}`);
  }
  // The spreadsheet for people comes first; the CSV is labelled for tools.
  const links = await page.locator('a[href*="/figures/coverage."]').allInnerTexts();
  assert.match(links[0], /Excel \(\.xlsx\)/);
  const csv = await page.getByRole('link', { name: 'CSV pour les outils' }).first().getAttribute('href');
  assert.match(csv ?? '', /^\/api\/v1\/figures\/coverage\.csv\?/);
  const response = await page.request.get(csv!);
  assert.is(response.status(), 200);
  assert.match(await response.text(), /;/);
});

cotech('sorts the table by beneficiaries from the column header', async ({ page }) => {
  const table = page.locator('table', { has: page.locator('caption', { hasText: 'Couverture des 92 EPCI' }) });
  const header = table.locator('thead th', { hasText: 'Bénéficiaires' }).first();
  await header.getByRole('button').click();
  await header.getByRole('button').click();
  assert.is(await header.getAttribute('aria-sort'), 'descending');
  const first = (await table.locator('tbody tr').first().locator('th').textContent()) ?? '';
  assert.match(first, /Lille/, 'the Métropole européenne de Lille has the most beneficiaries');
});

cotech('chooses an EPCI with the keyboard only, from the search box and from the table', async ({ page }) => {
  await page.getByLabel('Rechercher un EPCI').focus();
  await page.keyboard.type('Amiens');
  await page.keyboard.press('Enter');
  const panelTitle = page.locator('#epci-panel-title');
  await panelTitle.waitFor();
  assert.match((await panelTitle.textContent()) ?? '', /Amiens/);
  // Focus moves once the panel has rendered (next animation frame): wait for it rather than race it.
  await page.waitForFunction(() => document.activeElement?.id === 'epci-panel-title');
  assert.ok(await panelTitle.evaluate((el) => el === document.activeElement), 'focus moves to the panel');
  assert.match((await page.locator('.side-panel').textContent()) ?? '', /Lieux à moins de 20 km/);

  const tableButton = page.locator('tbody button', { hasText: 'Douaisis' }).first();
  await tableButton.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /Douaisis/.test(document.getElementById('epci-panel-title')?.textContent ?? ''));
  await screenshot(page, 'c-cotech-epci-panel');
});

cotech('opens the COTECH page with two cohort maps and the comparison table', async ({ page }) => {
  await page.getByRole('link', { name: 'COTECH' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-map-ready="true"]').length === 2);
  const table = page.locator('table', { has: page.locator('caption', { hasText: 'et écart' }) });
  await table.waitFor();
  assert.is(await table.locator('tbody tr').count(), 92);
  assert.ok(await page.getByRole('button', { name: 'Imprimer' }).isVisible());
  await screenshot(page, 'c-cotech-comparaison');
});

cotech('sees no link to reports, review or administration', async ({ page }) => {
  const nav = (await page.getByRole('navigation', { name: 'Navigation principale' }).textContent()) ?? '';
  assert.not.match(nav, /rapports|Revue|Administration/i);
});

cotech('is refused the report lines page, and the API refuses the lines too', async ({ page }) => {
  await page.goto('/rapports/gallee/ACCESS/2025-Q1');
  await page.getByRole('heading', { level: 1, name: 'Accès refusé' }).waitFor();
  assert.not.ok(await page.locator('table').count(), 'no table of lines on the page');
  await screenshot(page, 'c-cotech-lignes-refusees');
  for (const path of ['/api/v1/reports/gallee/ACCESS/2025-Q1', '/api/v1/reports/gallee/ACCESS/2025-Q1/lines.csv']) {
    const response = await page.request.get(path);
    assert.is(response.status(), 403, path);
    assert.not.match(await response.text(), /ref_beneficiaire|beneficiary_ref/);
  }
});

cotech.run();
