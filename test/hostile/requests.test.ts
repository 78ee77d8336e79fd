// Hostile requests outside uploads: oversized and malformed bodies, broken encodings, cross-site changes,
// weak passwords, retried uploads. Every answer is a 4xx with a French message.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { call, createTestApp, sessionFor } from '../helpers/app.ts';
import { addLoginUser, login, PASSWORD, request } from '../accounts/helpers.ts';
import { A, createWorld, jsonBody, path, send, type World } from '../reports/fixtures.ts';
import { CSV_HEADER, CSV_LINE } from './helpers.ts';

const Bodies = suite('hostile bodies and encodings');

Bodies('a 60 MB body to the login route is refused at 1 MB, announced or chunked', async () => {
  const t = await createTestApp();
  const announced = await t.app.request('/api/v1/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(60 * 1024 * 1024) },
    body: 'x'.repeat(2 * 1024 * 1024),
  });
  assert.is(announced.status, 413);
  assert.match((await announced.json()).error.message, /Corps de requête trop volumineux : la limite est de 1 Mo/);
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      sent += 64 * 1024;
      if (sent > 60 * 1024 * 1024) controller.close();
      else controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
    },
  });
  const chunked = await t.app.request('/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
  assert.is(chunked.status, 413);
  assert.ok(sent < 2 * 1024 * 1024, `read ${sent} bytes`);
});

Bodies('malformed JSON, a wrong content type, deep nesting and broken encodings are 4xx in French', async () => {
  const t = await createTestApp();
  const region = await sessionFor(t.db, 'region');
  const cases: [string, string, RequestInit][] = [
    ['malformed JSON', '/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email": ' }],
    ['deep JSON', '/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '['.repeat(400_000) }],
    ['text instead of JSON', '/api/v1/session', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'email=a' }],
    ['invalid UTF-8', '/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }],
    ['broken percent-encoding in the path', '/api/v1/reports/%E9/ACCESS/2025-Q1', { headers: region.headers }],
    ['broken percent-encoding in the query', '/api/v1/reports?year=%zz', { headers: region.headers }],
    ['a huge query', `/api/v1/reports?scheme=${'A'.repeat(100_000)}`, { headers: region.headers }],
    ['a cookie too long', '/api/v1/session', { headers: { cookie: `tess_session=${'a'.repeat(50_000)}` } }],
    ['a bearer token too long', '/api/v1/session', { headers: { authorization: `Bearer ${'a'.repeat(50_000)}` } }],
    ['an empty-string id', '/api/v1/users/%20', { headers: region.headers }],
  ];
  for (const [name, url, init] of cases) {
    const response = await t.app.request(url, init);
    assert.ok(response.status >= 400 && response.status < 500, `${name}: ${response.status}`);
    const body = await response.json();
    assert.type(body.error.message, 'string', name);
    assert.not.match(body.error.message, /Malformed|Invalid|Unexpected|SyntaxError/, `${name}: ${body.error.message}`);
  }
});

Bodies.run();

const Origins = suite<{ world: World }>('cross-site changes, caching and cookies');

Origins.before.each(async (context) => {
  context.world = await createWorld();
});

Origins('a cookie-authenticated change from another origin is refused, whatever its content type', async ({ world }) => {
  const upload = (headers: Record<string, string>) => call(world.app, 'PUT', `${path(A)}/lines`, { ...world.opA, ...headers }, jsonBody('B-1'));
  const foreign = await upload({ origin: 'https://evil.example' });
  assert.is(foreign.status, 403);
  assert.match(foreign.body.error.message, /ne vient pas d’une page de l’application/);
  assert.is((await upload({ 'sec-fetch-site': 'cross-site' })).status, 403);
  assert.is((await upload({ 'sec-fetch-site': 'same-site' })).status, 403);
  assert.is((await upload({ origin: 'http://localhost' })).status, 200);
  assert.is((await upload({ 'sec-fetch-site': 'same-origin', origin: 'https://ess.region.example' })).status, 200);
  // Only the same-origin attempts reached the store (the second one as a retry of the first).
  assert.is(await world.db.selectFrom('report_revisions').select('id').execute().then((r) => r.length), 1);
});

Origins('behind a trusted proxy, the public origin is accepted', async () => {
  const world = await createWorld({ trustedProxies: 1, publicUrl: 'https://ess.region.example' });
  const reply = await call(world.app, 'PUT', `${path(A)}/lines`, { ...world.opA, origin: 'https://ess.region.example' }, jsonBody('B-1'));
  assert.is(reply.status, 200);
});

Origins('answers carrying report lines or account data are never cached; the public geography may be', async ({ world }) => {
  await call(world.app, 'PUT', `${path(A)}/lines`, world.opA, jsonBody('B-1'));
  for (const url of [`${path(A)}/lines`, `${path(A)}/lines.csv`, '/api/v1/session', '/api/v1/reports', '/api/v1/figures/targets']) {
    const response = await world.app.request(url, { headers: world.opA });
    assert.is(response.headers.get('cache-control'), 'no-store', url);
  }
  const unauthenticated = await world.app.request('/api/v1/session');
  assert.is(unauthenticated.headers.get('cache-control'), 'no-store');
});

Origins('over HTTPS (directly or through a trusted proxy) the session cookie is __Host- and Secure', async () => {
  const t = await createTestApp({ trustedProxies: 1 });
  await addLoginUser(t.db, 'claire@region.example', 'region');
  const body = JSON.stringify({ email: 'claire@region.example', password: PASSWORD });
  const viaProxy = await t.app.request('/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' }, body });
  assert.is(viaProxy.status, 200);
  const cookie = viaProxy.headers.get('set-cookie')!;
  assert.match(cookie, /__Host-tess_session=[^;]+;.*Secure/);
  const secret = /__Host-tess_session=([^;]+)/.exec(cookie)![1];
  const me = await t.app.request('/api/v1/session', { headers: { cookie: `__Host-tess_session=${secret}`, 'x-forwarded-proto': 'https' } });
  assert.is(me.status, 200);

  const direct = await t.app.request('https://ess.region.example/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  assert.match(direct.headers.get('set-cookie')!, /__Host-tess_session=.*Secure/);

  // Without a trusted proxy, a forged X-Forwarded-Proto changes nothing.
  const plain = await createTestApp();
  await addLoginUser(plain.db, 'claire@region.example', 'region');
  const forged = await plain.app.request('/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' }, body });
  assert.match(forged.headers.get('set-cookie')!, /^tess_session=/);
  assert.not.match(forged.headers.get('set-cookie')!.split(/,(?=\s*\w+=)/)[0], /Secure/);
});

