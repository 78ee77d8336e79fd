// GET …/diff: what a new revision changed, for the reviewer (issue 9).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { call } from '../helpers/app.ts';
import { A, B, createWorld, jsonLine, path, type World } from './fixtures.ts';

const Diff = suite<{ world: World }>('revision diff');

Diff.before.each(async (context) => {
  context.world = await createWorld();
});

const put = async (world: World, lines: ReturnType<typeof jsonLine>[]) => {
  const reply = await call(world.app, 'PUT', `${path(A)}/lines`, world.opA, { lines });
  assert.is(reply.status, 200, JSON.stringify(reply.body));
};

Diff('lists lines added, removed and changed, with each changed field before and after', async ({ world }) => {
  await put(world, [jsonLine('B-1'), jsonLine('B-2'), jsonLine('B-3')]);
  await put(world, [jsonLine('b-1', { jobs_created_fte: 2.5, stage: 'emergence' }), jsonLine('B-3'), jsonLine('B-4')]);
  const reply = await call(world.app, 'GET', `${path(A)}/diff`, world.region);
  assert.is(reply.status, 200, JSON.stringify(reply.body));
  const diff = reply.body;
  assert.equal([diff.from, diff.to], [1, 2]);
  assert.equal(diff.counts, { added: 1, removed: 1, changed: 1, unchanged: 1 });
  assert.equal(diff.added.map((l: { beneficiary_ref: string }) => l.beneficiary_ref), ['B-4']);
  assert.equal(diff.removed.map((l: { beneficiary_ref: string }) => l.beneficiary_ref), ['B-2']);
  assert.equal(diff.changed[0].changes, [
    { field: 'stage', column: 'stade', before: 'creation', after: 'emergence' },
    { field: 'jobs_created_fte', column: 'emplois_crees_etp', before: 1, after: 2.5 },
  ]);
  // The operator sees the same.
  assert.equal((await call(world.app, 'GET', `${path(A)}/diff`, world.opA)).body, diff);
});

Diff('a first revision adds every line; from/to choose the revisions; a declared-empty revision removes them all', async ({ world }) => {
  await put(world, [jsonLine('B-1'), jsonLine('B-2')]);
  const first = (await call(world.app, 'GET', `${path(A)}/diff`, world.opA)).body;
  assert.equal([first.from, first.to, first.counts.added], [null, 1, 2]);
  await call(world.app, 'PUT', `${path(A)}/lines`, world.opA, { lines: [], declareEmpty: true });
  const empty = (await call(world.app, 'GET', `${path(A)}/diff`, world.opA)).body;
  assert.equal(empty.counts, { added: 0, removed: 2, changed: 0, unchanged: 0 });
  const chosen = (await call(world.app, 'GET', `${path(A)}/diff?from=1&to=1`, world.opA));
  assert.is(chosen.status, 400);
  assert.match(chosen.body.error.message, /doit précéder/);
  assert.is((await call(world.app, 'GET', `${path(A)}/diff?to=9`, world.opA)).status, 404);
});

Diff('another operator gets 404, the COTECH 403', async ({ world }) => {
  await put(world, [jsonLine('B-1')]);
  assert.is((await call(world.app, 'GET', `${path(A)}/diff`, world.opB)).status, 404);
  assert.is((await call(world.app, 'GET', `${path(B)}/diff`, world.opA)).status, 404);
  assert.is((await call(world.app, 'GET', `${path(A)}/diff`, world.cotech)).status, 403);
});

Diff.run();
