// The Region's administration screens in real Chromium: API validation errors shown next to their
// field (in French, counted in the form's summary, focus on the first), an operator created and renamed,
// agreements, targets and rules refused or saved, a site placed by commune search (keyboard) and another by a map
// click then edited, an operator account created then made a COTECH member, a vigilance zone made of EPCIs chosen in the list.
import type { Locator, Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { demoLogin, type Harness, login, screenshot, startHarness, stopHarness } from './harness.ts';

const admin = suite<{ harness: Harness; page: Page }>('The Region administers operators, sites, users and zones (browser)');

admin.before(async (ctx) => {
  ctx.harness = await startHarness();
  const account = demoLogin(ctx.harness, 'region');
  ctx.page = await ctx.harness.newPage();
  ctx.page.setDefaultTimeout(15_000);
  await login(ctx.page, account.email, account.password);
});

admin.after(async (ctx) => {
  await ctx.page?.context().close();
  await stopHarness();
});

async function textOf(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? '';
}

/**
 * Waits for the API's refusal shown under `#<errorId>-error` and for focus on the form's first field to fix.
 * The form moves it in the commit that draws the messages; were it a frame later, a `fill` meanwhile
 * (playwright focuses, then types in a second step) would type into that field instead of the one meant.
 */
async function refusal(page: Page, errorId: string): Promise<void> {
  await page.locator(`#${errorId}-error`).waitFor();
  await page.waitForFunction((id) => {
    const firstToFix = document.getElementById(id)?.closest('form')?.querySelector('.field-error[id]')?.closest('.field');
    return firstToFix?.querySelector('input, select, textarea') === document.activeElement;
  }, `${errorId}-error`);
}

admin('shows the API’s validation message next to the field, then creates the operator', async ({ page }) => {
  await page.goto('/region/admin/operateurs');
  await page.getByRole('heading', { level: 1, name: 'Administration : Opérateurs' }).waitFor();
  const idField = page.getByLabel('Identifiant (obligatoire)');
  await idField.fill('Mauvais Id');
  await page.getByLabel('Nom (obligatoire)').fill('ESS Test Flandres');
  await page.getByRole('button', { name: 'Ajouter l’opérateur' }).click();
  await refusal(page, 'operator-id'); // focus goes to the field to fix
  assert.match(await textOf(page.locator('#operator-id-error')), /minuscules/);
  assert.is(await idField.getAttribute('aria-invalid'), 'true');
  assert.match((await idField.getAttribute('aria-describedby')) ?? '', /operator-id-error/);
  // The summary counts the fields to fix instead of repeating their messages under the API's keys.
  const summary = page.locator('form .result-error');
  assert.is(await textOf(summary), '1 champ à corriger : voir le message sous le champ.');

  await page.getByLabel('Nom (obligatoire)').fill('');
  await page.getByRole('button', { name: 'Ajouter l’opérateur' }).click();
  await refusal(page, 'operator-name');
  assert.is(await textOf(summary), '2 champs à corriger : voir les messages sous les champs.');
  assert.is(await page.getByText(/Requête invalide|siren —|name —/).count(), 0);
  await page.getByLabel('Nom (obligatoire)').fill('ESS Test Flandres');

  await idField.fill('ess-test-flandres');
  await page.getByRole('button', { name: 'Ajouter l’opérateur' }).click();
  await page.getByText('Opérateur « ESS Test Flandres » créé.').waitFor();
  await page.locator('tr', { hasText: 'ess-test-flandres' }).waitFor();
});

admin('renames an operator from its row; the identifier stays', async ({ page }) => {
  await page.getByRole('button', { name: 'Modifier ESS Test Flandres' }).click();
  const title = page.getByRole('heading', { name: 'Modifier l’opérateur « ESS Test Flandres »' });
  await title.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'operator-form-title'); // focus moves to the form it fills
  await page.getByLabel('Nom (obligatoire)').fill('ESS Test Flandres Intérieure');
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await page.getByText('Opérateur « ESS Test Flandres Intérieure » modifié.').waitFor();
  await page.getByRole('heading', { name: 'Ajouter un opérateur' }).waitFor();
  const row = page.locator('tr', { hasText: 'ess-test-flandres' });
  await page.waitForFunction(() => [...document.querySelectorAll('tr')].some((tr) => tr.textContent?.includes('Flandres Intérieure')));
  assert.match(await textOf(row), /ESS Test Flandres Intérieure/);
  // Back to the name the next scenarios look for. A reader who moves to a field before the form's title
  // takes focus (same task as the click) keeps focus there.
  await page.evaluate(() => {
    const edit = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Modifier ESS Test Flandres Intérieure');
    edit?.click();
    document.getElementById('operator-siren')?.focus();
  });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  assert.is(await page.evaluate(() => document.activeElement?.id), 'operator-siren');
  await page.getByLabel('Nom (obligatoire)').fill('ESS Test Flandres');
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await page.getByText('Opérateur « ESS Test Flandres » modifié.').waitFor();
});

