import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { addLoginUser, login, PASSWORD, request } from './helpers.ts';

const Tokens = suite<{ t: TestApp; paul: Record<string, string> }>('personal API tokens');

Tokens.before.each(async (ctx) => {
  ctx.t = await createTestApp();
  await addLoginUser(ctx.t.db, 'claire@region.example', 'region');
  await addLoginUser(ctx.t.db, 'paul@bge.example', 'operator', 'bge-picardie');
  await addLoginUser(ctx.t.db, 'anne@gallee.example', 'operator', 'gallee');
  ctx.paul = await login(ctx.t.app, 'paul@bge.example');
});

Tokens('creates a token shown once, stored only as a hash, that acts as its user', async ({ t, paul }) => {
  const created = await request(t.app, 'POST', '/api/v1/tokens', paul, { name: 'import tableur' });
  assert.is(created.status, 201);
  assert.match(created.body.token, /^tess_/);
  assert.is(created.body.name, 'import tableur');
  const stored = await t.db.selectFrom('api_tokens').select('token_hash').executeTakeFirstOrThrow();
  assert.is.not(stored.token_hash, created.body.token);
  const me = await request(t.app, 'GET', '/api/v1/session', { authorization: `Bearer ${created.body.token}` });
  assert.is(me.status, 200);
  assert.is(me.body.user.email, 'paul@bge.example');
  assert.is(me.body.via, 'token');
});

Tokens('lists one’s own tokens without their secret', async ({ t, paul }) => {
  await request(t.app, 'POST', '/api/v1/tokens', paul, { name: 'a' });
  const anne = await login(t.app, 'anne@gallee.example');
  await request(t.app, 'POST', '/api/v1/tokens', anne, { name: 'b' });
  const list = await request(t.app, 'GET', '/api/v1/tokens', paul);
  assert.equal(list.body.map((x: { name: string }) => x.name), ['a']);
  assert.not.ok('token' in list.body[0] || 'token_hash' in list.body[0] || 'tokenHash' in list.body[0]);
});

Tokens('a Bearer token needs no CSRF header for changes', async ({ t, paul }) => {
  const { body } = await request(t.app, 'POST', '/api/v1/tokens', paul, { name: 'script' });
  const reply = await request(t.app, 'DELETE', `/api/v1/tokens/${body.id}`, { authorization: `Bearer ${body.token}` });
  assert.is(reply.status, 200);
});

Tokens('a revoked token answers 401', async ({ t, paul }) => {
  const { body } = await request(t.app, 'POST', '/api/v1/tokens', paul, { name: 'script' });
  const revoked = await request(t.app, 'DELETE', `/api/v1/tokens/${body.id}`, paul);
  assert.is(revoked.status, 200);
  assert.type(revoked.body.revokedAt, 'string');
  const reply = await request(t.app, 'GET', '/api/v1/session', { authorization: `Bearer ${body.token}` });
  assert.is(reply.status, 401);
  assert.match(reply.body.error.message, /révoqué/);
});

Tokens('an unknown token answers 401', async ({ t }) => {
  assert.is((await request(t.app, 'GET', '/api/v1/operators', { authorization: 'Bearer tess_nope' })).status, 401);
});

Tokens('a token cannot create another token nor change the password', async ({ t, paul }) => {
  const { body } = await request(t.app, 'POST', '/api/v1/tokens', paul, { name: 'script' });
  const bearer = { authorization: `Bearer ${body.token}` };
  const token = await request(t.app, 'POST', '/api/v1/tokens', bearer, { name: 'another' });
  assert.is(token.status, 403);
  assert.is(token.body.error.code, 'session_required');
  const password = await request(t.app, 'POST', '/api/v1/account/password', bearer, { current: PASSWORD, next: 'a brand new password' });
  assert.is(password.status, 403);
});

Tokens('another operator’s user cannot revoke my token (404); the Region can', async ({ t, paul }) => {
  const { body } = await request(t.app, 'POST', '/api/v1/tokens', paul, { name: 'script' });
  const anne = await login(t.app, 'anne@gallee.example');
  assert.is((await request(t.app, 'DELETE', `/api/v1/tokens/${body.id}`, anne)).status, 404);
  const claire = await login(t.app, 'claire@region.example');
  assert.is((await request(t.app, 'DELETE', `/api/v1/tokens/${body.id}`, claire)).status, 200);
});

