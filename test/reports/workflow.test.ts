import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { call } from '../helpers/app.ts';
import { A, createWorld, path, uploadClean, type World } from './fixtures.ts';

const Workflow = suite<{ world: World }>('report workflow');

Workflow.before.each(async (context) => {
  context.world = await createWorld();
});

const post = (w: World, who: Record<string, string>, action: string, body?: unknown) =>
  call(w.app, 'POST', `${path(A)}/${action}`, who, body);
const status = async (w: World) => (await call(w.app, 'GET', path(A), w.region)).body.status;

Workflow('a quarter of an agreement is expected before any upload', async ({ world }) => {
  const response = await call(world.app, 'GET', path(A), world.opA);
  assert.is(response.status, 200);
  assert.is(response.body.status, 'expected');
  assert.is(response.body.label, 'T1 2025');
  assert.is(response.body.due, '2025-04-30');
  assert.equal(response.body.revisions, []);
  assert.equal(response.body.actions, ['upload']);
});

Workflow('the first upload makes the report a draft', async ({ world }) => {
  await uploadClean(world, world.opA);
  assert.is(await status(world), 'draft');
});

Workflow('an operator submits its draft, the Region validates it', async ({ world }) => {
  await uploadClean(world, world.opA);
  const submitted = await post(world, world.opA, 'submit');
  assert.is(submitted.status, 200);
  assert.equal(submitted.body, { status: 'submitted' });
  const validated = await post(world, world.region, 'validate');
  assert.equal(validated.body, { status: 'validated' });
  const report = (await call(world.app, 'GET', path(A), world.opA)).body;
  assert.is(report.status, 'validated');
  assert.ok(report.submittedAt);
  assert.ok(report.validatedAt);
});

Workflow('submitting an expected report with nothing uploaded is refused with a clear message', async ({ world }) => {
  const response = await post(world, world.opA, 'submit');
  assert.is(response.status, 422);
  assert.is(response.body.error.code, 'empty_report');
  assert.match(response.body.error.message, /aucun fichier/);
});

Workflow('a returned report shows the Region comment and goes back to draft on a new upload', async ({ world }) => {
  await uploadClean(world, world.opA);
  await post(world, world.opA, 'submit');
  const returned = await post(world, world.region, 'return', { comment: 'Ligne B-2 : commune à vérifier' });
  assert.equal(returned.body, { status: 'returned' });

  const seen = (await call(world.app, 'GET', path(A), world.opA)).body;
  assert.is(seen.status, 'returned');
  assert.is(seen.regionComment, 'Ligne B-2 : commune à vérifier');
  assert.is(seen.regionCommentKind, 'return');
  const returnEvent = seen.events.find((e: { to: string }) => e.to === 'returned');
  assert.is(returnEvent.comment, 'Ligne B-2 : commune à vérifier');
  assert.is(returnEvent.from, 'submitted');

  const resubmitAsIs = await post(world, world.opA, 'submit');
  assert.is(resubmitAsIs.status, 409);
  assert.match(resubmitAsIs.body.error.message, /renvoyé/);

  await uploadClean(world, world.opA);
  const corrected = (await call(world.app, 'GET', path(A), world.opA)).body;
  assert.is(corrected.status, 'draft');
  assert.is(corrected.regionComment, null, 'the comment has been acted on; it stays in the history');
  assert.equal((await post(world, world.opA, 'submit')).body, { status: 'submitted' });
});

Workflow('returning needs a non-empty comment', async ({ world }) => {
  await uploadClean(world, world.opA);
  await post(world, world.opA, 'submit');
  assert.is((await post(world, world.region, 'return', {})).status, 400);
  const blank = await post(world, world.region, 'return', { comment: '   ' });
  assert.is(blank.status, 400);
  assert.match(blank.body.error.message, /commentaire est requis/);
  assert.is(await status(world), 'submitted');
});

Workflow('a validated report is locked: uploads are refused until the Region reopens it with a reason', async ({ world }) => {
  await uploadClean(world, world.opA);
  await post(world, world.opA, 'submit');
  await post(world, world.region, 'validate');

  const locked = await call(world.app, 'PUT', `${path(A)}/lines`, world.opA, { lines: [{ beneficiary_ref: 'X' }] });
  assert.is(locked.status, 409);
  assert.match(locked.body.error.message, /validé/);

  assert.is((await post(world, world.region, 'reopen', { reason: '' })).status, 400);
  const reopened = await post(world, world.region, 'reopen', { reason: 'Erreur de saisie signalée par l’opérateur' });
  assert.equal(reopened.body, { status: 'draft' });
  const report = (await call(world.app, 'GET', path(A), world.opA)).body;
  assert.is(report.validatedAt, null);
  assert.is(report.regionComment, 'Erreur de saisie signalée par l’opérateur');
  assert.is(report.regionCommentKind, 'reopen');
  const upload = await uploadClean(world, world.opA, A, 3);
  assert.is(upload.revision, 2);
});