admin('adds an agreement serving a département, then extends it', async ({ page }) => {
  await page.goto('/region/admin/conventions');
  await page.getByLabel('Opérateur (obligatoire)').selectOption('ess-test-flandres');
  await page.getByLabel('Dispositif (obligatoire)').selectOption('DLA');
  await page.getByLabel('Début (obligatoire)').fill('2025-01-01');
  await page.getByLabel('Fin (obligatoire)').fill('2026-12-31');
  await page.getByLabel('Territoire servi').selectOption('departements');
  await page.getByRole('checkbox', { name: 'Aisne (02)' }).check();
  await page.getByRole('button', { name: 'Ajouter la convention' }).click();
  await page.getByText('Convention créée.').waitFor();
  const row = page.locator('tr', { hasText: 'ESS Test Flandres' });
  await row.waitFor();
  assert.match(await textOf(row), /Départements 02/);

  await row.getByRole('button', { name: /^Modifier/ }).click();
  await page.getByRole('heading', { name: 'Modifier la convention DLA de ESS Test Flandres' }).waitFor();
  await page.getByLabel('Fin (obligatoire)').fill('2027-12-31');
  await page.getByRole('button', { name: 'Enregistrer la convention' }).click();
  await page.getByText('Convention modifiée.').waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('tr')].some((tr) => tr.textContent?.includes('ESS Test Flandres') && tr.textContent.includes('2027')));
  assert.match(await textOf(row), /31 décembre 2027/);
});

admin('refuses an agreement serving « Des EPCI » with none ticked, next to the EPCI list', async ({ page }) => {
  await page.getByRole('heading', { name: 'Ajouter une convention' }).waitFor();
  await page.getByLabel('Opérateur (obligatoire)').selectOption('ess-test-flandres');
  await page.getByLabel('Dispositif (obligatoire)').selectOption('ACCESS');
  await page.getByLabel('Début (obligatoire)').fill('2025-01-01');
  await page.getByLabel('Fin (obligatoire)').fill('2026-12-31');
  await page.getByLabel('Territoire servi').selectOption('epcis');
  await page.getByRole('button', { name: 'Ajouter la convention' }).click();
  await refusal(page, 'agreement-epcis');
  assert.is(await textOf(page.locator('#agreement-epcis-error')), 'Choisissez au moins un EPCI, ou « Toute la région »');
  assert.is(await textOf(page.locator('form .result-error')), '1 champ à corriger : voir le message sous le champ.');
  assert.is(await page.getByText('Convention créée.').count(), 0);
  assert.is(await page.locator('tr', { hasText: 'ACCESS' }).filter({ hasText: 'ESS Test Flandres' }).count(), 0);
  await page.waitForFunction(() => document.activeElement?.id === 'agreement-epcis-filter');

  // An empty date says so, once.
  await page.getByLabel('Territoire servi').selectOption('all');
  await page.getByLabel('Début (obligatoire)').fill('');
  await page.getByRole('button', { name: 'Ajouter la convention' }).click();
  await refusal(page, 'agreement-start');
  assert.is(await textOf(page.locator('#agreement-start-error')), 'Date obligatoire');
  await page.waitForFunction(() => document.activeElement?.id === 'agreement-start');
});

