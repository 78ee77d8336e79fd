import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { addLoginUser, PASSWORD, request } from './helpers.ts';

const attempt = (t: TestApp, email: string, password: string) => request(t.app, 'POST', '/api/v1/session', {}, { email, password });

const Throttling = suite<{ t: TestApp }>('login throttling');

Throttling.before.each(async (ctx) => {
  ctx.t = await createTestApp();
  await addLoginUser(ctx.t.db, 'claire@region.example', 'region');
});

Throttling('locks the account after 5 failures: even the right password gets 429 with Retry-After and a French message', async ({ t }) => {
  for (let i = 0; i < 5; i++) assert.is((await attempt(t, 'claire@region.example', `wrong-${i}`)).status, 401);
  const locked = await attempt(t, 'claire@region.example', PASSWORD);
  assert.is(locked.status, 429);
  assert.is(locked.body.error.code, 'too_many_attempts');
  assert.match(locked.body.error.message, /Compte verrouillé temporairement .* réessayez dans 15 minutes/);
  const retryAfter = Number(locked.headers.get('retry-after'));
  assert.ok(retryAfter > 14 * 60 && retryAfter <= 15 * 60, `Retry-After ${retryAfter}`);
  assert.is(locked.headers.get('set-cookie'), null);
});

Throttling('records the lock in the audit log', async ({ t }) => {
  for (let i = 0; i < 5; i++) await attempt(t, 'claire@region.example', `wrong-${i}`);
  const entry = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.lock').executeTakeFirst();
  assert.ok(entry);
  assert.not.match(entry.details, /wrong-/);
});

Throttling('lets the user in again once the lock has expired', async ({ t }) => {
  for (let i = 0; i < 5; i++) await attempt(t, 'claire@region.example', 'wrong');
  await t.db.updateTable('users').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).execute();
  assert.is((await attempt(t, 'claire@region.example', PASSWORD)).status, 200);
});

Throttling('a successful login resets the count of failures', async ({ t }) => {
  for (let i = 0; i < 4; i++) await attempt(t, 'claire@region.example', 'wrong');
  assert.is((await attempt(t, 'claire@region.example', PASSWORD)).status, 200);
  const user = await t.db.selectFrom('users').select(['failed_logins', 'locked_until']).executeTakeFirstOrThrow();
  assert.equal(user, { failed_logins: 0, locked_until: null });
  for (let i = 0; i < 4; i++) await attempt(t, 'claire@region.example', 'wrong');
  assert.is((await attempt(t, 'claire@region.example', PASSWORD)).status, 200);
});

Throttling('an e-mail without an account is locked the same way, so a 429 does not reveal accounts', async ({ t }) => {
  for (let i = 0; i < 5; i++) assert.is((await attempt(t, 'ghost@region.example', 'wrong')).status, 401);
  const reply = await attempt(t, 'ghost@region.example', 'wrong');
  assert.is(reply.status, 429);
  assert.match(reply.body.error.message, /Compte verrouillé temporairement/);
});

Throttling('refuses an address after 20 failures over several e-mails, even for a valid login', async ({ t }) => {
  for (let i = 0; i < 20; i++) assert.is((await attempt(t, `user${i}@region.example`, 'wrong')).status, 401);
  const reply = await attempt(t, 'claire@region.example', PASSWORD);
  assert.is(reply.status, 429);
  assert.match(reply.body.error.message, /depuis votre adresse/);
  assert.ok(Number(reply.headers.get('retry-after')) > 0);
});

Throttling('behind a trusted proxy, one client’s failures do not refuse another client; a forged header is ignored without one', async () => {
  const behindProxy = await createTestApp({ trustedProxies: 1 });
  await addLoginUser(behindProxy.db, 'claire@region.example', 'region');
  // The client forges a first entry; the proxy appends the address it saw, the only one trusted.
  const from = (client: string) => ({ 'x-forwarded-for': `10.9.9.9, ${client}` });
  for (let i = 0; i < 20; i++) {
    await request(behindProxy.app, 'POST', '/api/v1/session', from('192.0.2.1'), { email: `user${i}@region.example`, password: 'wrong' });
  }
  assert.is((await request(behindProxy.app, 'POST', '/api/v1/session', from('192.0.2.1'), { email: 'claire@region.example', password: PASSWORD })).status, 429);
  assert.is((await request(behindProxy.app, 'POST', '/api/v1/session', from('192.0.2.2'), { email: 'claire@region.example', password: PASSWORD })).status, 200);

  // Without a trusted proxy (the default), changing the header does not escape the per-address limit.
  const direct = await createTestApp();
  await addLoginUser(direct.db, 'claire@region.example', 'region');
  for (let i = 0; i < 20; i++) {
    await request(direct.app, 'POST', '/api/v1/session', from(`192.0.2.${i}`), { email: `user${i}@region.example`, password: 'wrong' });
  }
  assert.is((await request(direct.app, 'POST', '/api/v1/session', from('192.0.2.99'), { email: 'claire@region.example', password: PASSWORD })).status, 429);
});

Throttling.run();

