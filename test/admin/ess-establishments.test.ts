// ESS establishments per EPCI (issue 13): the Region loads the CRESS panorama as a CSV; every problem is
// named with its line and column and nothing is stored; loaded, they become the base of the expected coverage.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { call, createTestApp, sessionFor, type TestApp } from '../helpers/app.ts';

const Ess = suite<{ t: TestApp; region: Record<string, string> }>('ESS establishments reference');
Ess.before.each(async (ctx) => {
  ctx.t = await createTestApp();
  ctx.region = (await sessionFor(ctx.t.db, 'region')).headers;
});

const put = (t: TestApp, headers: Record<string, string>, body: string | Uint8Array<ArrayBuffer>) =>
  t.app.request('/api/v1/reference/ess-establishments', { method: 'PUT', headers: { ...headers, 'content-type': 'text/csv' }, body });

// Métropole Européenne de Lille, CA du Saint-Quentinois, Amiens Métropole.
const GOOD = 'epci_siren;etablissements;emplois\r\n200093201;4120;61500\r\n200071983;380;5200\r\n248000531;1010;\r\n';

Ess('loads a CRESS file, replaces the previous one, and makes establishments the base of the expected coverage', async ({ t, region }) => {
  const reply = await put(t, region, GOOD);
  assert.is(reply.status, 200);
  const body = await reply.json();
  assert.is(body.epcis.length, 3);
  assert.equal(body.epcis.find((e: { epciSiren: string }) => e.epciSiren === '248000531'), { epciSiren: '248000531', establishments: 1010, jobs: null });
  const coverage = (await call(t.app, 'GET', '/api/v1/figures/coverage?from=2025&to=2025', region)).body;
  assert.is(coverage.expectedModel.base, 'ess_establishments');
  // A second file replaces the first whole.
  assert.is((await put(t, region, 'siren,etablissements\n200093201,4200\n')).status, 200);
  assert.equal((await call(t.app, 'GET', '/api/v1/reference/ess-establishments', region)).body.epcis.map((e: { epciSiren: string }) => e.epciSiren), ['200093201']);
  const audit = await t.db.selectFrom('audit_log').select('action').where('action', 'like', 'ess_establishments.%').execute();
  assert.is(audit.length, 2);
  assert.is((await call(t.app, 'DELETE', '/api/v1/reference/ess-establishments', region)).status, 204);
  assert.is((await call(t.app, 'GET', '/api/v1/figures/coverage?from=2025&to=2025', region)).body.expectedModel.base, 'population');
});

Ess('hostile files: every problem with its line and column, in French, and nothing stored', async ({ t, region }) => {
  await put(t, region, GOOD);
  const bad = 'epci_siren;etablissements;emplois\n200093201;douze;1\n123;5;\n999999999;5;\n200093201;6;-3\n';
  const reply = await put(t, region, bad);
  assert.is(reply.status, 422);
  const { error } = await reply.json();
  assert.match(error.message, /ligne 2, colonne etablissements/);
  assert.equal(
    error.details.map((d: { line: number; field: string }) => `${d.line}:${d.field}`),
    ['2:etablissements', '3:epci_siren', '4:epci_siren', '5:epci_siren', '5:emplois'],
  );
  assert.match(error.details.find((d: { line: number }) => d.line === 4).message, /inconnu dans la région/);
  assert.match(error.details.find((d: { line: number; field: string }) => d.line === 5 && d.field === 'epci_siren').message, /déjà donné ligne 2/);
  // The previous file is untouched.
  assert.is((await call(t.app, 'GET', '/api/v1/reference/ess-establishments', region)).body.epcis.length, 3);
  const missing = await put(t, region, 'siren;nombre\n200093201;3\n');
  assert.is(missing.status, 422);
  assert.match((await missing.json()).error.message, /Colonne manquante : etablissements/);
  assert.is((await put(t, region, '')).status, 422);
  assert.is((await put(t, region, 'epci_siren;etablissements\n"200093201;3\n')).status, 422);
  const huge = `epci_siren;etablissements\n${'200093201;1\n'.repeat(2500)}`;
  const tooMany = await put(t, region, huge);
  assert.is(tooMany.status, 422);
  assert.match((await tooMany.json()).error.message, /Trop de lignes/);
  assert.is((await put(t, region, new Uint8Array(2 * 1024 * 1024).fill(65))).status, 413);
});

Ess('two files sent at once: each is stored whole or not at all, never a mix', async ({ t, region }) => {
  const other = 'epci_siren;etablissements\n200071983;7\n';
  const replies = await Promise.all([put(t, region, GOOD), put(t, region, other), put(t, region, GOOD)]);
  assert.equal(replies.map((r) => r.status), [200, 200, 200]);
  const stored = (await call(t.app, 'GET', '/api/v1/reference/ess-establishments', region)).body.epcis.map((e: { epciSiren: string }) => e.epciSiren);
  assert.ok(JSON.stringify(stored) === JSON.stringify(['200071983']) || stored.length === 3, JSON.stringify(stored));
});

Ess('only the Region loads; the COTECH reads; operators neither', async ({ t }) => {
  const operator = (await sessionFor(t.db, 'operator', 'op-x')).headers;
  const cotech = (await sessionFor(t.db, 'cotech')).headers;
  assert.is((await put(t, operator, GOOD)).status, 403);
  assert.is((await put(t, cotech, GOOD)).status, 403);
  assert.is((await call(t.app, 'GET', '/api/v1/reference/ess-establishments', operator)).status, 403);
  assert.is((await call(t.app, 'GET', '/api/v1/reference/ess-establishments', cotech)).status, 200);
});

Ess.run();
