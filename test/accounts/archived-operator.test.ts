// Archiving an operator cuts its accounts off at once (open sessions, API tokens, new logins) and
// unarchiving gives the same accounts their access back: nothing about the users themselves changes.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { addLoginUser, login, PASSWORD, request } from './helpers.ts';

type Ctx = { t: TestApp; region: Record<string, string>; paul: Record<string, string>; token: string };
const Archived = suite<Ctx>('accounts of an archived operator');

Archived.before.each(async (ctx) => {
  ctx.t = await createTestApp();
  await addLoginUser(ctx.t.db, 'claire@region.example', 'region');
  await addLoginUser(ctx.t.db, 'paul@bge.example', 'operator', 'bge-picardie');
  ctx.region = await login(ctx.t.app, 'claire@region.example');
  ctx.paul = await login(ctx.t.app, 'paul@bge.example');
  ctx.token = (await request(ctx.t.app, 'POST', '/api/v1/tokens', ctx.paul, { name: 'tableur' })).body.token;
});

Archived('its open sessions and tokens stop working, and logging in says why only after the right password', async ({ t, region, paul, token }) => {
  assert.is((await request(t.app, 'DELETE', '/api/v1/operators/bge-picardie', region)).status, 200);

  assert.is((await request(t.app, 'GET', '/api/v1/reports', paul)).status, 401);
  assert.is((await request(t.app, 'GET', '/api/v1/reports', { authorization: `Bearer ${token}` })).status, 401);

  const wrong = await request(t.app, 'POST', '/api/v1/session', {}, { email: 'paul@bge.example', password: 'not the password' });
  assert.is(wrong.status, 401);
  const right = await request(t.app, 'POST', '/api/v1/session', {}, { email: 'paul@bge.example', password: PASSWORD });
  assert.is(right.status, 403);
  assert.is(right.body.error.code, 'operator_archived');
  assert.match(right.body.error.message, /archivé/);
  assert.is(right.headers.get('set-cookie'), null);

  // The Region's own access is untouched.
  assert.is((await request(t.app, 'GET', '/api/v1/reports', region)).status, 200);
});

Archived('unarchiving restores the same accounts', async ({ t, region, token }) => {
  await request(t.app, 'DELETE', '/api/v1/operators/bge-picardie', region);
  await request(t.app, 'PATCH', '/api/v1/operators/bge-picardie', region, { archived: false });
  assert.is((await request(t.app, 'GET', '/api/v1/reports', { authorization: `Bearer ${token}` })).status, 200);
  assert.is((await request(t.app, 'POST', '/api/v1/session', {}, { email: 'paul@bge.example', password: PASSWORD })).status, 200);
});

Archived.run();
