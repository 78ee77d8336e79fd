// Committee meetings in the browser (issue 10): the Region prepares a COTECH meeting through the form,
// freezes its figures, finds them stamped and unchanged, and reads what changed since; a COTECH member
// opens the frozen meeting and sees masked small numbers.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { type Harness, loggedInPage, screenshot, startHarness, stopHarness } from './harness.ts';

const Meetings = suite<{ harness: Harness }>('The Region prepares, freezes and presents a meeting (browser)');

Meetings.before(async (ctx) => {
  ctx.harness = await startHarness();
});

Meetings.after(async () => {
  await stopHarness();
});

Meetings('prepare a COTECH meeting with the keyboard-friendly form, freeze it, read it stamped with its hash', async ({ harness }) => {
  const page = await loggedInPage(harness, 'region');
  await page.goto('/seances');
  await page.getByRole('heading', { name: 'Séances des comités' }).waitFor();
  // The demo seeds one frozen COTECH and one COPRESS in preparation.
  await page.getByRole('link', { name: 'COTECH de démonstration' }).waitFor(); // the list arrives after the page's heading
  await page.getByLabel('Date de la séance').fill('2027-03-10');
  await page.getByLabel(/^Titre/).fill('COTECH de mars 2027');
  await page.getByLabel('Cohorte A : à').selectOption('2024');
  await page.getByLabel('Cohorte B : à').selectOption('2025');
  await page.getByRole('button', { name: 'Préparer la séance' }).click();
  await page.waitForURL(/\/seances\/\d+$/);
  await page.getByText('Séance en préparation').waitFor();
  await page.getByRole('button', { name: 'Arrêter les chiffres' }).click();
  // The question takes focus, then the confirmation.
  await page.waitForFunction(() => document.activeElement?.id === 'meeting-confirm', undefined, { timeout: 5000 });
  await page.getByRole('button', { name: 'Confirmer l’arrêt des chiffres' }).click();
  await page.locator('.frozen-stamp').waitFor();
  const sha = (await page.locator('code.sha').textContent()) ?? '';
  assert.match(sha, /^[0-9a-f]{64}$/);
  await page.locator('[data-map-ready="true"]').nth(1).waitFor();
  assert.ok(await page.locator('table', { has: page.locator('caption', { hasText: 'Chiffres par année' }) }).isVisible());
  // A frozen meeting offers no freeze or delete any more.
  assert.is(await page.getByRole('button', { name: 'Arrêter les chiffres' }).count(), 0);
  await page.getByRole('button', { name: 'Comparer avec les chiffres d’aujourd’hui' }).click();
  await page.getByText(/Comparé aux chiffres du/).waitFor();
  assert.match((await page.locator('.changes p').first().textContent()) ?? '', /aucun changement/);
  await screenshot(page, 'seance-arretee');
  await page.reload();
  await page.locator('.frozen-stamp').waitFor();
  assert.is(await page.locator('code.sha').textContent(), sha);
  await page.context().close();
});

Meetings('a COTECH member lists meetings, opens the frozen one, sees small numbers masked and cannot freeze', async ({ harness }) => {
  const page = await loggedInPage(harness, 'cotech');
  await page.goto('/seances');
  await page.getByRole('link', { name: 'COTECH de démonstration' }).click();
  await page.locator('.frozen-stamp').waitFor();
  assert.is(await page.getByRole('button', { name: 'Arrêter les chiffres' }).count(), 0);
  assert.is(await page.getByRole('heading', { name: 'Préparer une séance' }).count(), 0);
  await page.locator('[data-map-ready="true"]').nth(1).waitFor();
  assert.ok(await page.getByText(/Secret des petits nombres/).first().isVisible());
  const cells = await page.locator('table tbody td').allInnerTexts();
  assert.ok(cells.some((t) => t.trim() === '< 3'), 'some EPCI shows « < 3 »');
  await screenshot(page, 'seance-cotech');
  await page.context().close();
});

Meetings.run();
