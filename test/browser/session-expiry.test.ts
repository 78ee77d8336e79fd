// Browser scenario of a session that expires while an operator works (issue 9): the chosen file is kept,
// a login dialog opens over the page, and once logged in again the upload resumes by itself.
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { demoLogin, describeViolations, expectedReportTakingUpload, type Harness, loggedInPage, runAxe, startHarness, stopHarness } from './harness.ts';

// Not used to upload by the other browser suites, which share one server and database in a run.
const OPERATOR = 'dla-59';

interface Context {
  harness: Harness;
  page: Page;
  password: string;
  email: string;
  url: string;
}

const expiry = suite<Context>('A session that expires during an upload resumes after logging in again in place (browser)');

expiry.before(async (ctx) => {
  ctx.harness = await startHarness();
  const account = demoLogin(ctx.harness, 'operator', OPERATOR);
  ctx.email = account.email;
  ctx.password = account.password;
  ctx.page = await loggedInPage(ctx.harness, 'operator', OPERATOR);
  const target = await expectedReportTakingUpload(ctx.page, OPERATOR);
  ctx.url = `/rapports/${OPERATOR}/${target.scheme}/${target.period}`;
});

expiry.after(async (ctx) => {
  await ctx.page?.context().close();
  await stopHarness();
});

expiry('the file chosen before the expiry is sent once the user has logged in again', async (ctx) => {
  const page = ctx.page;
  await page.goto(ctx.url);
  const input = page.getByLabel('Fichier des bénéficiaires du trimestre (CSV ou XLSX)');
  await input.setInputFiles({ name: 'rapport.csv', mimeType: 'text/csv', buffer: Buffer.from('ref_beneficiaire;type_beneficiaire\r\nX;entreprise\r\n', 'utf8') });

  // The session ends on the server (expired, or closed elsewhere) while the page is open.
  const user = await ctx.harness.db.selectFrom('users').select('id').where('email', '=', ctx.email).executeTakeFirstOrThrow();
  await ctx.harness.db.deleteFrom('sessions').where('user_id', '=', user.id).execute();

  await page.getByRole('button', { name: 'Déposer le fichier' }).click();
  const dialog = page.getByRole('dialog', { name: 'Session expirée' });
  await dialog.waitFor();
  assert.is(await page.getByLabel('Adresse e-mail').inputValue(), ctx.email);
  const violations = await runAxe(page);
  assert.equal(violations, [], `the login dialog passes axe:\n${describeViolations(violations)}`);
  await page.getByLabel('Mot de passe').fill(ctx.password);
  await page.getByRole('button', { name: 'Se reconnecter et reprendre' }).click();
  await dialog.waitFor({ state: 'detached' });
  // The upload went through with the new session: the server answered about the file's content.
  await page.locator('#error-summary, .result-error').first().waitFor();
  assert.match((await page.locator('.report-section').allTextContents()).join(' '), /refusé|erreur/i);
  assert.match(new URL(page.url()).pathname, new RegExp(`^${ctx.url}$`), 'still on the report page');
});

expiry.run();
