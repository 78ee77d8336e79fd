import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { recordAudit } from '../../server/audit.ts';
import { call, createTestApp, sessionFor, type TestApp } from '../helpers/app.ts';

type Ctx = { t: TestApp; region: Record<string, string>; regionId: number; email: string };

const Audit = suite<Ctx>('audit log route');

Audit.before.each(async (ctx) => {
  ctx.t = await createTestApp();
  ctx.email = 'claire@region.example';
  const region = await sessionFor(ctx.t.db, 'region', null, ctx.email);
  ctx.region = region.headers;
  ctx.regionId = region.userId;
});

Audit('shows the Region each change, newest first, with the author’s e-mail', async ({ t, region, email }) => {
  await call(t.app, 'POST', '/api/v1/operators', region, { id: 'gallee', name: 'Gallée' });
  await call(t.app, 'PATCH', '/api/v1/operators/gallee', region, { name: 'La Gallée' });
  const reply = await call(t.app, 'GET', '/api/v1/audit', region);
  assert.is(reply.status, 200);
  assert.equal(reply.body.entries.map((e: { action: string }) => e.action), ['operator.update', 'operator.create']);
  assert.equal(reply.body.entries[0].user.email, email);
  assert.equal(reply.body.entries[0].details, { name: { from: 'Gallée', to: 'La Gallée' } });
  assert.is(reply.body.next, null);
});

Audit('filters by entity, action, report and author (id or e-mail)', async ({ t, region, regionId, email }) => {
  const other = await sessionFor(t.db, 'region');
  await call(t.app, 'POST', '/api/v1/operators', region, { id: 'gallee', name: 'Gallée' });
  await call(t.app, 'PUT', '/api/v1/targets/2026', other.headers, { beneficiaries: 720, jobsConsolidated: 4000 });
  const actions = async (query: string) => (await call(t.app, 'GET', `/api/v1/audit?${query}`, region)).body.entries.map((e: { action: string }) => e.action);
  assert.equal(await actions('entity=target'), ['target.set']);
  assert.equal(await actions('action=operator.create'), ['operator.create']);
  assert.equal(await actions(`user=${regionId}`), ['operator.create']);
  assert.equal(await actions(`user=${encodeURIComponent(email)}`), ['operator.create']);
  assert.equal(await actions('report=1'), []);
});

Audit('pages with limit and before', async ({ t, region, regionId }) => {
  for (let i = 0; i < 5; i++) await recordAudit(t.db, { userId: regionId, action: 'test.step', entity: 'test', entityId: i });
  const first = await call(t.app, 'GET', '/api/v1/audit?limit=2', region);
  assert.equal(first.body.entries.map((e: { entityId: string }) => e.entityId), ['4', '3']);
  const second = await call(t.app, 'GET', `/api/v1/audit?limit=2&before=${first.body.next}`, region);
  assert.equal(second.body.entries.map((e: { entityId: string }) => e.entityId), ['2', '1']);
  const last = await call(t.app, 'GET', `/api/v1/audit?limit=2&before=${second.body.next}`, region);
  assert.equal(last.body.entries.map((e: { entityId: string }) => e.entityId), ['0']);
  assert.is(last.body.next, null);
});

Audit('filters by date: a bare end date includes that whole day', async ({ t, region, regionId }) => {
  for (const at of ['2025-03-30T23:00:00.000Z', '2025-03-31T18:00:00.000Z', '2025-04-01T08:00:00.000Z']) {
    await t.db.insertInto('audit_log').values({ at, user_id: regionId, action: 'test.dated', entity: 'test', entity_id: at.slice(0, 10), report_id: null, revision_id: null }).execute();
  }
  const reply = await call(t.app, 'GET', '/api/v1/audit?from=2025-03-31&to=2025-03-31', region);
  assert.equal(reply.body.entries.map((e: { entityId: string }) => e.entityId), ['2025-03-31']);
});

Audit('is readable by the Region only', async ({ t }) => {
  const cotech = await sessionFor(t.db, 'cotech');
  const op = await sessionFor(t.db, 'operator', 'gallee');
  assert.is((await call(t.app, 'GET', '/api/v1/audit', cotech.headers)).status, 403);
  assert.is((await call(t.app, 'GET', '/api/v1/audit', op.headers)).status, 403);
  assert.is((await call(t.app, 'GET', '/api/v1/audit')).status, 401);
});

Audit('refuses a limit above 500', async ({ t, region }) => {
  assert.is((await call(t.app, 'GET', '/api/v1/audit?limit=501', region)).status, 400);
});

Audit.run();
