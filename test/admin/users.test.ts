import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { addOperator, call, createTestApp, sessionFor, type TestApp } from '../helpers/app.ts';

type Ctx = { t: TestApp; region: Record<string, string>; regionId: number };
const PASSWORD = 'long enough password';

const Users = suite<Ctx>('users administration');

Users.before.each(async (ctx) => {
  ctx.t = await createTestApp();
  const region = await sessionFor(ctx.t.db, 'region');
  ctx.region = region.headers;
  ctx.regionId = region.userId;
  await addOperator(ctx.t.db, 'gallee', 'Gallée');
});

Users('creates an operator user who can then log in; the audit entry holds no password', async ({ t, region }) => {
  const created = await call(t.app, 'POST', '/api/v1/users', region, { email: 'Anne@Gallee.example', password: PASSWORD, role: 'operator', operator: 'gallee' });
  assert.is(created.status, 201);
  assert.equal({ email: created.body.email, role: created.body.role, operator: created.body.operator }, { email: 'anne@gallee.example', role: 'operator', operator: 'gallee' });
  assert.not.ok('password_hash' in created.body || 'passwordHash' in created.body);
  const login = await call(t.app, 'POST', '/api/v1/session', {}, { email: 'anne@gallee.example', password: PASSWORD });
  assert.is(login.status, 200);
  const entry = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'user.create').executeTakeFirstOrThrow();
  assert.not.match(entry.details, /long enough|scrypt/);
});

Users('requires an operator for the operator role, and only for it', async ({ t, region }) => {
  const without = await call(t.app, 'POST', '/api/v1/users', region, { email: 'a@x.example', password: PASSWORD, role: 'operator' });
  assert.is(without.status, 400);
  assert.match(without.body.error.message, /rattaché à un opérateur/);
  const cotech = await call(t.app, 'POST', '/api/v1/users', region, { email: 'b@x.example', password: PASSWORD, role: 'cotech', operator: 'gallee' });
  assert.is(cotech.status, 400);
  // An empty string is not an operator id, for any role.
  for (const role of ['operator', 'cotech']) {
    const empty = await call(t.app, 'POST', '/api/v1/users', region, { email: `${role}@x.example`, password: PASSWORD, role, operator: '' });
    assert.is(empty.status, 400, role);
    assert.match(empty.body.error.message, /Identifiant d’opérateur vide/);
  }
});

Users('refuses a short password, a malformed e-mail and an unknown role', async ({ t, region }) => {
  assert.match((await call(t.app, 'POST', '/api/v1/users', region, { email: 'a@x.example', password: 'short', role: 'cotech' })).body.error.message, /au moins 10/);
  assert.match((await call(t.app, 'POST', '/api/v1/users', region, { email: 'not-an-email', password: PASSWORD, role: 'cotech' })).body.error.message, /e-mail invalide/);
  assert.is((await call(t.app, 'POST', '/api/v1/users', region, { email: 'a@x.example', password: PASSWORD, role: 'admin' })).status, 400);
});

Users('answers 409 for an e-mail already used, whatever its case', async ({ t, region }) => {
  await call(t.app, 'POST', '/api/v1/users', region, { email: 'a@x.example', password: PASSWORD, role: 'cotech' });
  const again = await call(t.app, 'POST', '/api/v1/users', region, { email: 'A@X.example', password: PASSWORD, role: 'cotech' });
  assert.is(again.status, 409);
});

Users('lists users for the Region only', async ({ t, region }) => {
  await call(t.app, 'POST', '/api/v1/users', region, { email: 'a@x.example', password: PASSWORD, role: 'cotech' });
  const list = await call(t.app, 'GET', '/api/v1/users?role=cotech', region);
  assert.equal(list.body.map((u: { email: string }) => u.email), ['a@x.example']);
  const op = (await sessionFor(t.db, 'operator', 'gallee')).headers;
  assert.is((await call(t.app, 'GET', '/api/v1/users', op)).status, 403);
  const cotech = (await sessionFor(t.db, 'cotech')).headers;
  assert.is((await call(t.app, 'GET', '/api/v1/users', cotech)).status, 403);
});

