// Browser scenario of a quarter without any beneficiary (issue 5, report page): an operator with nothing
// uploaded declares the quarter empty through the on-page confirmation, sees the report as "Déclaré sans
// bénéficiaire" with 0 lines, submits it, and the Region finds it in its review queue with 0 lines; on another
// operator's report, the Region reads the declaration worded for filing it on the operator's behalf.
// The steps share one report, so they run in order in one suite.
import type { Locator, Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { demoLogin, describeViolations, expectedReportTakingUpload, type Harness, login, runAxe, screenshot, startHarness, stopHarness } from './harness.ts';

// Not dla-02 (operator-flow.test.ts): browser suites share one server and database in a run.
const OPERATOR = 'dasess-demo';

interface Context {
  harness: Harness;
  operator: Page;
  region: Page;
  /** An expected report of the operator that takes an upload: scheme and quarter */
  scheme: string;
  period: string;
}

const empty = suite<Context>('An operator declares a quarter without any beneficiary, which the Region reviews (browser)');

empty.before(async (ctx) => {
  ctx.harness = await startHarness();
  const operatorLogin = demoLogin(ctx.harness, 'operator', OPERATOR);
  ctx.operator = await ctx.harness.newPage();
  ctx.operator.setDefaultTimeout(15_000);
  await login(ctx.operator, operatorLogin.email, operatorLogin.password);

  // The report to declare: the operator's latest expected quarter whose page offers an upload.
  const target = await expectedReportTakingUpload(ctx.operator, OPERATOR);
  ctx.scheme = target.scheme;
  ctx.period = target.period;

  const regionLogin = demoLogin(ctx.harness, 'region');
  ctx.region = await ctx.harness.newPage();
  ctx.region.setDefaultTimeout(15_000);
  await login(ctx.region, regionLogin.email, regionLogin.password);
});

empty.after(async (ctx) => {
  await ctx.operator?.context().close();
  await ctx.region?.context().close();
  await stopHarness();
});

async function textOf(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? '';
}

const reportUrl = (ctx: Context) => `/rapports/${OPERATOR}/${ctx.scheme}/${ctx.period}`;
const isFocused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);

empty('opens a confirmation that explains the declaration, and Annuler closes it with focus back on the button', async (ctx) => {
  const page = ctx.operator;
  await page.goto(reportUrl(ctx));
  await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Rapport' }).waitFor();
  assert.match(await textOf(page.locator('.report-facts')), /aucun fichier déposé/);
  const opener = page.getByRole('button', { name: 'Aucun bénéficiaire ce trimestre' });
  await opener.click();
  assert.is(await opener.getAttribute('aria-expanded'), 'true');
  const explanation = page.locator('#declare-empty-confirm-text');
  assert.ok(await isFocused(explanation), 'focus moves to the explanation');
  assert.match(await textOf(explanation), /révision de 0 ligne[\s\S]*soumettre à la Région/);
  const violations = await runAxe(page);
  assert.equal(violations, [], `the open confirmation passes axe:\n${describeViolations(violations)}`);
  await page.getByRole('button', { name: 'Annuler' }).click();
  assert.is(await explanation.count(), 0, 'the confirmation is closed');
  assert.ok(await isFocused(opener), 'focus returns to the button that opened it');
});

