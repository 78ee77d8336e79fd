// Hostile logins (issue 8): guesses sent at the same moment meet the same limits as guesses sent one after
// another, an attacker's own successful login resets nothing, and a colleague's known browser is not locked out.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { addLoginUser, PASSWORD, request } from '../accounts/helpers.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

const attempt = (t: TestApp, email: string, password: string) => request(t.app, 'POST', '/api/v1/session', {}, { email, password });

const Concurrent = suite<{ t: TestApp }>('login throttling under concurrent guesses');

Concurrent.before.each(async (ctx) => {
  ctx.t = await createTestApp();
  await addLoginUser(ctx.t.db, 'claire@region.example', 'region');
});

const statuses = (replies: { status: number }[]) => {
  const count = new Map<number, number>();
  for (const r of replies) count.set(r.status, (count.get(r.status) ?? 0) + 1);
  return count;
};

Concurrent('100 wrong passwords sent at once on one account: only 5 are checked, the rest answer 429', async ({ t }) => {
  const replies = await Promise.all(Array.from({ length: 100 }, (_, i) => attempt(t, 'claire@region.example', `wrong-${i}`)));
  const count = statuses(replies);
  assert.is(count.get(401), 5);
  assert.is(count.get(429), 95);
  assert.is((await attempt(t, 'claire@region.example', PASSWORD)).status, 429, 'the account is locked afterwards');
});

Concurrent('60 guesses at once from one address over many e-mails: at most 20 are checked', async ({ t }) => {
  const replies = await Promise.all(Array.from({ length: 60 }, (_, i) => attempt(t, `someone${i}@region.example`, 'wrong')));
  const count = statuses(replies);
  assert.is(count.get(401), 20);
  assert.is(count.get(429), 40);
});

Concurrent('a successful login with an account of the attacker does not reset the address count', async ({ t }) => {
  await addLoginUser(t.db, 'attacker@region.example', 'cotech');
  let refused = 0;
  for (let i = 0; i < 40; i++) {
    // Without cookies: the attacker's browser would get a device cookie for its own account only.
    if (i % 5 === 4) await attempt(t, 'attacker@region.example', PASSWORD);
    else if ((await attempt(t, `victim${i}@region.example`, 'wrong')).status === 429) refused++;
  }
  assert.ok(refused >= 12, `${refused} guesses refused`);
});

Concurrent('a colleague whose browser logged in before is not locked out by failures of others at the same address', async ({ t }) => {
  await addLoginUser(t.db, 'anne@region.example', 'region');
  const first = await attempt(t, 'anne@region.example', PASSWORD);
  const device = first.headers.get('set-cookie')!.split(/,(?=\s*\w+=)/).find((c) => c.trim().startsWith('tess_device='))!.trim().split(';')[0];
  for (let i = 0; i < 25; i++) await attempt(t, `someone${i}@region.example`, 'wrong');
  assert.is((await attempt(t, 'claire@region.example', PASSWORD)).status, 429, 'a browser never seen is refused');
  const withDevice = await request(t.app, 'POST', '/api/v1/session', { cookie: device }, { email: 'anne@region.example', password: PASSWORD });
  assert.is(withDevice.status, 200);
  // The device cookie is bound to its account: it does not open another one.
  const other = await request(t.app, 'POST', '/api/v1/session', { cookie: device }, { email: 'claire@region.example', password: PASSWORD });
  assert.is(other.status, 429);
});

Concurrent('an account locked by an attacker still lets its owner in from a known browser', async ({ t }) => {
  const first = await attempt(t, 'claire@region.example', PASSWORD);
  const device = first.headers.get('set-cookie')!.split(/,(?=\s*\w+=)/).find((c) => c.trim().startsWith('tess_device='))!.trim().split(';')[0];
  for (let i = 0; i < 5; i++) await attempt(t, 'claire@region.example', 'wrong');
  assert.is((await attempt(t, 'claire@region.example', PASSWORD)).status, 429);
  assert.is((await request(t.app, 'POST', '/api/v1/session', { cookie: device }, { email: 'claire@region.example', password: PASSWORD })).status, 200);
});

Concurrent('logins, failures, lockouts and logouts are audited with the address, never the password', async ({ t }) => {
  for (let i = 0; i < 5; i++) await attempt(t, 'claire@region.example', `guess-${i}`);
  const entries = await t.db.selectFrom('audit_log').select(['action', 'details']).execute();
  const actions = entries.map((e) => e.action);
  assert.is(actions.filter((a) => a === 'session.login_failed').length, 5);
  assert.ok(actions.includes('user.lock'));
  assert.not.ok(entries.some((e) => e.details.includes('guess-')));
  await t.db.updateTable('users').set({ locked_until: null, failed_logins: 0 }).execute();
  const ok = await attempt(t, 'claire@region.example', PASSWORD);
  const cookie = ok.headers.get('set-cookie')!.split(/,(?=\s*\w+=)/).find((c) => c.trim().startsWith('tess_session='))!.trim().split(';')[0];
  assert.is((await request(t.app, 'DELETE', '/api/v1/session', { cookie, 'x-csrf-token': ok.body.csrfToken })).status, 204);
  const after = (await t.db.selectFrom('audit_log').select('action').execute()).map((e) => e.action);
  assert.ok(after.includes('session.login'));
  assert.ok(after.includes('session.logout'));
});

Concurrent.run();
