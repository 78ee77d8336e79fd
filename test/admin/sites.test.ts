import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { addOperator, call, createTestApp, sessionFor, type TestApp } from '../helpers/app.ts';

type Ctx = { t: TestApp; region: Record<string, string> };
const site = (over: Record<string, unknown> = {}) => ({
  operator: 'gallee', kind: 'outreach', name: 'Permanence de Saint-Quentin', commune: '02691', schemes: ['ACCESS'], opened: '2024-02-01', ...over,
});

const Sites = suite<Ctx>('sites administration');

Sites.before.each(async (ctx) => {
  ctx.t = await createTestApp();
  ctx.region = (await sessionFor(ctx.t.db, 'region')).headers;
  await addOperator(ctx.t.db, 'gallee', 'Gallée');
});

Sites('creates a site without coordinates on its commune’s point, with the commune’s name and EPCI', async ({ t, region }) => {
  const reply = await call(t.app, 'POST', '/api/v1/sites', region, site({ schedule: '2e mardi du mois' }));
  assert.is(reply.status, 201);
  const commune = t.deps.geo.communes.get('02691')!;
  assert.equal(
    { commune: reply.body.commune, name: reply.body.communeName, epci: reply.body.epci, lat: reply.body.lat, lon: reply.body.lon, schemes: reply.body.schemes },
    { commune: '02691', name: 'Saint-Quentin', epci: commune.epciSiren, lat: commune.lat, lon: commune.lon, schemes: ['ACCESS'] },
  );
  assert.is(reply.body.schedule, '2e mardi du mois');
  assert.is(reply.body.operatorName, 'Gallée');
});

Sites('resolves an absorbed INSEE code to the commune that absorbed it, and a code that lost its leading zero', async ({ t, region }) => {
  const [absorbed, current] = [...t.deps.geo.communeCodeAliases].find(([from, to]) => from !== to)!;
  const merged = await call(t.app, 'POST', '/api/v1/sites', region, site({ commune: absorbed }));
  assert.is(merged.body.commune, current);
  const excel = await call(t.app, 'POST', '/api/v1/sites', region, site({ commune: '2691' }));
  assert.is(excel.body.commune, '02691');
});

Sites('refuses an unknown commune with the code in the message', async ({ t, region }) => {
  const reply = await call(t.app, 'POST', '/api/v1/sites', region, site({ commune: '75056' }));
  assert.is(reply.status, 422);
  assert.match(reply.body.error.message, /Commune inconnue dans la région : « 75056 »/);
});

Sites('keeps coordinates near the commune, refuses swapped ones', async ({ t, region }) => {
  const ok = await call(t.app, 'POST', '/api/v1/sites', region, site({ lat: 49.85, lon: 3.29 }));
  assert.equal([ok.body.lat, ok.body.lon], [49.85, 3.29]);
  const swapped = await call(t.app, 'POST', '/api/v1/sites', region, site({ lat: 3.29, lon: 49.85 }));
  assert.is(swapped.status, 422);
  assert.match(swapped.body.error.message, /inversées/);
});

Sites('refuses a latitude without a longitude, a closing before the opening, an unknown kind and no scheme', async ({ t, region }) => {
  const cases = [site({ lat: 49.85 }), site({ closed: '2024-01-01' }), site({ kind: 'office' }), site({ schemes: [] })];
  for (const body of cases) assert.is((await call(t.app, 'POST', '/api/v1/sites', region, body)).status, 400, JSON.stringify(body));
  assert.is((await call(t.app, 'POST', '/api/v1/sites', region, site({ schemes: ['NOPE'] }))).status, 422);
});

Sites('every logged-in role lists sites (they are on the coverage map), filtered by scheme and opening', async ({ t, region }) => {
  await call(t.app, 'POST', '/api/v1/sites', region, site());
  await call(t.app, 'POST', '/api/v1/sites', region, site({ name: 'Siège', kind: 'hq', commune: '59350', schemes: ['DLA'], closed: '2024-12-31' }));
  const op = (await sessionFor(t.db, 'operator', 'bge-picardie')).headers;
  const cotech = (await sessionFor(t.db, 'cotech')).headers;
  for (const headers of [region, op, cotech]) assert.is((await call(t.app, 'GET', '/api/v1/sites', headers)).body.length, 2);
  assert.equal((await call(t.app, 'GET', '/api/v1/sites?scheme=DLA', op)).body.map((s: { name: string }) => s.name), ['Siège']);
  assert.equal((await call(t.app, 'GET', '/api/v1/sites?openOn=2025-06-01', op)).body.map((s: { name: string }) => s.name), ['Permanence de Saint-Quentin']);
  assert.is((await call(t.app, 'GET', '/api/v1/sites')).status, 401);
});

Sites('only the Region changes sites', async ({ t, region }) => {
  const { body } = await call(t.app, 'POST', '/api/v1/sites', region, site());
  const own = (await sessionFor(t.db, 'operator', 'gallee')).headers;
  assert.is((await call(t.app, 'POST', '/api/v1/sites', own, site())).status, 403);
  assert.is((await call(t.app, 'PATCH', `/api/v1/sites/${body.id}`, own, { name: 'X' })).status, 403);
  assert.is((await call(t.app, 'DELETE', `/api/v1/sites/${body.id}`, own)).status, 403);
});

Sites('moving a site to another commune puts it on that commune’s point; closing it is a date', async ({ t, region }) => {
  const { body } = await call(t.app, 'POST', '/api/v1/sites', region, site());
  const moved = await call(t.app, 'PATCH', `/api/v1/sites/${body.id}`, region, { commune: '59350', closed: '2025-06-30', schemes: ['ACCESS', 'DLA'] });
  assert.is(moved.status, 200);
  const lille = t.deps.geo.communes.get('59350')!;
  assert.equal([moved.body.commune, moved.body.lat, moved.body.lon, moved.body.closed], ['59350', lille.lat, lille.lon, '2025-06-30']);
  assert.equal(moved.body.schemes, ['ACCESS', 'DLA']);
  const entry = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'site.update').executeTakeFirstOrThrow();
  assert.equal(Object.keys(JSON.parse(entry.details)).sort(), ['closed', 'commune', 'lat', 'lon', 'schemes']);
});

Sites('refuses a closing date before the stored opening date', async ({ t, region }) => {
  const { body } = await call(t.app, 'POST', '/api/v1/sites', region, site());
  const reply = await call(t.app, 'PATCH', `/api/v1/sites/${body.id}`, region, { closed: '2023-01-01' });
  assert.is(reply.status, 422);
});

Sites('deletes a site entered by mistake, with an audit entry', async ({ t, region }) => {
  const { body } = await call(t.app, 'POST', '/api/v1/sites', region, site());
  assert.is((await call(t.app, 'DELETE', `/api/v1/sites/${body.id}`, region)).status, 204);
  assert.is((await call(t.app, 'GET', `/api/v1/sites/${body.id}`, region)).status, 404);
  const actions = (await t.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((a) => a.action);
  assert.equal(actions, ['site.create', 'site.delete']);
});

Sites.run();
