// Invitations and password reset through a real SMTP server (issue 11): receive the message, parse it,
// follow its link, set the password, log in; the same answer for unknown addresses; expired and reused
// tokens refused; SMTP down: the request still succeeds and the outbox retries.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { deliverDue, recoverInterrupted } from '../../server/mail/outbox.ts';
import { mailServiceFor } from '../../server/mail/service.ts';
import { createUserToken } from '../../server/mail/tokens.ts';
import { call, createTestApp, sessionFor, type TestApp } from '../helpers/app.ts';
import { startSmtp, type TestSmtp, tokenIn } from './smtp.ts';

const Mail = suite<{ smtp: TestSmtp; t: TestApp; region: Record<string, string> }>('accounts by e-mail (real SMTP server)');
const NEW_PASSWORD = 'cartable-hérisson-nuage-7';

Mail.before.each(async (ctx) => {
  ctx.smtp = await startSmtp();
  ctx.t = await createTestApp({ smtpUrl: ctx.smtp.url, publicUrl: 'https://ess.region.example', mailFrom: 'Territoires ESS <ess@region.example>' });
  await sessionFor(ctx.t.db, 'operator', 'gallee');
  ctx.region = (await sessionFor(ctx.t.db, 'region')).headers;
});

Mail.after.each(async (ctx) => {
  await mailServiceFor(ctx.t.db, ctx.t.deps.config).idle();
  await ctx.smtp.close();
});

const login = (t: TestApp, email: string, password: string) => call(t.app, 'POST', '/api/v1/session', {}, { email, password });

