// Equity as the roadmap judges it, in the browser (issue 13): the map's « Couverture attendue » figure with its
// gaps outlined and its model stated, the « Territoire conventionné » filter, the dashboard's families, sizes and
// agreements' gaps, and the Region's capacities and ESS establishments file; axe on the new views.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { describeViolations, type Harness, loggedInPage, runAxe, startHarness, stopHarness } from './harness.ts';

const equity = suite<{ harness: Harness }>('Equity against capacity, territories and reach (browser)');

equity.before(async (ctx) => {
  ctx.harness = await startHarness();
});

equity.after(async () => {
  await stopHarness();
});

equity('the map shows the expected coverage, its gaps and model, and narrows to an agreed territory', async ({ harness }) => {
  const page = await loggedInPage(harness, 'region');
  await page.goto('/?de=2024&a=2026&dispositifs=ACCESS,DLA,FIDESS,DASESS&base=valides&km=20&chiffre=coverageProbability');
  await page.locator('[data-map-ready="true"]').waitFor();
  await page.getByRole('heading', { name: /Légende : Couverture attendue/ }).waitFor();
  await page.getByText('Pointillé orangé : écart à l’attendu', { exact: false }).waitFor();
  await page.getByRole('columnheader', { name: /Couverture attendue \(capacités\)/ }).waitFor();
  assert.match((await page.locator('p.note', { hasText: 'Couverture attendue :' }).textContent()) ?? '', /capacité annuelle/);
  const allRows = await page.locator('table').filter({ has: page.getByRole('columnheader', { name: /Écart à l’attendu/ }) }).locator('tbody tr').count();
  assert.is(allRows, 92);

  const filter = page.getByLabel('Territoire conventionné');
  const option = await filter.locator('option', { hasText: /DLA de la Somme/ }).getAttribute('value');
  await filter.selectOption(option!);
  await page.getByRole('status').filter({ hasText: 'Territoire conventionné DLA de la Somme' }).waitFor();
  const inTerritory = await page.locator('table').filter({ has: page.getByRole('columnheader', { name: /Écart à l’attendu/ }) }).locator('tbody tr').count();
  assert.ok(inTerritory > 5 && inTerritory < 30, `${inTerritory} EPCI in the Somme's DLA territory`);
  await page.getByText(/Trait mixte noir : territoire conventionné/).waitFor();
  const violations = await runAxe(page);
  assert.equal(violations, [], describeViolations(violations));
  await page.context().close();
});

equity('the dashboard tells who is reached and which agreements leave part of their territory unserved', async ({ harness }) => {
  const page = await loggedInPage(harness, 'region');
  await page.goto('/tableau-de-bord');
  await page.getByRole('heading', { name: 'Qui est accompagné : familles de l’ESS et tailles' }).waitFor();
  const families = page.locator('table', { has: page.locator('caption', { hasText: 'par famille de l’ESS' }) });
  await families.waitFor();
  assert.match((await families.locator('thead').textContent()) ?? '', /Associations.*Coopératives/);
  await page.locator('caption', { hasText: 'par taille d’entreprise' }).waitFor();
  const gaps = page.locator('table', { has: page.locator('caption', { hasText: /Territoires conventionnés en \d{4}/ }) });
  await gaps.waitFor();
  assert.ok((await gaps.locator('tbody tr').count()) >= 10);
  const violations = await runAxe(page);
  assert.equal(violations, [], describeViolations(violations));
  await page.context().close();
});

equity('the Region sets a direct aid’s capacity and loads then removes the ESS establishments file', async ({ harness }) => {
  const page = await loggedInPage(harness, 'region');
  await page.goto('/region/admin/objectifs');
  const capacity = page.getByLabel(/BUSIN.ESS : entreprises aidées par an/);
  await capacity.fill('15');
  await page.getByRole('button', { name: /Enregistrer la capacité de BUSIN.ESS/ }).click();
  await page.getByText(/Capacité de BUSIN.ESS enregistrée/).waitFor();
  await page.getByLabel(/Fichier CSV \(colonnes epci_siren/).setInputFiles({ name: 'panorama.csv', mimeType: 'text/csv', buffer: Buffer.from('epci_siren;etablissements;emplois\n200093201;4120;61500\n') });
  await page.getByRole('button', { name: 'Charger le fichier' }).click();
  await page.getByText(/Établissements de l’ESS chargés/).waitFor();
  await page.getByText(/1 EPCI, 4\u202f?120 établissements/).waitFor();
  await page.getByRole('button', { name: 'Retirer les établissements' }).click();
  await page.getByText(/la population redevient la base/).first().waitFor();
  const violations = await runAxe(page);
  assert.equal(violations, [], describeViolations(violations));
  await page.context().close();
});

equity.run();
