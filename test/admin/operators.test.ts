import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { call, createTestApp, sessionFor, type TestApp } from '../helpers/app.ts';

type Ctx = { t: TestApp; region: Record<string, string>; regionId: number };
const auditOf = (t: TestApp, action: string) => t.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

const Operators = suite<Ctx>('operators administration');

Operators.before.each(async (ctx) => {
  ctx.t = await createTestApp();
  const region = await sessionFor(ctx.t.db, 'region');
  ctx.region = region.headers;
  ctx.regionId = region.userId;
});

Operators('the Region operator of the direct aids exists from the start', async ({ t, region }) => {
  const reply = await call(t.app, 'GET', '/api/v1/operators/region-hdf', region);
  assert.is(reply.status, 200);
  assert.is(reply.body.isRegion, true);
});

Operators('creates an operator with a checked SIREN, and records who did it', async ({ t, region, regionId }) => {
  const reply = await call(t.app, 'POST', '/api/v1/operators', region, { id: 'bge-picardie', name: 'BGE Picardie', siren: '552100554' });
  assert.is(reply.status, 201);
  assert.equal({ id: reply.body.id, name: reply.body.name, siren: reply.body.siren, archivedAt: reply.body.archivedAt }, {
    id: 'bge-picardie', name: 'BGE Picardie', siren: '552100554', archivedAt: null,
  });
  const [entry] = await auditOf(t, 'operator.create');
  assert.is(entry.user_id, regionId);
  assert.is(entry.entity_id, 'bge-picardie');
});

Operators('refuses a SIREN whose check digit is wrong, in French', async ({ t, region }) => {
  const reply = await call(t.app, 'POST', '/api/v1/operators', region, { id: 'bge-picardie', name: 'BGE Picardie', siren: '552100555' });
  assert.is(reply.status, 400);
  assert.match(reply.body.error.message, /siren — SIREN invalide : la clé de contrôle/);
});

Operators('refuses an id that is not a slug', async ({ t, region }) => {
  const reply = await call(t.app, 'POST', '/api/v1/operators', region, { id: 'BGE Picardie', name: 'BGE Picardie' });
  assert.is(reply.status, 400);
  assert.equal(reply.body.error.details.map((d: { field: string }) => d.field), ['id']);
});

Operators('answers 409 for an id or a SIREN already taken', async ({ t, region }) => {
  await call(t.app, 'POST', '/api/v1/operators', region, { id: 'gallee', name: 'Gallée', siren: '552100554' });
  const sameId = await call(t.app, 'POST', '/api/v1/operators', region, { id: 'gallee', name: 'Autre' });
  assert.is(sameId.status, 409);
  const sameSiren = await call(t.app, 'POST', '/api/v1/operators', region, { id: 'autre', name: 'Autre', siren: '552100554' });
  assert.is(sameSiren.status, 409);
  assert.match(sameSiren.body.error.message, /Gallée/);
});

Operators('renames an operator and audits the change from → to', async ({ t, region }) => {
  await call(t.app, 'POST', '/api/v1/operators', region, { id: 'gallee', name: 'Galle' });
  const reply = await call(t.app, 'PATCH', '/api/v1/operators/gallee', region, { name: 'Gallée' });
  assert.is(reply.status, 200);
  assert.is(reply.body.name, 'Gallée');
  const [entry] = await auditOf(t, 'operator.update');
  assert.equal(JSON.parse(entry.details), { name: { from: 'Galle', to: 'Gallée' } });
});

Operators('DELETE archives: hidden from the list unless asked, still readable, and can be restored', async ({ t, region }) => {
  await call(t.app, 'POST', '/api/v1/operators', region, { id: 'gallee', name: 'Gallée' });
  const archived = await call(t.app, 'DELETE', '/api/v1/operators/gallee', region);
  assert.is(archived.status, 200);
  assert.type(archived.body.archivedAt, 'string');
  const list = await call(t.app, 'GET', '/api/v1/operators', region);
  assert.not.ok(list.body.some((o: { id: string }) => o.id === 'gallee'));
  const all = await call(t.app, 'GET', '/api/v1/operators?archived=1', region);
  assert.ok(all.body.some((o: { id: string }) => o.id === 'gallee'));
  const restored = await call(t.app, 'PATCH', '/api/v1/operators/gallee', region, { archived: false });
  assert.is(restored.body.archivedAt, null);
  assert.is((await auditOf(t, 'operator.archive')).length, 1);
});

Operators('refuses to archive the Region operator', async ({ t, region }) => {
  const reply = await call(t.app, 'DELETE', '/api/v1/operators/region-hdf', region);
  assert.is(reply.status, 409);
});

Operators('an operator user sees only its own operator; cotech sees all', async ({ t, region }) => {
  await call(t.app, 'POST', '/api/v1/operators', region, { id: 'gallee', name: 'Gallée' });
  const op = await sessionFor(t.db, 'operator', 'bge-picardie');
  const own = await call(t.app, 'GET', '/api/v1/operators', op.headers);
  assert.equal(own.body.map((o: { id: string }) => o.id), ['bge-picardie']);
  assert.is((await call(t.app, 'GET', '/api/v1/operators/gallee', op.headers)).status, 404);
  const cotech = await sessionFor(t.db, 'cotech');
  const all = await call(t.app, 'GET', '/api/v1/operators', cotech.headers);
  assert.equal(all.body.map((o: { id: string }) => o.id).sort(), ['bge-picardie', 'gallee', 'region-hdf']);
});

Operators('only the Region may create, change or archive operators', async ({ t }) => {
  const cotech = await sessionFor(t.db, 'cotech');
  const op = await sessionFor(t.db, 'operator', 'gallee');
  assert.is((await call(t.app, 'POST', '/api/v1/operators', cotech.headers, { id: 'x-op', name: 'X' })).status, 403);
  assert.is((await call(t.app, 'PATCH', '/api/v1/operators/gallee', op.headers, { name: 'Moi' })).status, 403);
  assert.is((await call(t.app, 'DELETE', '/api/v1/operators/gallee', op.headers)).status, 403);
  assert.is((await call(t.app, 'GET', '/api/v1/operators')).status, 401);
});

Operators.run();
