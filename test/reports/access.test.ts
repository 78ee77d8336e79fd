// Who may do what on reports: operators only their own (404 elsewhere, so ids do not leak), the
// Region everything, COTECH members nothing here (403), anonymous callers 401.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { call } from '../helpers/app.ts';
import { A, B, createWorld, jsonBody, path, uploadClean, type World } from './fixtures.ts';

const Access = suite<{ world: World }>('report access');

Access.before.each(async (context) => {
  const world = await createWorld();
  // op-b has a submitted report with lines: something worth hiding.
  await uploadClean(world, world.opB, B, 2);
  await call(world.app, 'POST', `${path(B)}/submit`, world.opB);
  context.world = world;
});

const routesOn = (operator: string): Array<[string, string, unknown?]> => [
  ['GET', path(operator)],
  ['GET', `${path(operator)}/lines`],
  ['GET', `${path(operator)}/lines?revision=1`],
  ['GET', `${path(operator)}/lines.csv`],
  ['PUT', `${path(operator)}/lines`, jsonBody('X-1')],
  ['POST', `${path(operator)}/submit`],
];

Access('an operator user gets 404 on every route of another operator’s report', async ({ world }) => {
  for (const [method, url, body] of routesOn(B)) {
    const response = await call(world.app, method, url, world.opA, body);
    assert.is(response.status, 404, `${method} ${url}`);
    assert.not.match(JSON.stringify(response.body), /B-1/);
  }
  const report = await world.db.selectFrom('reports').select(['status', 'current_revision_id']).where('operator_id', '=', B).executeTakeFirstOrThrow();
  assert.is(report.status, 'submitted');
});

Access('an operator user gets the same 404 for an operator that does not exist', async ({ world }) => {
  const response = await call(world.app, 'GET', path('nobody'), world.opA);
  assert.is(response.status, 404);
  assert.equal(response.body, (await call(world.app, 'GET', path(B), world.opA)).body);
});

Access('an operator user lists only its own reports, whatever the filter', async ({ world }) => {
  const mine = (await call(world.app, 'GET', '/api/v1/reports?year=2025', world.opA)).body;
  assert.ok(mine.length > 0);
  assert.ok(mine.every((r: { operator: string }) => r.operator === A));
  const theirs = (await call(world.app, 'GET', `/api/v1/reports?operator=${B}`, world.opA)).body;
  assert.ok(theirs.every((r: { operator: string }) => r.operator === A));
});

Access('COTECH members get 403 on every report route and the templates', async ({ world }) => {
  const routes: Array<[string, string, unknown?]> = [
    ['GET', '/api/v1/reports'],
    ['GET', '/api/v1/review-queue'],
    ['GET', '/api/v1/templates/ACCESS.csv'],
    ...routesOn(B),
    ['POST', `${path(B)}/validate`],
    ['POST', `${path(B)}/return`, { comment: 'x' }],
    ['POST', `${path(B)}/reopen`, { reason: 'x' }],
  ];
  for (const [method, url, body] of routes) {
    assert.is((await call(world.app, method, url, world.cotech, body)).status, 403, `${method} ${url}`);
  }
});

Access('anonymous callers get 401', async ({ world }) => {
  for (const [method, url, body] of [['GET', '/api/v1/reports'], ...routesOn(B)] as Array<[string, string, unknown?]>) {
    assert.is((await call(world.app, method, url, {}, body)).status, 401, `${method} ${url}`);
  }
});

Access('operators may not review, even their own reports', async ({ world }) => {
  assert.is((await call(world.app, 'GET', '/api/v1/review-queue', world.opB)).status, 403);
  for (const [action, body] of [['validate'], ['return', { comment: 'x' }], ['reopen', { reason: 'x' }]] as Array<[string, unknown?]>) {
    assert.is((await call(world.app, 'POST', `${path(B)}/${action}`, world.opB, body)).status, 403, action);
  }
});

Access('the Region reads every report and its lines', async ({ world }) => {
  assert.is((await call(world.app, 'GET', path(B), world.region)).status, 200);
  assert.is((await call(world.app, 'GET', `${path(B)}/lines`, world.region)).body.lineCount, 2);
  const all = (await call(world.app, 'GET', '/api/v1/reports?year=2025', world.region)).body;
  assert.ok(all.some((r: { operator: string }) => r.operator === A));
  assert.ok(all.some((r: { operator: string }) => r.operator === B));
});

Access('a change with a session cookie needs the CSRF token', async ({ world }) => {
  const { 'x-csrf-token': _, ...cookieOnly } = world.opA;
  assert.is((await call(world.app, 'PUT', `${path(A)}/lines`, cookieOnly, jsonBody('X-1'))).status, 403);
  assert.is((await world.db.selectFrom('reports').select('id').where('operator_id', '=', A).execute()).length, 0);
});

Access.run();

const Queue = suite<{ world: World }>('review queue');

Queue.before.each(async (context) => {
  context.world = await createWorld();
});

Queue('lists submitted reports, oldest submission first', async ({ world }) => {
  await uploadClean(world, world.opB, B);
  await call(world.app, 'POST', `${path(B)}/submit`, world.opB);
  await new Promise((resolve) => setTimeout(resolve, 5));
  await uploadClean(world, world.opA, A);
  await call(world.app, 'POST', `${path(A)}/submit`, world.opA);
  await uploadClean(world, world.opA, A, 1, '2025-Q2'); // a draft: not in the queue
  const queue = (await call(world.app, 'GET', '/api/v1/review-queue', world.region)).body;
  assert.equal(queue.map((r: { operator: string; period: string }) => `${r.operator} ${r.period}`), ['op-b 2025-Q1', 'op-a 2025-Q1']);
});

Queue.run();