Users('changing the role to operator needs an operator; to cotech drops it', async ({ t, region }) => {
  const { body } = await call(t.app, 'POST', '/api/v1/users', region, { email: 'a@x.example', password: PASSWORD, role: 'cotech' });
  assert.is((await call(t.app, 'PATCH', `/api/v1/users/${body.id}`, region, { role: 'operator' })).status, 422);
  const op = await call(t.app, 'PATCH', `/api/v1/users/${body.id}`, region, { role: 'operator', operator: 'gallee' });
  assert.equal([op.body.role, op.body.operator], ['operator', 'gallee']);
  const back = await call(t.app, 'PATCH', `/api/v1/users/${body.id}`, region, { role: 'cotech' });
  assert.equal([back.body.role, back.body.operator], ['cotech', null]);
  const entries = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'user.update').orderBy('id').execute();
  assert.equal(JSON.parse(entries[0].details), { role: { from: 'cotech', to: 'operator' }, operator: { from: null, to: 'gallee' } });
});

Users('names roles as the screens do (« Opérateur »), not by their API key', async ({ t, region }) => {
  const created = await call(t.app, 'POST', '/api/v1/users', region, { email: 'a@x.example', password: PASSWORD, role: 'operator' });
  assert.match(created.body.error.details[0].message, /Un compte « Opérateur » doit être rattaché à un opérateur/);
  const { body } = await call(t.app, 'POST', '/api/v1/users', region, { email: 'b@x.example', password: PASSWORD, role: 'cotech' });
  const patched = await call(t.app, 'PATCH', `/api/v1/users/${body.id}`, region, { role: 'operator' });
  assert.is(patched.body.error.message, 'Un compte « Opérateur » doit être rattaché à un opérateur');
  const role = await call(t.app, 'POST', '/api/v1/users', region, { email: 'c@x.example', password: PASSWORD, role: 'admin' });
  assert.match(role.body.error.details[0].message, /« Région ».*« Opérateur ».*« Membre du COTECH »/);
  for (const reply of [created, patched, role]) assert.not.match(reply.body.error.message, /« (operator|cotech|region) »/);
});

Users('a password reset ends the user’s sessions and lifts a lock', async ({ t, region }) => {
  const anne = await sessionFor(t.db, 'operator', 'gallee');
  await t.db.updateTable('users').set({ locked_until: new Date(Date.now() + 600_000).toISOString() }).where('id', '=', anne.userId).execute();
  const reply = await call(t.app, 'PATCH', `/api/v1/users/${anne.userId}`, region, { password: 'a fresh password' });
  assert.is(reply.status, 200);
  assert.is(reply.body.lockedUntil, null);
  assert.is((await call(t.app, 'GET', '/api/v1/agreements', anne.headers)).status, 401);
  const entry = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'user.update').executeTakeFirstOrThrow();
  assert.equal(JSON.parse(entry.details), { passwordReset: true });
});

Users('DELETE disables the account: its sessions stop working, it cannot log in, it stays listed', async ({ t, region }) => {
  const anne = await sessionFor(t.db, 'operator', 'gallee');
  const reply = await call(t.app, 'DELETE', `/api/v1/users/${anne.userId}`, region);
  assert.is(reply.status, 200);
  assert.type(reply.body.disabledAt, 'string');
  assert.is((await call(t.app, 'GET', '/api/v1/agreements', anne.headers)).status, 401);
  assert.ok((await call(t.app, 'GET', '/api/v1/users', region)).body.some((u: { id: number }) => u.id === anne.userId));
  const enabled = await call(t.app, 'PATCH', `/api/v1/users/${anne.userId}`, region, { disabled: false });
  assert.is(enabled.body.disabledAt, null);
});

Users('refuses to disable or demote the last active Region account', async ({ t, region, regionId }) => {
  assert.is((await call(t.app, 'DELETE', `/api/v1/users/${regionId}`, region)).status, 409);
  assert.is((await call(t.app, 'PATCH', `/api/v1/users/${regionId}`, region, { role: 'cotech' })).status, 409);
  await call(t.app, 'POST', '/api/v1/users', region, { email: 'second@region.example', password: PASSWORD, role: 'region' });
  assert.is((await call(t.app, 'PATCH', `/api/v1/users/${regionId}`, region, { role: 'cotech' })).status, 200);
});

Users('answers 404 for an unknown user', async ({ t, region }) => {
  assert.is((await call(t.app, 'PATCH', '/api/v1/users/9999', region, { disabled: true })).status, 404);
});

Users.run();