admin('sets targets and the report delay: an empty or negative number is refused in French, not saved as 0', async ({ page }) => {
  await page.goto('/region/admin/objectifs');
  const beneficiaries = page.getByLabel('Bénéficiaires visés en 2027 (obligatoire)');
  const before = await beneficiaries.inputValue();
  await beneficiaries.fill('');
  await page.getByRole('button', { name: 'Enregistrer les objectifs 2027' }).click();
  await refusal(page, 'target-2027-beneficiaries');
  assert.is(await textOf(page.locator('#target-2027-beneficiaries-error')), 'Valeur obligatoire');
  assert.is(await page.getByText('Objectifs 2027 enregistrés.').count(), 0);
  await beneficiaries.fill(before);

  await page.getByLabel(/^Délai de dépôt des rapports/).fill('-5');
  await page.getByRole('button', { name: 'Enregistrer le délai' }).click();
  await refusal(page, 'due-days');
  assert.is(await textOf(page.locator('#due-days-error')), 'Nombre de jours positif ou nul attendu');
});

admin('edits rules through fields: French titles, stage checkboxes and number fields instead of JSON', async ({ page }) => {
  await page.goto('/region/admin/regles');
  await page.getByRole('heading', { level: 4, name: 'Emplois consolidés minimum' }).waitFor();
  await page.getByRole('heading', { level: 4, name: 'Âge maximum de l’entreprise' }).first().waitFor();
  // The direct aids' terms (issue 12) are rules too, titled in French.
  await page.getByRole('heading', { level: 4, name: 'Emplois créés minimum' }).waitFor();
  await page.getByRole('heading', { level: 4, name: 'Âge minimum de l’entreprise' }).first().waitFor();
  await page.getByRole('heading', { level: 4, name: 'Critère de difficulté' }).waitFor();
  assert.is(await page.getByText(/max_company_age_years|min_jobs_consolidated|min_jobs_created|min_company_age_years|min_headcount|difficulty_criteria_required|advance_term_months/).count(), 0);
  assert.is(await page.getByLabel(/Paramètres \(JSON\)/).count(), 0);

  const access = page.locator('form', { has: page.locator('#rule-ACCESS-allowed_stages-stages') });
  const emergence = access.getByRole('checkbox', { name: 'Émergence' });
  const creation = access.getByRole('checkbox', { name: 'Création' });
  assert.ok(await emergence.isChecked());
  assert.ok(await creation.isChecked());
  assert.not.ok(await access.getByRole('checkbox', { name: 'Consolidation' }).isChecked());
  await emergence.uncheck();
  await creation.uncheck();
  await access.getByRole('button', { name: /^Enregistrer la règle/ }).click();
  await refusal(page, 'rule-ACCESS-allowed_stages-stages');
  assert.match(await textOf(page.locator('#rule-ACCESS-allowed_stages-stages-error')), /Au moins un stade/);
  await emergence.check();
  await creation.check();
  await access.getByRole('button', { name: /^Enregistrer la règle/ }).click();
  await access.getByText('Règle enregistrée : elle s’applique aux prochains dépôts.').waitFor();

  const amount = page.locator('form', { has: page.locator('#rule-DASESS-amount_range-min') });
  await amount.getByLabel('Montant minimum (€) (obligatoire)').fill('');
  await amount.getByRole('button', { name: /^Enregistrer la règle/ }).click();
  await refusal(page, 'rule-DASESS-amount_range-min');
  assert.is(await textOf(page.locator('#rule-DASESS-amount_range-min-error')), 'Valeur obligatoire');
  await page.waitForFunction(() => document.activeElement?.id === 'rule-DASESS-amount_range-min');
  await screenshot(page, 'region-admin-rules');
});

