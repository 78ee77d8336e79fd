// The maps with a keyboard: the EPCI shapes are no tab stops (the search box and the table are the
// keyboard way to an EPCI), "Passer la carte" skips each map, the panel gives focus back when it
// closes, the EPCI search is a combobox, and a distance out of range is refused visibly.
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { demoLogin, type Harness, screenshot, startHarness, stopHarness } from './harness.ts';

interface Context {
  harness: Harness;
  page: Page;
}

const keyboard = suite<Context>('The maps can be used and skipped with the keyboard (browser)');

keyboard.before(async (ctx) => {
  ctx.harness = await startHarness();
  ctx.page = await ctx.harness.newPage();
  const account = demoLogin(ctx.harness, 'cotech');
  await ctx.page.request.post('/api/v1/session', { data: { email: account.email, password: account.password } });
});

keyboard.after(async (ctx) => {
  await ctx.page.context().close();
  await stopHarness();
});

async function openMaps(page: Page, path: string, count: number): Promise<void> {
  await page.goto(path);
  await page.waitForFunction((n) => document.querySelectorAll('[data-map-ready="true"]').length === n, count, { timeout: 20_000 });
}

/** How many EPCI shapes take focus when asked to (none should). */
const focusableShapes = (page: Page) =>
  page.evaluate(
    () =>
      [...document.querySelectorAll<SVGPathElement>('.leaflet-overlay-pane path')].filter((path) => {
        path.focus();
        return document.activeElement === path;
      }).length,
  );