Mail('an invited operator user receives the link, sets a password under the rule, then logs in; the link works once', async ({ smtp, t, region }) => {
  const created = await call(t.app, 'POST', '/api/v1/users', region, { email: 'Camille@Gallee.example', role: 'operator', operator: 'gallee' });
  assert.is(created.status, 201, JSON.stringify(created.body));
  assert.is(created.body.invitation, 'sent');
  const [mail] = await smtp.waitFor(1);
  assert.is(mail.to && 'text' in mail.to ? mail.to.text : '', 'camille@gallee.example');
  assert.match(mail.subject ?? '', /Territoires ESS/);
  assert.match(mail.text ?? '', /https:\/\/ess\.region\.example\/invitation#jeton=/);
  assert.match(String(mail.html), /<a href="https:\/\/ess\.region\.example\/invitation#jeton=/);
  assert.match(mail.text ?? '', /72 heures/);
  const token = tokenIn(mail);
  assert.is((await login(t, 'camille@gallee.example', NEW_PASSWORD)).status, 401, 'no password before the invitation is accepted');
  const weak = await call(t.app, 'POST', '/api/v1/invitations/confirm', {}, { token, password: 'motdepasse1' });
  assert.is(weak.status, 422);
  const accepted = await call(t.app, 'POST', '/api/v1/invitations/confirm', {}, { token, password: NEW_PASSWORD });
  assert.is(accepted.status, 200, JSON.stringify(accepted.body));
  assert.is((await login(t, 'camille@gallee.example', NEW_PASSWORD)).status, 200);
  const again = await call(t.app, 'POST', '/api/v1/invitations/confirm', {}, { token, password: 'un-autre-mot-de-passe-9' });
  assert.is(again.status, 400);
  assert.match(again.body.error.message, /déjà servi ou il a expiré/);
  const actions = (await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'user').execute()).map((r) => r.action);
  assert.ok(actions.includes('user.invitation_accepted'));
});

Mail('without SMTP the Region is shown the invitation link once, and nothing is queued', async () => {
  const t = await createTestApp();
  const region = (await sessionFor(t.db, 'region')).headers;
  const created = await call(t.app, 'POST', '/api/v1/users', region, { email: 'dominique@region.example', role: 'cotech' });
  assert.is(created.status, 201);
  assert.match(created.body.invitation.link, /\/invitation#jeton=[\w-]{40,}$/);
  assert.is((await t.db.selectFrom('outbox').selectAll().execute()).length, 0);
  const token = /#jeton=(.+)$/.exec(created.body.invitation.link)![1];
  assert.is((await call(t.app, 'POST', '/api/v1/invitations/confirm', {}, { token, password: NEW_PASSWORD })).status, 200);
  const listed = await call(t.app, 'GET', `/api/v1/users/${created.body.id}`, region);
  assert.is(listed.body.invitation, undefined, 'the link is shown once, never listed');
});

Mail('password reset: same answer for an unknown address, a link by mail, every session closed, the token single-use', async ({ smtp, t }) => {
  const user = await sessionFor(t.db, 'operator', 'gallee', 'dominique@gallee.example');
  const unknown = await call(t.app, 'POST', '/api/v1/password-reset', {}, { email: 'personne@nulle-part.example' });
  const known = await call(t.app, 'POST', '/api/v1/password-reset', {}, { email: 'Dominique@Gallee.example' });
  assert.is(unknown.status, 202);
  assert.is(known.status, 202);
  assert.equal(unknown.body, known.body);
  const [mail] = await smtp.waitFor(1);
  assert.is(smtp.received.length, 1, 'only the known address got a mail');
  assert.match(mail.text ?? '', /30 minutes/);
  assert.match(mail.text ?? '', /\/reinitialiser#jeton=/);
  const token = tokenIn(mail);
  const stored = await t.db.selectFrom('user_tokens').select('token_hash').executeTakeFirstOrThrow();
  assert.is.not(stored.token_hash, token, 'the token is stored hashed');
  assert.is((await call(t.app, 'GET', '/api/v1/session', user.headers)).status, 200);
  assert.is((await call(t.app, 'POST', '/api/v1/password-reset/confirm', {}, { token, password: NEW_PASSWORD })).status, 200);
  assert.is((await call(t.app, 'GET', '/api/v1/session', user.headers)).status, 401, 'sessions closed');
  assert.is((await login(t, 'dominique@gallee.example', NEW_PASSWORD)).status, 200);
  assert.is((await call(t.app, 'POST', '/api/v1/password-reset/confirm', {}, { token, password: 'encore-un-autre-mot-9' })).status, 400);
});

Mail('an expired reset token is refused; requests are throttled per address asked for', async ({ t }) => {
  const user = await sessionFor(t.db, 'operator', 'gallee', 'alex@gallee.example');
  const expired = await createUserToken(t.db, user.userId, 'password_reset', 30 * 60_000, new Date(Date.now() - 31 * 60_000));
  const refused = await call(t.app, 'POST', '/api/v1/password-reset/confirm', {}, { token: expired, password: NEW_PASSWORD });
  assert.is(refused.status, 400);
  assert.equal(refused.body.error.details, [{ field: 'token', message: refused.body.error.message }]);
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push((await call(t.app, 'POST', '/api/v1/password-reset', {}, { email: 'alex@gallee.example' })).status);
  assert.equal(statuses, [202, 202, 202, 429]);
  assert.is((await call(t.app, 'POST', '/api/v1/password-reset', {}, { email: 'x'.repeat(400) })).status, 400);
  assert.is((await call(t.app, 'POST', '/api/v1/password-reset/confirm', {}, { token: 'court', password: NEW_PASSWORD })).status, 400);
});

Mail('SMTP refusing: the request that queued the mail still succeeds, the outbox retries with backoff and sends later', async ({ smtp, t, region }) => {
  smtp.refuse(true);
  const created = await call(t.app, 'POST', '/api/v1/users', region, { email: 'sam@gallee.example', role: 'operator', operator: 'gallee' });
  assert.is(created.status, 201);
  const service = mailServiceFor(t.db, t.deps.config);
  await service.idle();
  let row = await t.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
  assert.equal([row.status, row.attempts], ['pending', 1]);
  assert.match(row.last_error ?? '', /451|indisponible/);
  assert.ok(row.next_attempt_at > new Date(Date.now() + 50_000).toISOString(), 'retried in a minute, not at once');
  // Nothing is due yet: another pass sends nothing.
  assert.equal(await deliverDue(t.db, service.mailer), { sent: 0, failed: 0 });
  smtp.refuse(false);
  const later = () => new Date(Date.now() + 2 * 60_000);
  assert.equal(await deliverDue(t.db, service.mailer, later), { sent: 1, failed: 0 });
  row = await t.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
  assert.equal([row.status, row.attempts], ['sent', 2]);
  await smtp.waitFor(1);
  const listed = await call(t.app, 'GET', '/api/v1/outbox', region);
  assert.equal([listed.body.configured, listed.body.entries[0].status], [true, 'sent']);
});

Mail('a mail interrupted while sending is not sent again after a restart; the Region can resend it', async ({ smtp, t, region }) => {
  await call(t.app, 'POST', '/api/v1/users', region, { email: 'lou@gallee.example', role: 'operator', operator: 'gallee' });
  await mailServiceFor(t.db, t.deps.config).idle();
  await smtp.waitFor(1);
  // A second mail claimed by a process that died before it could record the outcome.
  await call(t.app, 'POST', '/api/v1/password-reset', {}, { email: 'lou@gallee.example' });
  await t.db.updateTable('outbox').set({ status: 'sending' }).where('kind', '=', 'password_reset').execute();
  assert.is(await recoverInterrupted(t.db), 1);
  assert.equal(await deliverDue(t.db, mailServiceFor(t.db, t.deps.config).mailer), { sent: 0, failed: 0 });
  const failed = (await call(t.app, 'GET', '/api/v1/outbox?status=failed', region)).body.entries;
  assert.is(failed.length, 1);
  assert.match(failed[0].lastError, /non renvoyé/);
  assert.is((await call(t.app, 'POST', `/api/v1/outbox/${failed[0].id}/retry`, region)).status, 200);
  await mailServiceFor(t.db, t.deps.config).idle();
  await smtp.waitFor(2);
  assert.is((await call(t.app, 'POST', `/api/v1/outbox/${failed[0].id}/retry`, region)).status, 409);
});

Mail.run();