admin('places a site by searching its commune with the keyboard', async ({ page }) => {
  await page.goto('/region/admin/sites');
  await page.getByLabel('Opérateur (obligatoire)').selectOption('ess-test-flandres');
  await page.getByLabel('Type de lieu (obligatoire)').selectOption('outreach');
  await page.getByLabel('Nom du lieu (obligatoire)').fill('Permanence de Hirson (test)');
  const commune = page.getByRole('combobox', { name: 'Commune (obligatoire)' });
  await commune.fill('Hirson');
  await page.getByRole('option', { name: /^Hirson/ }).first().waitFor();
  assert.is(await commune.getAttribute('aria-expanded'), 'true');
  await commune.press('ArrowDown');
  assert.match((await commune.getAttribute('aria-activedescendant')) ?? '', /site-commune-option-0/);
  await commune.press('Enter');
  assert.match(await commune.inputValue(), /^Hirson .*02381$/);
  await page.getByRole('checkbox', { name: 'DLA', exact: true }).check();
  await page.getByLabel('Jours et horaires').fill('2e mardi du mois, mairie');
  await page.getByLabel('Ouvert depuis le (obligatoire)').fill('2025-01-01');
  await page.getByRole('button', { name: 'Ajouter le lieu' }).click();
  await page.getByText('Lieu « Permanence de Hirson (test) » ajouté.').waitFor();
  await page.locator('tr', { hasText: 'Permanence de Hirson (test)' }).waitFor();
});

admin('places a site by clicking the map, which finds the commune of the point', async ({ page }) => {
  await page.locator('.territory-map[data-map-ready="true"]').waitFor();
  await page.getByLabel('Nom du lieu (obligatoire)').fill('Antenne placée sur la carte (test)');
  await page.getByLabel('Type de lieu (obligatoire)').selectOption('branch');
  const map = page.locator('.territory-map');
  const box = await map.boundingBox();
  if (!box) throw new Error('map not laid out');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByText(/Point placé sur la carte, commune /).waitFor();
  const chosen = await page.getByRole('combobox', { name: 'Commune (obligatoire)' }).inputValue();
  assert.match(chosen, /— \d{5}$/, 'the commune of the point fills the commune field');
  await page.getByLabel('Ouvert depuis le (obligatoire)').fill('2025-06-01');
  if (!(await page.getByRole('checkbox', { name: 'DLA', exact: true }).isChecked())) await page.getByRole('checkbox', { name: 'DLA', exact: true }).check();
  await screenshot(page, 'region-admin-site-map');
  await page.getByRole('button', { name: 'Ajouter le lieu' }).click();
  await page.getByText('Lieu « Antenne placée sur la carte (test) » ajouté.').waitFor();
});

admin('lists one operator’s sites and closes one, which stays listed with its closing date', async ({ page }) => {
  await page.getByLabel('Afficher les lieux de').selectOption('ess-test-flandres');
  const rows = page.locator('table', { hasText: 'Lieux des opérateurs' }).locator('tbody tr');
  await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 2);
  assert.is(await rows.count(), 2);
  await page.getByRole('button', { name: 'Fermer Permanence de Hirson (test)' }).click();
  await page.getByText('Lieu « Permanence de Hirson (test) » fermé à la date du jour.').waitFor();
  await page.getByRole('button', { name: 'Fermer Permanence de Hirson (test)' }).waitFor({ state: 'detached' });
  assert.not.match(await textOf(rows.filter({ hasText: 'Permanence de Hirson (test)' })), /ouvert/, 'the closing date replaces « ouvert »');
});

admin('edits a site: new schedule and commune, same operator', async ({ page }) => {
  await page.getByRole('button', { name: 'Modifier Antenne placée sur la carte (test)' }).click();
  await page.getByRole('heading', { name: 'Modifier le lieu « Antenne placée sur la carte (test) »' }).waitFor();
  await page.getByLabel('Jours et horaires').fill('Lundi et jeudi, 9 h – 12 h');
  const commune = page.getByRole('combobox', { name: 'Commune (obligatoire)' });
  await commune.fill('Guise');
  await page.getByRole('option', { name: /^Guise/ }).first().click();
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await page.getByText('Lieu « Antenne placée sur la carte (test) » modifié.').waitFor();
  const row = page.locator('tr', { hasText: 'Antenne placée sur la carte (test)' });
  await page.waitForFunction(() => [...document.querySelectorAll('tr')].some((tr) => tr.textContent?.includes('Antenne placée') && tr.textContent.includes('Guise')));
  assert.match(await textOf(row), /ESS Test Flandres/);
});

