import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { addOperator, call, createTestApp, sessionFor, type TestApp } from '../helpers/app.ts';

type Ctx = { t: TestApp; region: Record<string, string> };
const EPCI_DESVRES = '200018083';
const agreement = (over: Record<string, unknown> = {}) => ({ operator: 'gallee', scheme: 'ACCESS', start: '2024-01-01', end: '2026-12-31', ...over });

async function addReport(t: TestApp, operator: string, scheme: string, year: number, quarter: number): Promise<void> {
  const now = new Date().toISOString();
  await t.db
    .insertInto('reports')
    .values({ operator_id: operator, scheme, period: `${year}-Q${quarter}`, year, quarter, status: 'draft', current_revision_id: null, submitted_at: null, validated_at: null, created_at: now, updated_at: now })
    .execute();
}

const Agreements = suite<Ctx>('agreements administration');

Agreements.before.each(async (ctx) => {
  ctx.t = await createTestApp();
  ctx.region = (await sessionFor(ctx.t.db, 'region')).headers;
  await addOperator(ctx.t.db, 'gallee', 'Gallée');
  await addOperator(ctx.t.db, 'bge-picardie', 'BGE Picardie');
});

Agreements('creates an agreement with its territory and reads it back', async ({ t, region }) => {
  const created = await call(t.app, 'POST', '/api/v1/agreements', region, agreement({ territory: { epcis: [EPCI_DESVRES], departements: ['62'] } }));
  assert.is(created.status, 201);
  assert.type(created.body.id, 'number');
  const read = await call(t.app, 'GET', `/api/v1/agreements/${created.body.id}`, region);
  assert.equal(read.body.territory, { epcis: [EPCI_DESVRES], departements: ['62'] });
  assert.is(read.body.start, '2024-01-01');
  const audit = await t.db.selectFrom('audit_log').select(['action', 'entity_id']).execute();
  assert.equal(audit, [{ action: 'agreement.create', entity_id: String(created.body.id) }]);
});

Agreements('refuses an end before the start', async ({ t, region }) => {
  const reply = await call(t.app, 'POST', '/api/v1/agreements', region, agreement({ start: '2025-01-01', end: '2024-12-31' }));
  assert.is(reply.status, 400);
  assert.match(reply.body.error.message, /date de fin doit être postérieure/);
});

Agreements('refuses a date that does not exist', async ({ t, region }) => {
  const reply = await call(t.app, 'POST', '/api/v1/agreements', region, agreement({ end: '2026-02-30' }));
  assert.is(reply.status, 400);
  assert.match(reply.body.error.message, /n’existe pas/);
});

