// The application shell in a real browser: login redirect and return, role-aware navigation, focus
// on the new page's heading after navigation, skip link, logout, the print handout of the COTECH page.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { demoLogin, type Harness, login, screenshot, startHarness, stopHarness } from './harness.ts';

const shell = suite<{ harness: Harness }>('The application shell guides each role (browser)');

shell.before(async (ctx) => {
  ctx.harness = await startHarness();
});

shell.after(async () => {
  await stopHarness();
});

shell('sends a visitor to the login page, then back to the page asked for', async ({ harness }) => {
  const page = await harness.newPage();
  await page.goto('/tableau-de-bord');
  await page.waitForURL(/\/connexion\?suite=%2Ftableau-de-bord/);
  await page.waitForFunction(() => document.title === 'Connexion · Territoires ESS');
  const account = demoLogin(harness, 'region');
  await page.getByLabel('Adresse e-mail').fill(account.email);
  await page.getByLabel('Mot de passe').fill('pas-le-bon-mot-de-passe');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? '', /incorrect/);
  await page.getByLabel('Mot de passe').fill(account.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => url.pathname === '/tableau-de-bord');
  await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
  await page.context().close();
});

shell('still sends a returning user whose session expired to the login page', async ({ harness }) => {
  const page = await harness.newPage();
  const account = demoLogin(harness, 'cotech');
  await login(page, account.email, account.password);
  assert.is(await page.evaluate(() => localStorage.getItem('territoires-ess.role')), 'cotech');
  await page.context().clearCookies(); // the session is gone, the remembered role is not
  await page.goto('/tableau-de-bord');
  await page.waitForURL(/\/connexion\?suite=%2Ftableau-de-bord/);
  await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  assert.is(await page.evaluate(() => localStorage.getItem('territoires-ess.role')), null);
  await page.context().close();
});

shell('lands an operator on its reports, with only its own pages in the menu', async ({ harness }) => {
  const page = await harness.newPage();
  const account = demoLogin(harness, 'operator', 'gallee');
  await page.request.post('/api/v1/session', { data: { email: account.email, password: account.password } });
  await page.goto('/');
  await page.waitForURL((url) => url.pathname === '/rapports');
  const links = await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link').allInnerTexts();
  assert.equal(links, ['Mes rapports', 'Mon compte']);
  await page.goto('/tableau-de-bord');
  await page.getByRole('heading', { level: 1, name: 'Accès refusé' }).waitFor();
  await page.context().close();
});

shell('moves focus to the new page heading after a navigation, and offers a skip link', async ({ harness }) => {
  const page = await harness.newPage();
  const account = demoLogin(harness, 'cotech');
  await page.request.post('/api/v1/session', { data: { email: account.email, password: account.password } });
  await page.goto('/');
  await page.locator('main h1').waitFor();
  await page.keyboard.press('Tab');
  assert.is(await page.evaluate(() => document.activeElement?.textContent), 'Aller au contenu');
  await page.getByRole('link', { name: 'Tableau de bord' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'page-title');
  assert.is(await page.evaluate(() => document.activeElement?.textContent), 'Tableau de bord');
  await page.waitForFunction(() => document.title === 'Tableau de bord · Territoires ESS');
  await page.context().close();
});

shell('prints the COTECH comparison as a handout: maps, legend, figures, extraction date, no menus', async ({ harness }) => {
  const page = await harness.newPage();
  const account = demoLogin(harness, 'cotech');
  await page.request.post('/api/v1/session', { data: { email: account.email, password: account.password } });
  await page.goto('/cotech');
  await page.waitForFunction(() => document.querySelectorAll('[data-map-ready="true"]').length === 2);
  await page.emulateMedia({ media: 'print' });
  assert.not.ok(await page.getByRole('navigation', { name: 'Navigation principale' }).isVisible());
  assert.not.ok(await page.getByRole('button', { name: 'Imprimer' }).isVisible());
  const handout = (await page.locator('.print-only').textContent()) ?? '';
  assert.match(handout, /Chiffres extraits le \d+/);
  assert.match(handout, /rapports validés/);
  assert.ok(await page.locator('.map-legend').isVisible());
  assert.is(await page.locator('.territory-map').count(), 2);
  await screenshot(page, 'cotech-impression');
  await page.context().close();
});

shell('creates an API token shown once, lists it, and revokes it from the account page', async ({ harness }) => {
  const page = await harness.newPage();
  const account = demoLogin(harness, 'cotech');
  await page.request.post('/api/v1/session', { data: { email: account.email, password: account.password } });
  await page.goto('/compte');
  await page.getByLabel('Nom du nouveau jeton').fill('tableur du COTECH');
  await page.getByRole('button', { name: 'Créer un jeton' }).click();
  const value = await page.getByLabel('Valeur du jeton').inputValue();
  // On a phone the page does not scroll sideways once a token is shown or listed.
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `account page ${overflow} px wider than a 390 px phone`);
  await page.setViewportSize({ width: 1360, height: 900 });
  assert.ok(value.length > 20, 'the token is shown');
  const check = await page.request.get('/api/v1/figures/targets?from=2024&to=2025', { headers: { authorization: `Bearer ${value}` } });
  assert.is(check.status(), 200, 'the shown token works');
  await page.getByRole('button', { name: 'J’ai copié le jeton' }).click();
  assert.is(await page.getByLabel('Valeur du jeton').count(), 0, 'shown only once');
  const row = page.locator('tbody tr', { hasText: 'tableur du COTECH' });
  await row.waitFor();
  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: /Révoquer/ }).click();
  await page.getByText('Jeton « tableur du COTECH » révoqué.').waitFor();
  await row.getByText(/Révoqué le/).waitFor(); // the list reloads after the revocation
  assert.is(await row.getByRole('button', { name: /Révoquer/ }).count(), 0, 'no revoke button left on a revoked token');
  const after = await page.request.get('/api/v1/figures/targets?from=2024&to=2025', { headers: { authorization: `Bearer ${value}` } });
  assert.is(after.status(), 401);
  await page.context().close();
});

shell('logs out and forgets the session', async ({ harness }) => {
  const page = await harness.newPage();
  const account = demoLogin(harness, 'cotech');
  await page.request.post('/api/v1/session', { data: { email: account.email, password: account.password } });
  await page.goto('/compte');
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(/\/connexion/);
  const response = await page.request.get('/api/v1/session');
  assert.is(response.status(), 401);
  await page.context().close();
});

shell.run();