admin('creates an operator account tied to its operator, by invitation (no mail server here: the link is shown once)', async ({ page }) => {
  await page.goto('/region/admin/utilisateurs');
  await page.getByLabel('E-mail (obligatoire)').fill('contact@ess-test-flandres.example');
  assert.is(await page.getByLabel(/Mot de passe initial/).count(), 0, 'the Region no longer chooses the password');
  await page.getByLabel('Rôle (obligatoire)').selectOption('operator');
  await page.getByRole('button', { name: 'Ajouter l’utilisateur' }).click();
  await refusal(page, 'user-operator');
  assert.match(await textOf(page.locator('#user-operator-error')), /^Un compte « Opérateur » doit être rattaché à un opérateur/);
  await page.getByLabel('Opérateur (obligatoire)').selectOption('ess-test-flandres');
  await page.getByRole('button', { name: 'Ajouter l’utilisateur' }).click();
  await page.getByText(/Compte contact@ess-test-flandres\.example créé/).waitFor();
  const link = await page.getByLabel('Lien d’invitation de contact@ess-test-flandres.example').inputValue();
  assert.match(link, /\/invitation#jeton=[\w-]{40,}$/);
  const row = page.locator('tr', { hasText: 'contact@ess-test-flandres.example' });
  assert.match(await textOf(row), /ESS Test Flandres/);

  await page.getByRole('button', { name: 'Nouveau mot de passe pour contact@ess-test-flandres.example' }).click();
  const field = page.getByLabel('Nouveau mot de passe pour contact@ess-test-flandres.example (obligatoire)');
  await field.fill('court');
  await page.getByRole('button', { name: 'Remplacer le mot de passe' }).click();
  await refusal(page, 'reset-password');
  assert.match(await textOf(page.locator('#reset-password-error')), /au moins/);
  await field.fill('un autre mot de passe assez long');
  await page.getByRole('button', { name: 'Remplacer le mot de passe' }).click();
  await page.getByText(/Mot de passe de contact@ess-test-flandres\.example remplacé/).waitFor();
});

admin('changes an account’s role: an operator account becomes a COTECH member without operator', async ({ page }) => {
  await page.getByRole('button', { name: 'Modifier contact@ess-test-flandres.example' }).click();
  await page.getByRole('heading', { name: 'Modifier le compte contact@ess-test-flandres.example' }).waitFor();
  assert.is(await page.getByLabel(/Mot de passe initial/).count(), 0, 'the password is changed apart');
  await page.getByLabel('Rôle (obligatoire)').selectOption('cotech');
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await page.getByText('Compte contact@ess-test-flandres.example modifié.').waitFor();
  const row = page.locator('tr', { hasText: 'contact@ess-test-flandres.example' });
  await page.waitForFunction(() => [...document.querySelectorAll('tr')].some((tr) => tr.textContent?.includes('contact@ess-test-flandres') && tr.textContent.includes('COTECH')));
  assert.not.match(await textOf(row), /ESS Test Flandres/);
});

admin('creates a vigilance zone from EPCIs chosen in the filtered list', async ({ page }) => {
  await page.goto('/region/admin/zones');
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Nouvelle zone de vigilance' }) });
  await form.getByLabel('Nom de la zone (obligatoire)').fill('Zone de test Thiérache');
  await form.getByLabel('Filtrer les EPCI par nom ou SIREN').fill('Thiérache');
  const boxes = form.getByRole('checkbox');
  await boxes.first().waitFor();
  await boxes.first().check();
  await page.getByRole('button', { name: 'Créer la zone' }).click();
  await page.getByText('Zone « Zone de test Thiérache » créée.').waitFor();
  await page.getByRole('heading', { level: 3, name: 'Zone de test Thiérache' }).waitFor();
});

admin.run();