/** Text, accessible name and id of the focused element. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      id: el?.id ?? '',
      text: el?.textContent?.trim() ?? '',
      label: el?.getAttribute('aria-label') ?? '',
      title: el?.getAttribute('title') ?? '',
      inMap: !!el?.closest('.territory-map'),
      isMap: !!el?.classList.contains('territory-map'),
    };
  });

keyboard('puts the map in the tab order once, with its French name and zoom buttons, and no EPCI shape', async ({ page }) => {
  await openMaps(page, '/', 1);
  assert.is(await page.locator('.leaflet-overlay-pane path.leaflet-interactive').count(), 92, 'the shapes are still clickable');
  assert.is(await focusableShapes(page), 0, 'no EPCI shape takes focus');
  await page.getByRole('link', { name: 'Passer la carte' }).focus();
  await page.keyboard.press('Tab');
  const map = await focused(page);
  assert.ok(map.isMap, 'the map container comes right after the skip link');
  assert.match(map.label, /^Carte des EPCI : /);
  await screenshot(page, 'map-keyboard-focus');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page).then((f) => [f.label, f.title]), ['Zoom avant', 'Zoom avant']);
  await page.keyboard.press('Tab');
  assert.equal(await focused(page).then((f) => [f.label, f.title]), ['Zoom arrière', 'Zoom arrière']);
  await page.keyboard.press('Tab');
  assert.not.ok((await focused(page)).inMap, 'the next tab stop is past the map');
});

keyboard('skips the map to the EPCI table with "Passer la carte", shown while it has focus', async ({ page }) => {
  await page.getByRole('heading', { name: 'Tableau des EPCI' }).waitFor();
  const skip = page.getByRole('link', { name: 'Passer la carte' });
  await skip.focus();
  const box = await skip.boundingBox();
  assert.ok(box && box.width > 20 && box.height > 10, 'the skip link is visible once focused');
  await page.keyboard.press('Enter');
  assert.is((await focused(page)).id, 'tableau-des-epci');
});

keyboard('gives focus back to the table button when "Fermer le panneau" closes the panel', async ({ page }) => {
  const row = page.locator('tbody button', { hasText: 'Douaisis' }).first();
  await row.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'epci-panel-title');
  await page.getByRole('button', { name: 'Fermer le panneau' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /Douaisis/.test(document.activeElement?.textContent ?? ''));
  assert.is(await page.locator('.side-panel').count(), 0);
});

keyboard('moves through the EPCIs found with the arrows, and Échap in the panel gives focus back to the search', async ({ page }) => {
  const search = page.getByRole('combobox', { name: 'Rechercher un EPCI' });
  await search.focus();
  await page.keyboard.type('Pays');
  const options = page.getByRole('listbox', { name: 'EPCI trouvés' }).getByRole('option');
  assert.ok((await options.count()) >= 2, 'several EPCIs found');
  assert.is(await search.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const second = options.nth(1);
  assert.is(await search.getAttribute('aria-activedescendant'), await second.getAttribute('id'));
  assert.is(await second.getAttribute('aria-selected'), 'true');
  const name = (await second.textContent()) ?? '';
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'epci-panel-title');
  assert.is((await page.locator('#epci-panel-title').textContent())?.trim(), name.trim());
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'combobox');
  assert.is(await page.locator('.side-panel').count(), 0);
});

keyboard('says visibly when no EPCI matches the search', async ({ page }) => {
  await page.getByRole('combobox', { name: 'Rechercher un EPCI' }).fill('zzzz');
  assert.ok(await page.getByText('Aucun EPCI ne correspond à « zzzz ».').isVisible());
  assert.is(await page.locator('.epci-search [role="option"]').count(), 0);
  await page.getByRole('combobox', { name: 'Rechercher un EPCI' }).fill('');
});

keyboard('gives focus back to the map when the panel of an EPCI clicked on the map closes', async ({ page }) => {
  // a point where an EPCI shape, not a site marker, is on top
  const point = await page.evaluate(() => {
    for (const path of document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive')) {
      const r = path.getBoundingClientRect();
      const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
      if (document.elementFromPoint(x, y) === path) return { x, y };
    }
    return null;
  });
  assert.ok(point, 'an EPCI can be clicked');
  await page.mouse.click(point!.x, point!.y);
  await page.waitForFunction(() => document.activeElement?.id === 'epci-panel-title');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.activeElement?.id === 'carte-epci');
});

keyboard('refuses a distance outside 1 to 100 km with a visible message tied to the field, and keeps 20 km', async ({ page }) => {
  const field = page.getByLabel('Distance de proximité (km)');
  for (const typed of ['0', '150']) {
    await field.fill(typed);
    await field.press('Tab');
    assert.is(await field.getAttribute('aria-invalid'), 'true', typed);
    const errorId = (await field.getAttribute('aria-describedby')) ?? '';
    const error = page.locator(`#${errorId}`);
    assert.ok(await error.isVisible(), `the message for ${typed} is visible`);
    assert.match((await error.textContent()) ?? '', /entre 1 et 100\. La distance appliquée reste 20 km/);
    assert.is(await field.inputValue(), typed, 'what was typed stays, to be corrected');
    assert.match(page.url(), /km=20\b/);
    assert.ok(await page.getByText('Cercles de 20 km').isVisible());
  }
  await screenshot(page, 'map-keyboard-distance-error');
  await field.fill('30');
  await field.press('Tab');
  await page.waitForURL(/km=30\b/);
  assert.is(await field.getAttribute('aria-invalid'), null);
  assert.is(await field.getAttribute('aria-describedby'), null);
  assert.ok(await page.getByText('Cercles de 30 km').isVisible());
});

keyboard('puts each COTECH map in the tab order once, and "Passer la carte" goes past each', async ({ page }) => {
  await openMaps(page, '/cotech', 2);
  assert.is(await page.locator('.leaflet-overlay-pane path.leaflet-interactive').count(), 184);
  assert.is(await focusableShapes(page), 0, 'no EPCI shape takes focus');
  const skips = page.getByRole('link', { name: 'Passer la carte' });
  assert.is(await skips.count(), 2);
  for (const i of [0, 1]) {
    await skips.nth(i).focus();
    await page.keyboard.press('Tab');
    const map = await focused(page);
    assert.ok(map.isMap, `map ${i + 1} is the stop after its skip link`);
    assert.match(map.label, /^Carte des EPCI : .*cohorte /);
    await skips.nth(i).focus();
    await page.keyboard.press('Enter');
    assert.is((await focused(page)).text, 'Fin de la carte');
    await page.keyboard.press('Tab');
    const next = await focused(page);
    assert.not.ok(next.inMap, `the next tab stop after skipping map ${i + 1} is past it`);
  }
});

keyboard.run();
