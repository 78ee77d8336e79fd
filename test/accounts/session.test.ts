import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SESSION_COOKIE } from '../../server/auth/middleware.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { addLoginUser, login, PASSWORD, request } from './helpers.ts';

const Login = suite<{ t: TestApp }>('login and logout');

Login.before.each(async (ctx) => {
  ctx.t = await createTestApp();
  await addLoginUser(ctx.t.db, 'claire@region.example', 'region');
  await addLoginUser(ctx.t.db, 'paul@bge.example', 'operator', 'bge-picardie');
});

Login('answers the user and a CSRF token, and sets an httpOnly SameSite session cookie for the whole site', async ({ t }) => {
  const reply = await request(t.app, 'POST', '/api/v1/session', {}, { email: 'paul@bge.example', password: PASSWORD });
  assert.is(reply.status, 200);
  assert.equal(reply.body.user, { id: reply.body.user.id, email: 'paul@bge.example', role: 'operator', operator: 'bge-picardie', operatorName: 'bge-picardie' });
  assert.type(reply.body.csrfToken, 'string');
  const cookie = reply.headers.get('set-cookie')!;
  assert.match(cookie, new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{20,}`));
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.match(cookie, /Path=\/(;|$)/);
  assert.match(cookie, /Max-Age=43200/);
  assert.not.match(cookie, /Secure/);
});

Login('marks the cookie Secure when the configuration asks for it', async () => {
  const t = await createTestApp({ secureCookies: true });
  await addLoginUser(t.db, 'claire@region.example', 'region');
  const reply = await request(t.app, 'POST', '/api/v1/session', {}, { email: 'claire@region.example', password: PASSWORD });
  assert.match(reply.headers.get('set-cookie')!, /Secure/);
});

Login('accepts the e-mail in any case', async ({ t }) => {
  const reply = await request(t.app, 'POST', '/api/v1/session', {}, { email: 'Claire@Region.EXAMPLE', password: PASSWORD });
  assert.is(reply.status, 200);
});

Login('stores only a hash of the session cookie', async ({ t }) => {
  const headers = await login(t.app, 'claire@region.example');
  const secret = headers.cookie.split('=')[1];
  const rows = await t.db.selectFrom('sessions').select('id').execute();
  assert.is(rows.length, 1);
  assert.is.not(rows[0].id, secret);
});

Login('refuses a wrong password and an unknown e-mail with the same French message', async ({ t }) => {
  const wrong = await request(t.app, 'POST', '/api/v1/session', {}, { email: 'claire@region.example', password: 'not the password' });
  const unknown = await request(t.app, 'POST', '/api/v1/session', {}, { email: 'nobody@region.example', password: PASSWORD });
  assert.is(wrong.status, 401);
  assert.is(unknown.status, 401);
  assert.is(wrong.body.error.message, 'Adresse e-mail ou mot de passe incorrect');
  assert.equal(unknown.body.error, wrong.body.error);
  assert.is(wrong.headers.get('set-cookie'), null);
});

Login('refuses a disabled account like a wrong password', async ({ t }) => {
  await t.db.updateTable('users').set({ disabled_at: new Date().toISOString() }).where('email', '=', 'claire@region.example').execute();
  const reply = await request(t.app, 'POST', '/api/v1/session', {}, { email: 'claire@region.example', password: PASSWORD });
  assert.is(reply.status, 401);
});

Login('answers 400 with a French message when the password is missing', async ({ t }) => {
  const reply = await request(t.app, 'POST', '/api/v1/session', {}, { email: 'claire@region.example' });
  assert.is(reply.status, 400);
  assert.match(reply.body.error.message, /password/);
});

Login('GET /session tells who is logged in and repeats the CSRF token', async ({ t }) => {
  const headers = await login(t.app, 'paul@bge.example');
  const reply = await request(t.app, 'GET', '/api/v1/session', { cookie: headers.cookie });
  assert.is(reply.status, 200);
  assert.is(reply.body.user.email, 'paul@bge.example');
  assert.is(reply.body.csrfToken, headers['x-csrf-token']);
});

Login('GET /session answers 401 to an anonymous visitor', async ({ t }) => {
  const reply = await request(t.app, 'GET', '/api/v1/session');
  assert.is(reply.status, 401);
});

Login('logout deletes the session and clears the cookie: the old cookie no longer works', async ({ t }) => {
  const headers = await login(t.app, 'claire@region.example');
  const reply = await request(t.app, 'DELETE', '/api/v1/session', headers);
  assert.is(reply.status, 204);
  assert.match(reply.headers.get('set-cookie')!, new RegExp(`${SESSION_COOKIE}=;`));
  assert.is((await t.db.selectFrom('sessions').select('id').execute()).length, 0);
  assert.is((await request(t.app, 'GET', '/api/v1/session', headers)).status, 401);
});

Login('an expired session counts as logged out', async ({ t }) => {
  const headers = await login(t.app, 'claire@region.example');
  await t.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
  assert.is((await request(t.app, 'GET', '/api/v1/session', headers)).status, 401);
});

Login('logging in again from a browser that lost its CSRF token works and replaces the old session', async ({ t }) => {
  const first = await login(t.app, 'claire@region.example');
  const again = await request(t.app, 'POST', '/api/v1/session', { cookie: first.cookie }, { email: 'claire@region.example', password: PASSWORD });
  assert.is(again.status, 200);
  assert.is((await t.db.selectFrom('sessions').select('id').execute()).length, 1);
  assert.is((await request(t.app, 'GET', '/api/v1/session', { cookie: first.cookie })).status, 401);
});

Login('refuses a login sent as a plain-text body, as a cross-site form would send it', async ({ t }) => {
  const response = await t.app.request('/api/v1/session', {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ email: 'claire@region.example', password: PASSWORD }),
  });
  assert.is(response.status, 400);
  assert.is(response.headers.get('set-cookie'), null);
});

Login.run();

const Csrf = suite<{ t: TestApp; headers: Record<string, string> }>('protection against cross-site requests');

Csrf.before.each(async (ctx) => {
  ctx.t = await createTestApp();
  await addLoginUser(ctx.t.db, 'claire@region.example', 'region');
  ctx.headers = await login(ctx.t.app, 'claire@region.example');
});

Csrf('refuses a cookie-authenticated change without the X-CSRF-Token header', async ({ t, headers }) => {
  const reply = await request(t.app, 'POST', '/api/v1/operators', { cookie: headers.cookie }, { id: 'gallee', name: 'Gallée' });
  assert.is(reply.status, 403);
  assert.is(reply.body.error.code, 'csrf');
  assert.is(await t.db.selectFrom('operators').select('id').where('id', '=', 'gallee').executeTakeFirst(), undefined);
});

Csrf('refuses a cookie-authenticated change with a wrong X-CSRF-Token', async ({ t, headers }) => {
  const reply = await request(t.app, 'POST', '/api/v1/operators', { cookie: headers.cookie, 'x-csrf-token': 'forged' }, { id: 'gallee', name: 'Gallée' });
  assert.is(reply.status, 403);
});

Csrf('accepts the change with the session’s token', async ({ t, headers }) => {
  const reply = await request(t.app, 'POST', '/api/v1/operators', headers, { id: 'gallee', name: 'Gallée' });
  assert.is(reply.status, 201);
});

Csrf('lets reads through without the header', async ({ t, headers }) => {
  const reply = await request(t.app, 'GET', '/api/v1/operators', { cookie: headers.cookie });
  assert.is(reply.status, 200);
});

Csrf.run();
