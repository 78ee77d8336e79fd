// Browser scenario (d) of issue 5: axe-core (WCAG 2.1 A/AA rules) on every page of every role, once
// its data has loaded; no serious or critical violation allowed. Screenshots of each page are kept.
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { demoLogin, describeViolations, type Harness, login, runAxe, screenshot, startHarness, stopHarness } from './harness.ts';

interface Context {
  harness: Harness;
}

const a11y = suite<Context>('Every page passes axe-core without serious or critical violations (browser)');

a11y.before(async (ctx) => {
  ctx.harness = await startHarness();
});

a11y.after(async () => {
  await stopHarness();
});

/** Waits until the page's heading is there, loading indicators are gone and maps are painted. */
async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.waitForFunction(
    () =>
      !document.querySelector('.loading') &&
      [...document.querySelectorAll('.territory-map')].every((m) => m.getAttribute('data-map-ready') === 'true'),
    undefined,
    { timeout: 20_000 },
  );
}

async function check(page: Page, path: string, name: string): Promise<void> {
  const errors: string[] = [];
  const onError = (error: Error) => errors.push(error.message);
  page.on('pageerror', onError);
  await page.goto(path);
  try {
    await settled(page);
  } catch (error) {
    await screenshot(page, `d-${name}-failed`);
    throw new Error(`${path} did not settle: ${(error as Error).message.split('\n')[0]} ${errors.join(' | ')}`);
  } finally {
    page.off('pageerror', onError);
  }
  await screenshot(page, `d-${name}`);
  const violations = await runAxe(page);
  assert.equal(violations, [], `${path}:\n${describeViolations(violations)}`);
}

a11y('the login page and the pages that get into an account without a password', async ({ harness }) => {
  const page = await harness.newPage();
  await check(page, '/connexion', 'connexion');
  await check(page, '/mot-de-passe-oublie', 'mot-de-passe-oublie');
  await check(page, '/reinitialiser#jeton=un-jeton-de-test-assez-long-0123456789', 'reinitialiser');
  await check(page, '/invitation', 'invitation-lien-incomplet');
  await page.context().close();
});

const PAGES: Record<'region' | 'cotech' | 'operator', Array<[path: string, name: string]>> = {
  region: [
    ['/', 'region-carte'],
    ['/tableau-de-bord', 'region-tableau-de-bord'],
    ['/cotech', 'region-cotech'],
    ['/seances', 'region-seances'],
    ['/seances/1', 'region-seance-arretee'],
    ['/seances/2', 'region-seance-en-preparation'],
    ['/rapport-annuel', 'region-rapport-annuel'],
    ['/region/revue', 'region-revue'],
    ['/rapports/gallee/ACCESS/2025-Q2', 'region-rapport'],
    ['/region/admin', 'region-admin'],
    ['/region/admin/operateurs', 'region-admin-operateurs'],
    ['/region/admin/conventions', 'region-admin-conventions'],
    ['/region/admin/sites', 'region-admin-sites'],
    ['/region/admin/utilisateurs', 'region-admin-utilisateurs'],
    ['/region/admin/objectifs', 'region-admin-objectifs'],
    ['/region/admin/regles', 'region-admin-regles'],
    ['/region/admin/zones', 'region-admin-zones'],
    ['/region/admin/messages', 'region-admin-messages'],
    ['/compte', 'region-compte'],
  ],
  cotech: [
    ['/', 'cotech-carte'],
    ['/tableau-de-bord', 'cotech-tableau-de-bord'],
    ['/cotech', 'cotech-cotech'],
    ['/seances', 'cotech-seances'],
    ['/seances/1', 'cotech-seance-arretee'],
    ['/rapport-annuel', 'cotech-rapport-annuel'],
    ['/compte', 'cotech-compte'],
    ['/rapports/gallee/ACCESS/2025-Q2', 'cotech-acces-refuse'],
  ],
  operator: [
    ['/rapports', 'operateur-rapports'],
    ['/rapports/gallee/ACCESS/2025-Q2', 'operateur-rapport'],
    ['/compte', 'operateur-compte'],
  ],
};

for (const role of ['region', 'cotech', 'operator'] as const) {
  a11y(`every page of a ${role} user`, async ({ harness }) => {
    const page = await harness.newPage();
    const account = demoLogin(harness, role, role === 'operator' ? 'gallee' : undefined);
    await login(page, account.email, account.password);
    for (const [path, name] of PAGES[role]) await check(page, path, name);
    await page.context().close();
  });
}

a11y('the map page with its EPCI panel open and every layer shown', async ({ harness }) => {
  const page = await harness.newPage();
  const account = demoLogin(harness, 'region');
  await login(page, account.email, account.password);
  await settled(page);
  for (const layer of ['Zones de vigilance', 'Cercles de 20 km']) await page.getByLabel(layer).check();
  await page.locator('tbody button').first().click();
  await page.locator('#epci-panel-title').waitFor();
  await settled(page);
  await screenshot(page, 'd-region-carte-panneau');
  const violations = await runAxe(page);
  assert.equal(violations, [], describeViolations(violations));
  await page.context().close();
});

a11y.run();
