// Browser scenario of a revision with warnings (issue 9): the review queue shows their count, and validating
// asks the reviewer to confirm that they read them; an empty confirmation is refused in place.
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { describeViolations, expectedReportTakingUpload, type Harness, loggedInPage, runAxe, startHarness, stopHarness } from './harness.ts';

// Not used by the other browser suites, which share one server and database in a run.
const OPERATOR = 'fidess-demo';

interface Context {
  harness: Harness;
  region: Page;
  url: string;
}

const review = suite<Context>('The Region validates a revision with warnings only after saying it read them (browser)');

review.before(async (ctx) => {
  ctx.harness = await startHarness();
  const operator = await loggedInPage(ctx.harness, 'operator', OPERATOR);
  const request = operator.request;
  const { csrfToken } = (await (await request.get('/api/v1/session')).json()) as { csrfToken: string };
  const target = await expectedReportTakingUpload(operator, OPERATOR);
  const base = `/api/v1/reports/${OPERATOR}/${target.scheme}/${target.period}`;
  const start = `${target.period.slice(0, 4)}-${String((Number(target.period.slice(6)) - 1) * 3 + 1).padStart(2, '0')}-05`;
  // A reference shaped like a person's name is accepted with a warning.
  const lines = [{ beneficiary_ref: 'Jean Dupont', beneficiary_type: 'porteur_projet', commune: '02691', stage: 'emergence', start_date: start }];
  const headers = { 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  const upload = await request.put(`${base}/lines`, { headers, data: { lines } });
  assert.is(upload.status(), 200, await upload.text());
  assert.is(((await upload.json()) as { warnings: unknown[] }).warnings.length, 1);
  assert.is((await request.post(`${base}/submit`, { headers, data: {} })).status(), 200);
  await operator.context().close();
  ctx.url = `/rapports/${OPERATOR}/${target.scheme}/${target.period}`;

  ctx.region = await loggedInPage(ctx.harness, 'region');
});

review.after(async (ctx) => {
  await ctx.region?.context().close();
  await stopHarness();
});

review('the review queue shows the warning count, and validation asks to confirm having read them', async (ctx) => {
  const page = ctx.region;
  await page.goto('/region/revue');
  const row = page.locator('tr', { has: page.locator(`a[href="${ctx.url}"]`) });
  await row.waitFor();
  assert.match((await row.textContent()) ?? '', /1 à lire/);

  await page.goto(ctx.url);
  await page.getByRole('button', { name: 'Valider le rapport…' }).click();
  await page.getByRole('button', { name: 'Confirmer la validation' }).click();
  assert.match((await page.locator('#warnings-read-error').textContent()) ?? '', /Cochez la case/);
  assert.is(await page.locator('.report-facts .status-submitted').count(), 1, 'nothing validated without the confirmation');
  const violations = await runAxe(page);
  assert.equal(violations, [], `the confirmation with its error passes axe:\n${describeViolations(violations)}`);
  await page.getByLabel('J’ai lu l’avertissement de cette révision').check();
  await page.getByRole('button', { name: 'Confirmer la validation' }).click();
  await page.locator('.result-ok', { hasText: 'Rapport validé' }).waitFor();
  await page.locator('.report-facts .status-validated').waitFor();
});

review.run();