Origins.run();

const Retries = suite<{ world: World }>('retried uploads');

Retries.before.each(async (context) => {
  context.world = await createWorld();
});

Retries('the same bytes sent again answer the existing revision with unchanged: true', async ({ world }) => {
  const csv = `${CSV_HEADER}\n${CSV_LINE}\n`;
  const first = await send(world, 'PUT', `${path(A)}/lines`, world.opA, csv, 'text/csv');
  const again = await send(world, 'PUT', `${path(A)}/lines`, world.opA, csv, 'text/csv');
  assert.is(first.body.revision, 1);
  assert.is(first.body.unchanged, false);
  assert.is(again.status, 200);
  assert.equal({ revision: again.body.revision, unchanged: again.body.unchanged, lineCount: again.body.lineCount }, { revision: 1, unchanged: true, lineCount: 1 });
  assert.is((await world.db.selectFrom('report_revisions').select('id').execute()).length, 1);
  const changed = await send(world, 'PUT', `${path(A)}/lines`, world.opA, `${csv}B-2;entreprise;02691;création;15/01/2025;1;0\n`, 'text/csv');
  assert.is(changed.body.revision, 2);
});

Retries('an Idempotency-Key already seen for the report answers its revision, even with other bytes', async ({ world }) => {
  const key = { 'idempotency-key': '6c1a3e0e-9f7b-4c1e-8f51-1d2a7b9c0e11' };
  const first = await call(world.app, 'PUT', `${path(A)}/lines`, { ...world.opA, ...key }, jsonBody('B-1'));
  const retry = await call(world.app, 'PUT', `${path(A)}/lines`, { ...world.opA, ...key }, jsonBody('B-1', 'B-2'));
  assert.is(first.body.revision, 1);
  assert.equal([retry.body.revision, retry.body.unchanged], [1, true]);
  const bad = await call(world.app, 'PUT', `${path(A)}/lines`, { ...world.opA, 'idempotency-key': 'a b' }, jsonBody('B-1'));
  assert.is(bad.status, 400);
  assert.match(bad.body.error.message, /Idempotency-Key invalide/);
});

Retries('after a return, re-sending the same file is a new revision (the report goes back to draft)', async ({ world }) => {
  const csv = `${CSV_HEADER}\n${CSV_LINE}\n`;
  await send(world, 'PUT', `${path(A)}/lines`, world.opA, csv, 'text/csv');
  await call(world.app, 'POST', `${path(A)}/submit`, world.opA, {});
  await call(world.app, 'POST', `${path(A)}/return`, world.region, { comment: 'Merci de vérifier la date' });
  const again = await send(world, 'PUT', `${path(A)}/lines`, world.opA, csv, 'text/csv');
  assert.equal([again.body.revision, again.body.unchanged, again.body.status], [2, false, 'draft']);
});

Retries.run();

const Passwords = suite('password rule');

const WEAK = ['1234567890', 'password12', '          ', 'azertyuiop', 'motdepasse', 'claire@region.example', 'claire@region.example2026'];

Passwords('guessable passwords and ones built on the e-mail are refused, with the reason in French', async () => {
  const t = await createTestApp();
  await addLoginUser(t.db, 'claire@region.example', 'region');
  const claire = await login(t.app, 'claire@region.example');
  for (const next of WEAK) {
    const reply = await request(t.app, 'POST', '/api/v1/account/password', claire, { current: PASSWORD, next });
    assert.ok(reply.status === 422 || reply.status === 400, `${JSON.stringify(next)}: ${reply.status}`);
    assert.match(reply.body.error.message, /mot de passe|Mot de passe/, next);
  }
  const e = await request(t.app, 'POST', '/api/v1/account/password', claire, { current: PASSWORD, next: 'claire.region2026' });
  assert.match(e.body.error.message, /ne doit pas contenir votre adresse e-mail/);
  const ok = await request(t.app, 'POST', '/api/v1/account/password', claire, { current: PASSWORD, next: 'cartable-hérisson-nuage-7' });
  assert.is(ok.status, 200);
});

Passwords('the Region cannot give a new account a weak password either', async () => {
  const t = await createTestApp();
  const region = await sessionFor(t.db, 'region');
  for (const password of ['1234567890', 'password12', 'anne.martin@region.example']) {
    const reply = await call(t.app, 'POST', '/api/v1/users', region.headers, { email: 'anne.martin@region.example', password, role: 'cotech' });
    assert.is(reply.status, 422, password);
    assert.is(reply.body.error.code, 'weak_password');
  }
  const ok = await call(t.app, 'POST', '/api/v1/users', region.headers, { email: 'anne.martin@region.example', password: 'pivoine-escalier-brume', role: 'cotech' });
  assert.is(ok.status, 201);
});

Passwords.run();