empty('records the declaration: the report reads "Déclaré sans bénéficiaire", 0 lines, and can be submitted', async (ctx) => {
  const page = ctx.operator;
  await page.getByRole('button', { name: 'Aucun bénéficiaire ce trimestre' }).click();
  await page.getByRole('button', { name: 'Confirmer : aucun bénéficiaire' }).click();
  const result = page.getByText(/Déclaration enregistrée : révision n° 1, 0 ligne/);
  await result.waitFor();
  await page.locator('.report-facts .status-draft').waitFor();
  const facts = await textOf(page.locator('.report-facts'));
  assert.match(facts, /Déclaré sans bénéficiaire/);
  assert.match(facts, /0 \(révision n° 1, déclaration sans bénéficiaire\)/);
  assert.ok(await isFocused(page.locator('.result-ok')), 'focus moves to the announced result');
  assert.is(await page.getByRole('button', { name: 'Aucun bénéficiaire ce trimestre' }).count(), 0, 'not offered twice');
  const revisions = await textOf(page.locator('table', { hasText: 'Révisions déposées' }));
  assert.match(revisions, /saisie dans le navigateur/);
  assert.match(revisions, /déclaré sans bénéficiaire/);
  assert.match(await textOf(page.locator('section[aria-labelledby="lines-title"]')), /Aucune ligne/);
  await screenshot(page, 'operator-declared-empty');
  const violations = await runAxe(page);
  assert.equal(violations, [], `the declared report passes axe:\n${describeViolations(violations)}`);

  await page.getByRole('button', { name: 'Soumettre à la Région' }).click();
  await page.getByRole('button', { name: 'Confirmer la soumission' }).click();
  await page.getByText('Rapport soumis à la Région.').waitFor();
  await page.locator('.report-facts .status-submitted').waitFor();
  assert.match(await textOf(page.locator('.report-facts')), /Déclaré sans bénéficiaire/);
});

empty('shows the declared quarter in the calendar as 0 lines declared empty', async (ctx) => {
  const page = ctx.operator;
  await page.goto(`/rapports`);
  await page.getByLabel('Année').selectOption(ctx.period.slice(0, 4));
  const link = page.locator(`a[href="${reportUrl(ctx)}"]`);
  await link.waitFor();
  assert.match(await textOf(link.locator('xpath=..')), /soumis[\s\S]*0 ligne \(déclaré vide\)/);
});

empty('lets the Region find the declared report in its review queue with 0 lines', async (ctx) => {
  const page = ctx.region;
  await page.goto('/region/revue');
  const link = page.locator(`a[href="${reportUrl(ctx)}"]`).first();
  await link.waitFor();
  const row = page.locator('tr', { has: link });
  const cells = await row.locator('td, th').allTextContents();
  assert.ok(
    cells.some((c) => c.trim() === '0 (déclaré sans bénéficiaire)'),
    `the queue row says 0 lines, declared: ${cells.join(' | ')}`,
  );
  await link.click();
  await page.getByRole('button', { name: 'Valider le rapport' }).waitFor();
  assert.match(await textOf(page.locator('.report-facts')), /Déclaré sans bénéficiaire/);
});

empty('words the declaration for the Region, which may file it on an operator’s behalf', async (ctx) => {
  const page = ctx.region;
  // Another operator's expected report taking an upload (not the one declared above, nor operator-flow's).
  const expected = (await (await page.request.get('/api/v1/reports?status=expected')).json()) as Array<{ operator: string; operatorName: string; scheme: string; period: string }>;
  const candidates = expected.filter((r) => r.operator !== OPERATOR && r.operator !== 'dla-02');
  let target: (typeof candidates)[number] | undefined;
  for (const candidate of candidates) {
    const detail = (await (await page.request.get(`/api/v1/reports/${candidate.operator}/${candidate.scheme}/${candidate.period}`)).json()) as { actions?: string[] };
    if (detail.actions?.includes('upload')) {
      target = candidate;
      break;
    }
  }
  if (!target) throw new Error('no expected report taking an upload for the Region in the demo data');
  await page.goto(`/rapports/${target.operator}/${target.scheme}/${target.period}`);
  const block = page.locator('.declare-empty');
  await block.waitFor();
  const text = await textOf(block);
  assert.match(text, `Si ${target.operatorName} n’a accompagné aucun bénéficiaire`);
  assert.not.match(text, /Si vous n’avez accompagné/);
  await page.getByRole('button', { name: 'Aucun bénéficiaire ce trimestre' }).click();
  const explanation = page.locator('#declare-empty-confirm-text');
  assert.ok(await isFocused(explanation), 'focus moves to the explanation');
  assert.match(await textOf(explanation), `Déclarer que ${target.operatorName} n’a accompagné aucun bénéficiaire`);
  assert.match(await textOf(explanation), /enregistrée à votre nom/);
  await page.getByRole('button', { name: 'Annuler' }).click();
  assert.ok(await isFocused(page.getByRole('button', { name: 'Aucun bénéficiaire ce trimestre' })), 'focus returns to the button');
});

empty.run();