Workflow('illegal transitions answer 409 naming the current status', async ({ world }) => {
  // expected: nothing to validate, return or reopen
  for (const [action, body] of [['validate', undefined], ['return', { comment: 'x' }], ['reopen', { reason: 'x' }]] as const) {
    const response = await post(world, world.region, action, body);
    assert.is(response.status, 409, `${action} on an expected report`);
    assert.match(response.body.error.message, /attendu/);
  }
  await uploadClean(world, world.opA);
  // draft
  for (const [action, body] of [['validate', undefined], ['return', { comment: 'x' }], ['reopen', { reason: 'x' }]] as const) {
    const response = await post(world, world.region, action, body);
    assert.is(response.status, 409, `${action} on a draft`);
    assert.match(response.body.error.message, /brouillon/);
  }
  await post(world, world.opA, 'submit');
  // submitted
  for (const [action, body] of [['submit', undefined], ['reopen', { reason: 'x' }]] as const) {
    const response = await post(world, world.region, action, body);
    assert.is(response.status, 409, `${action} on a submitted report`);
    assert.match(response.body.error.message, /soumis/);
  }
  const upload = await call(world.app, 'PUT', `${path(A)}/lines`, world.opA, { lines: [{ beneficiary_ref: 'X' }] });
  assert.is(upload.status, 409, 'upload on a submitted report');
  await post(world, world.region, 'validate');
  // validated
  for (const [action, body] of [['submit', undefined], ['validate', undefined], ['return', { comment: 'x' }]] as const) {
    const response = await post(world, world.region, action, body);
    assert.is(response.status, 409, `${action} on a validated report`);
    assert.match(response.body.error.message, /validé/);
  }
  assert.is(await status(world), 'validated');
});

Workflow('only the Region validates, returns and reopens', async ({ world }) => {
  await uploadClean(world, world.opA);
  await post(world, world.opA, 'submit');
  assert.is((await post(world, world.opA, 'validate')).status, 403);
  assert.is((await post(world, world.opA, 'return', { comment: 'moi-même' })).status, 403);
  await post(world, world.region, 'validate');
  assert.is((await post(world, world.opA, 'reopen', { reason: 'moi-même' })).status, 403);
  assert.is(await status(world), 'validated');
});

Workflow('the Region may upload and submit on behalf of an operator', async ({ world }) => {
  const upload = await uploadClean(world, world.region);
  assert.is(upload.revision, 1);
  assert.equal((await post(world, world.region, 'submit')).body, { status: 'submitted' });
});

Workflow('the history lists every transition with its author, oldest first', async ({ world }) => {
  await uploadClean(world, world.opA);
  await post(world, world.opA, 'submit', { comment: 'Deux accompagnements ce trimestre' });
  await post(world, world.region, 'validate');
  const events = (await call(world.app, 'GET', path(A), world.opA)).body.events;
  assert.equal(
    events.map((e: { from: string; to: string }) => `${e.from}→${e.to}`),
    ['expected→draft', 'draft→submitted', 'submitted→validated'],
  );
  assert.is(events[1].comment, 'Deux accompagnements ce trimestre');
  assert.is(events[2].byRole, 'region');
});

Workflow('every change bumps the report updated_at', async ({ world }) => {
  await uploadClean(world, world.opA);
  const before = await world.db.selectFrom('reports').select('updated_at').executeTakeFirstOrThrow();
  await new Promise((resolve) => setTimeout(resolve, 5));
  await post(world, world.opA, 'submit');
  const after = await world.db.selectFrom('reports').select('updated_at').executeTakeFirstOrThrow();
  assert.ok(after.updated_at > before.updated_at);
});

Workflow('each change writes an audit entry naming the report and revision', async ({ world }) => {
  await uploadClean(world, world.opA);
  await post(world, world.opA, 'submit');
  await post(world, world.region, 'return', { comment: 'Commune manquante' });
  await uploadClean(world, world.opA, A, 3);
  await post(world, world.opA, 'submit');
  await post(world, world.region, 'validate');
  await post(world, world.region, 'reopen', { reason: 'Correction demandée' });
  const entries = await world.db.selectFrom('audit_log').selectAll().where('entity', '=', 'report').orderBy('id').execute();
  assert.equal(
    entries.map((e) => e.action),
    ['report.upload', 'report.submit', 'report.return', 'report.upload', 'report.submit', 'report.validate', 'report.reopen'],
  );
  const report = await world.db.selectFrom('reports').select(['id', 'current_revision_id']).executeTakeFirstOrThrow();
  assert.ok(entries.every((e) => e.report_id === report.id));
  assert.is(entries[3].revision_id, report.current_revision_id);
  assert.is(JSON.parse(entries[3].details).lineCount, 3);
  assert.is(JSON.parse(entries[2].details).comment, 'Commune manquante');
  assert.is(JSON.parse(entries[6].details).comment, 'Correction demandée');
  assert.is(entries[0].user_id, world.opAId);
  assert.is(entries[5].user_id, world.regionId);
});

Workflow.run();