Tokens('records creation and revocation in the audit log without the secret', async ({ t, paul }) => {
  const { body } = await request(t.app, 'POST', '/api/v1/tokens', paul, { name: 'script' });
  await request(t.app, 'DELETE', `/api/v1/tokens/${body.id}`, paul);
  const entries = await t.db.selectFrom('audit_log').select(['action', 'details']).where('action', 'like', 'token.%').orderBy('id').execute();
  assert.equal(entries.map((e) => e.action), ['token.create', 'token.revoke']);
  for (const e of entries) assert.not.ok(e.details.includes(body.token));
});

Tokens('revoking twice answers the same and logs once', async ({ t, paul }) => {
  const { body } = await request(t.app, 'POST', '/api/v1/tokens', paul, { name: 'script' });
  const first = await request(t.app, 'DELETE', `/api/v1/tokens/${body.id}`, paul);
  const second = await request(t.app, 'DELETE', `/api/v1/tokens/${body.id}`, paul);
  assert.is(second.status, 200);
  assert.is(second.body.revokedAt, first.body.revokedAt);
  assert.is((await t.db.selectFrom('audit_log').select('id').where('action', '=', 'token.revoke').execute()).length, 1);
});

Tokens('refuses a token without a name', async ({ t, paul }) => {
  const reply = await request(t.app, 'POST', '/api/v1/tokens', paul, { name: '  ' });
  assert.is(reply.status, 400);
  assert.match(reply.body.error.message, /nom/);
});

Tokens.run();

const Password = suite<{ t: TestApp; claire: Record<string, string> }>('password change');

Password.before.each(async (ctx) => {
  ctx.t = await createTestApp();
  await addLoginUser(ctx.t.db, 'claire@region.example', 'region');
  ctx.claire = await login(ctx.t.app, 'claire@region.example');
});

Password('changes the password, keeps this session and closes the others', async ({ t, claire }) => {
  const other = await login(t.app, 'claire@region.example');
  const reply = await request(t.app, 'POST', '/api/v1/account/password', claire, { current: PASSWORD, next: 'a brand new password' });
  assert.is(reply.status, 200);
  assert.is(reply.body.otherSessionsClosed, 1);
  assert.is((await request(t.app, 'GET', '/api/v1/session', claire)).status, 200);
  assert.is((await request(t.app, 'GET', '/api/v1/session', other)).status, 401);
  assert.is((await request(t.app, 'POST', '/api/v1/session', {}, { email: 'claire@region.example', password: PASSWORD })).status, 401);
  assert.is((await request(t.app, 'POST', '/api/v1/session', {}, { email: 'claire@region.example', password: 'a brand new password' })).status, 200);
  const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('action', 'like', 'user.%').execute();
  assert.equal(audit.map((a) => a.action), ['user.password_change']);
  assert.not.match(audit[0].details, /brand new/);
});

Password('refuses a wrong current password', async ({ t, claire }) => {
  const reply = await request(t.app, 'POST', '/api/v1/account/password', claire, { current: 'not it at all', next: 'a brand new password' });
  assert.is(reply.status, 403);
  assert.is(reply.body.error.message, 'Mot de passe actuel incorrect');
});

Password('five wrong current passwords lock the account like failed logins', async ({ t, claire }) => {
  for (let i = 0; i < 5; i++) {
    assert.is((await request(t.app, 'POST', '/api/v1/account/password', claire, { current: `guess ${i}`, next: 'a brand new password' })).status, 403);
  }
  const locked = await request(t.app, 'POST', '/api/v1/account/password', claire, { current: PASSWORD, next: 'a brand new password' });
  assert.is(locked.status, 429);
  assert.ok(Number(locked.headers.get('retry-after')) > 0);
});

Password('refuses a new password under 10 characters, with the rule in French', async ({ t, claire }) => {
  const reply = await request(t.app, 'POST', '/api/v1/account/password', claire, { current: PASSWORD, next: 'short' });
  assert.is(reply.status, 400);
  assert.match(reply.body.error.message, /au moins 10 caractères/);
});

Password('refuses the change without the CSRF header', async ({ t, claire }) => {
  const reply = await request(t.app, 'POST', '/api/v1/account/password', { cookie: claire.cookie }, { current: PASSWORD, next: 'a brand new password' });
  assert.is(reply.status, 403);
});

Password.run();