Agreements('refuses an unknown scheme, naming the known ones', async ({ t, region }) => {
  const reply = await call(t.app, 'POST', '/api/v1/agreements', region, agreement({ scheme: 'NOPE' }));
  assert.is(reply.status, 422);
  assert.match(reply.body.error.message, /Dispositif inconnu : « NOPE » \(connus : ACCESS/);
});

Agreements('refuses an unknown operator', async ({ t, region }) => {
  const reply = await call(t.app, 'POST', '/api/v1/agreements', region, agreement({ operator: 'inconnu' }));
  assert.is(reply.status, 422);
});

Agreements('refuses EPCIs and départements outside the region, listing each', async ({ t, region }) => {
  const reply = await call(t.app, 'POST', '/api/v1/agreements', region, agreement({ territory: { epcis: ['200054781', EPCI_DESVRES], departements: ['75'] } }));
  assert.is(reply.status, 422);
  assert.equal(reply.body.error.details.map((d: { value: string }) => d.value), ['200054781', '75']);
  assert.match(reply.body.error.message, /attendus : 02, 59, 60, 62, 80/);
});

Agreements('refuses a territory kind with nothing chosen (it would be stored as the whole region), saying what to choose', async ({ t, region }) => {
  const epcis = await call(t.app, 'POST', '/api/v1/agreements', region, agreement({ territory: { epcis: [] } }));
  assert.is(epcis.status, 422);
  assert.equal(epcis.body.error.details, [{ field: 'territory.epcis', message: 'Choisissez au moins un EPCI, ou « Toute la région »' }]);
  const departements = await call(t.app, 'POST', '/api/v1/agreements', region, agreement({ territory: { departements: [] } }));
  assert.is(departements.status, 422);
  assert.match(departements.body.error.message, /au moins un département, ou « Toute la région »/);
  assert.is((await call(t.app, 'POST', '/api/v1/agreements', region, agreement({ territory: {} }))).status, 422);
  assert.equal(await t.db.selectFrom('agreements').select('id').execute(), []);
});

Agreements('a PATCH refuses an empty territory too, and null still means the whole region', async ({ t, region }) => {
  const { body } = await call(t.app, 'POST', '/api/v1/agreements', region, agreement({ territory: { departements: ['02'] } }));
  const empty = await call(t.app, 'PATCH', `/api/v1/agreements/${body.id}`, region, { territory: { epcis: [] } });
  assert.is(empty.status, 422);
  assert.is(empty.body.error.details[0].field, 'territory.epcis');
  assert.equal((await call(t.app, 'GET', `/api/v1/agreements/${body.id}`, region)).body.territory, { epcis: [], departements: ['02'] });
  const whole = await call(t.app, 'PATCH', `/api/v1/agreements/${body.id}`, region, { territory: null });
  assert.is(whole.status, 200);
  assert.equal(whole.body.territory, { epcis: [], departements: [] });
});

Agreements('an empty date is « Date obligatoire », not a date missing from the calendar', async ({ t, region }) => {
  const reply = await call(t.app, 'POST', '/api/v1/agreements', region, agreement({ start: '' }));
  assert.is(reply.status, 400);
  assert.equal(reply.body.error.details, [{ field: 'start', message: 'Date obligatoire' }]);
});

Agreements('refuses a second agreement overlapping the first for the same operator and scheme (409)', async ({ t, region }) => {
  await call(t.app, 'POST', '/api/v1/agreements', region, agreement());
  const overlap = await call(t.app, 'POST', '/api/v1/agreements', region, agreement({ start: '2026-06-01', end: '2027-12-31' }));
  assert.is(overlap.status, 409);
  const after = await call(t.app, 'POST', '/api/v1/agreements', region, agreement({ start: '2027-01-01', end: '2027-12-31' }));
  assert.is(after.status, 201);
});

Agreements('filters by operator and scheme', async ({ t, region }) => {
  await call(t.app, 'POST', '/api/v1/agreements', region, agreement());
  await call(t.app, 'POST', '/api/v1/agreements', region, agreement({ scheme: 'DLA' }));
  await call(t.app, 'POST', '/api/v1/agreements', region, agreement({ operator: 'bge-picardie' }));
  const list = await call(t.app, 'GET', '/api/v1/agreements?operator=gallee&scheme=DLA', region);
  assert.equal(list.body.map((a: { operator: string; scheme: string }) => `${a.operator}/${a.scheme}`), ['gallee/DLA']);
});

Agreements('an operator user lists only its own agreements and cannot read another operator’s', async ({ t, region }) => {
  const theirs = await call(t.app, 'POST', '/api/v1/agreements', region, agreement());
  await call(t.app, 'POST', '/api/v1/agreements', region, agreement({ operator: 'bge-picardie' }));
  const bge = (await sessionFor(t.db, 'operator', 'bge-picardie')).headers;
  const list = await call(t.app, 'GET', '/api/v1/agreements', bge);
  assert.equal(list.body.map((a: { operator: string }) => a.operator), ['bge-picardie']);
  assert.is((await call(t.app, 'GET', '/api/v1/agreements?operator=gallee', bge)).status, 404);
  assert.is((await call(t.app, 'GET', `/api/v1/agreements/${theirs.body.id}`, bge)).status, 404);
  assert.is((await call(t.app, 'POST', '/api/v1/agreements', bge, agreement({ operator: 'bge-picardie', start: '2027-01-01', end: '2027-12-31' }))).status, 403);
});

Agreements('changes the end date and the territory, auditing both', async ({ t, region }) => {
  const { body } = await call(t.app, 'POST', '/api/v1/agreements', region, agreement());
  const reply = await call(t.app, 'PATCH', `/api/v1/agreements/${body.id}`, region, { end: '2028-12-31', territory: { departements: ['80'] } });
  assert.is(reply.status, 200);
  assert.is(reply.body.end, '2028-12-31');
  assert.equal(reply.body.territory, { epcis: [], departements: ['80'] });
  const entry = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'agreement.update').executeTakeFirstOrThrow();
  assert.equal(Object.keys(JSON.parse(entry.details)).sort(), ['end', 'territory']);
});

Agreements('refuses to shorten an agreement past quarters that have reports', async ({ t, region }) => {
  const { body } = await call(t.app, 'POST', '/api/v1/agreements', region, agreement());
  await addReport(t, 'gallee', 'ACCESS', 2026, 3);
  const reply = await call(t.app, 'PATCH', `/api/v1/agreements/${body.id}`, region, { end: '2025-12-31' });
  assert.is(reply.status, 409);
  assert.match(reply.body.error.message, /2026-Q3/);
});

Agreements('deletes an agreement without reports, and refuses (409) one with reports', async ({ t, region }) => {
  const empty = await call(t.app, 'POST', '/api/v1/agreements', region, agreement());
  assert.is((await call(t.app, 'DELETE', `/api/v1/agreements/${empty.body.id}`, region)).status, 204);
  assert.is((await call(t.app, 'GET', `/api/v1/agreements/${empty.body.id}`, region)).status, 404);
  const used = await call(t.app, 'POST', '/api/v1/agreements', region, agreement());
  await addReport(t, 'gallee', 'ACCESS', 2025, 1);
  const refused = await call(t.app, 'DELETE', `/api/v1/agreements/${used.body.id}`, region);
  assert.is(refused.status, 409);
  assert.match(refused.body.error.message, /2025-Q1/);
  const actions = (await t.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((a) => a.action);
  assert.equal(actions, ['agreement.create', 'agreement.delete', 'agreement.create']);
});

Agreements.run();
