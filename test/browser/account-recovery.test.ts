// Getting into an account in the browser (issue 11): « Mot de passe oublié ? » from the login page answers
// the same for any address; a reset link's page sets a new password (refusing a weak one) and the user logs
// in with it; an invitation link shown to the Region opens the same page and lets the new user in.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createUserToken, INVITATION_TTL_MS, PASSWORD_RESET_TTL_MS } from '../../server/mail/tokens.ts';
import { demoLogin, type Harness, login, startHarness, stopHarness } from './harness.ts';

const Recovery = suite<{ harness: Harness }>('Forgotten passwords and invitations (browser)');

Recovery.before(async (ctx) => {
  ctx.harness = await startHarness();
});

Recovery.after(async () => {
  await stopHarness();
});

Recovery('« Mot de passe oublié ? » leads to a form whose answer does not tell whether the address has an account', async ({ harness }) => {
  const page = await harness.newPage();
  await page.goto('/connexion');
  await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
  await page.getByRole('heading', { name: 'Mot de passe oublié' }).waitFor();
  await page.getByLabel('Adresse e-mail').fill('personne@nulle-part.example');
  await page.getByRole('button', { name: 'Recevoir un lien' }).click();
  const answer = (await page.getByRole('status').first().textContent()) ?? '';
  assert.match(answer, /Si un compte correspond à cette adresse/);
  await page.context().close();
});

Recovery('a reset link sets a new password, refusing a weak one, and the user logs in with it', async ({ harness }) => {
  const account = demoLogin(harness, 'operator');
  const user = await harness.db.selectFrom('users').select(['id', 'password_hash']).where('email', '=', account.email).executeTakeFirstOrThrow();
  const token = await createUserToken(harness.db, user.id, 'password_reset', PASSWORD_RESET_TTL_MS);
  const page = await harness.newPage();
  await page.goto(`/reinitialiser#jeton=${token}`);
  await page.getByRole('heading', { name: 'Nouveau mot de passe' }).waitFor();
  await page.getByLabel(/^Nouveau mot de passe/).fill('motdepasse12');
  await page.getByLabel('Confirmez le nouveau mot de passe').fill('motdepasse12');
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await page.getByText('Mot de passe non enregistré').waitFor();
  const strong = 'girouette-lagune-bitume-4';
  await page.getByLabel(/^Nouveau mot de passe/).fill(strong);
  await page.getByLabel('Confirmez le nouveau mot de passe').fill(strong);
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await page.getByText(/Mot de passe changé/).waitFor();
  assert.not.match(page.url(), /jeton/, 'the used token leaves the address bar');
  await page.getByRole('link', { name: 'Se connecter' }).click();
  await login(page, account.email, strong);
  assert.match(new URL(page.url()).pathname, /^\/rapports/);
  await page.context().close();
  // The demo password again, for the other suites sharing this server.
  await harness.db.updateTable('users').set({ password_hash: user.password_hash }).where('id', '=', user.id).execute();
});

Recovery('an invitation link lets a new user choose a password and log in', async ({ harness }) => {
  const { id } = await harness.db
    .insertInto('users')
    .values({ email: 'nouvelle@gallee.example', password_hash: '!', role: 'cotech', operator_id: null, created_at: new Date().toISOString(), locked_until: null, disabled_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const token = await createUserToken(harness.db, id, 'invitation', INVITATION_TTL_MS);
  const page = await harness.newPage();
  await page.goto(`/invitation#jeton=${token}`);
  await page.getByRole('heading', { name: 'Choisir votre mot de passe' }).waitFor();
  await page.getByLabel(/^Nouveau mot de passe/).fill('boussole-érable-fanfare-8');
  await page.getByLabel('Confirmez le nouveau mot de passe').fill('boussole-érable-fanfare-8');
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await page.getByText(/vous pouvez vous connecter/).waitFor();
  await login(page, 'nouvelle@gallee.example', 'boussole-érable-fanfare-8');
  assert.is(new URL(page.url()).pathname, '/');
  await page.context().close();
});

Recovery.run();
