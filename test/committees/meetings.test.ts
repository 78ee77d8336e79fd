// Committee meetings (issue 10): frozen figures do not move when reports are reopened, revised, filed late
// or a site changes; « changes » names exactly the reports, EPCIs and sites behind the difference; a
// frozen meeting refuses every change; COTECH members read, operators get nothing; everything audited.
import { createHash } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { call } from '../helpers/app.ts';
import { A, B, createWorld, jsonLine, path, type World } from '../reports/fixtures.ts';

const MEL = '200093201'; // Métropole Européenne de Lille (59350 Lille)
const AMIENS = '248000531'; // CA Amiens Métropole (80021 Amiens)
const ARRAS = '200033579'; // CU d'Arras (62041 Arras)

const Meetings = suite<{ world: World }>('committee meetings');

async function fileAndValidate(world: World, operator: string, period: string, lines: object[]) {
  const headers = operator === A ? world.opA : world.opB;
  const upload = await call(world.app, 'PUT', `${path(operator, period)}/lines`, headers, { lines });
  assert.is(upload.status, 200, JSON.stringify(upload.body));
  assert.is((await call(world.app, 'POST', `${path(operator, period)}/submit`, headers, {})).status, 200);
  assert.is((await call(world.app, 'POST', `${path(operator, period)}/validate`, world.region, {})).status, 200);
}

const create = (world: World, body: Record<string, unknown> = {}) =>
  call(world.app, 'POST', '/api/v1/meetings', world.region, {
    kind: 'cotech', date: '2026-03-10', title: 'COTECH de mars 2026', cohorts: [{ from: 2025, to: 2025 }], disclosure: 'internal', ...body,
  });

Meetings.before.each(async (ctx) => {
  ctx.world = await createWorld();
});

Meetings('a frozen meeting keeps its figures and hash while reports and sites change; changes names exactly what changed', async ({ world }) => {
  const { app, region } = world;
  await fileAndValidate(world, A, '2025-Q1', [jsonLine('A-1'), jsonLine('A-2')]);
  await fileAndValidate(world, B, '2025-Q1', [jsonLine('B-1', { commune: '80021' })]);
  const site = await call(app, 'POST', '/api/v1/sites', region, { operator: B, kind: 'outreach', name: 'Permanence d’Arras', commune: '62041', schemes: ['ACCESS'], opened: '2024-01-01' });
  assert.is(site.status, 201);

  const meeting = await create(world);
  assert.is(meeting.status, 201, JSON.stringify(meeting.body));
  assert.is(meeting.body.frozenAt, null);
  const frozen = await call(app, 'POST', `/api/v1/meetings/${meeting.body.id}/freeze`, region);
  assert.is(frozen.status, 200, JSON.stringify(frozen.body));
  assert.match(frozen.body.sha256, /^[0-9a-f]{64}$/);
  const before = await call(app, 'GET', `/api/v1/meetings/${meeting.body.id}`, region);
  assert.is(before.body.masked, false);
  // The hash is of exactly the content served (internal view): anyone can check it.
  assert.is(createHash('sha256').update(JSON.stringify(before.body.figures)).digest('hex'), frozen.body.sha256);
  assert.is(before.body.figures.targets.years[0].beneficiaries.distinct, 3);
  const liveBefore = await call(app, 'GET', '/api/v1/figures/targets?from=2025&to=2025', region);

  // After the meeting: A's Q1 reopened and revalidated with a line in Lille, B's Q1 reopened and left
  // as a draft, B's Q2 filed late and validated in Arras, the site closed.
  assert.is((await call(app, 'POST', `${path(A, '2025-Q1')}/reopen`, region, { reason: 'Ligne oubliée' })).status, 200);
  await fileAndValidate(world, A, '2025-Q1', [jsonLine('A-1'), jsonLine('A-2'), jsonLine('A-3', { commune: '59350' })]);
  assert.is((await call(app, 'POST', `${path(B, '2025-Q1')}/reopen`, region, { reason: 'Commune à vérifier' })).status, 200);
  await fileAndValidate(world, B, '2025-Q2', [jsonLine('B-2', { commune: '62041', start_date: '2025-04-10' })]);
  assert.is((await call(app, 'PATCH', `/api/v1/sites/${site.body.id}`, region, { closed: '2024-06-30' })).status, 200);

  const after = await call(app, 'GET', `/api/v1/meetings/${meeting.body.id}`, region);
  assert.equal(after.body.figures, before.body.figures);
  assert.is(after.body.sha256, frozen.body.sha256);
  const liveAfter = await call(app, 'GET', '/api/v1/figures/targets?from=2025&to=2025', region);
  assert.is.not(liveAfter.body.years[0].beneficiaries.distinct, liveBefore.body.years[0].beneficiaries.distinct);

  const changes = await call(app, 'GET', `/api/v1/meetings/${meeting.body.id}/changes`, region);
  assert.is(changes.status, 200, JSON.stringify(changes.body));
  const reports = changes.body.reports.map((r: { operator: string; period: string; change: string }) => `${r.operator} ${r.period} ${r.change}`);
  assert.equal(reports, [`${A} 2025-Q1 revised`, `${B} 2025-Q1 no_longer_counted`, `${B} 2025-Q2 now_counted`]);
  const counted = changes.body.epcis
    .filter((e: { changes: Array<{ field: string }> }) => e.changes.some((c) => c.field === 'beneficiaries'))
    .map((e: { siren: string }) => e.siren)
    .sort();
  assert.equal(counted, [AMIENS, MEL, ARRAS].sort());
  const year = changes.body.years.find((y: { year: number }) => y.year === 2025);
  assert.equal(year.changes.find((c: { field: string }) => c.field === 'distinct'), { field: 'distinct', before: 3, after: 4 });
  assert.equal(changes.body.sites.map((s: { id: number; change: string }) => [s.id, s.change]), [[site.body.id, 'changed']]);
  assert.ok(changes.body.epcis.some((e: { siren: string; changes: Array<{ field: string }> }) => e.siren === ARRAS && e.changes.some((c) => c.field === 'populationWithinDistancePct')));
  assert.is(changes.body.counts.reports, 3);
});

Meetings('a frozen meeting refuses every change (409), in the API and in the database itself', async ({ world }) => {
  const { app, region, db } = world;
  const meeting = await create(world);
  const id = meeting.body.id;
  assert.is((await call(app, 'PATCH', `/api/v1/meetings/${id}`, region, { title: 'COTECH de mars 2026 (préparation)' })).status, 200);
  assert.is((await call(app, 'GET', `/api/v1/meetings/${id}/changes`, region)).status, 409);
  assert.is((await call(app, 'POST', `/api/v1/meetings/${id}/freeze`, region)).status, 200);
  const refused = [
    await call(app, 'POST', `/api/v1/meetings/${id}/freeze`, region),
    await call(app, 'PATCH', `/api/v1/meetings/${id}`, region, { title: 'Autre titre' }),
    await call(app, 'DELETE', `/api/v1/meetings/${id}`, region),
  ];
  for (const reply of refused) {
    assert.is(reply.status, 409);
    assert.match(reply.body.error.message, /nouvelle séance/);
  }
  // Even code that bypasses the routes cannot rewrite or delete it.
  const refusal = (attempt: Promise<unknown>) => attempt.then(() => 'accepted', (error: Error) => error.message);
  assert.match(await refusal(db.updateTable('meetings').set({ title: 'x' }).where('id', '=', id).execute()), /meeting_frozen/);
  assert.match(await refusal(db.deleteFrom('meetings').where('id', '=', id).execute()), /meeting_frozen/);
  const actions = (await db.selectFrom('audit_log').select('action').where('entity', '=', 'meeting').orderBy('id').execute()).map((r) => r.action);
  assert.equal(actions, ['meeting.create', 'meeting.update', 'meeting.freeze']);
});

Meetings('an unfrozen meeting can be deleted; its deletion is audited', async ({ world }) => {
  const meeting = await create(world);
  assert.is((await call(world.app, 'DELETE', `/api/v1/meetings/${meeting.body.id}`, world.region)).status, 204);
  assert.is((await call(world.app, 'GET', `/api/v1/meetings/${meeting.body.id}`, world.region)).status, 404);
  const last = await world.db.selectFrom('audit_log').select(['action', 'entity_id']).orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.equal(last, { action: 'meeting.delete', entity_id: String(meeting.body.id) });
});

Meetings('COTECH members list and open meetings, cannot create or freeze; operators get nothing', async ({ world }) => {
  const { app, cotech, opA } = world;
  const meeting = await create(world);
  await call(app, 'POST', `/api/v1/meetings/${meeting.body.id}/freeze`, world.region);
  assert.is((await call(app, 'GET', '/api/v1/meetings', cotech)).body.length, 1);
  assert.is((await call(app, 'GET', `/api/v1/meetings/${meeting.body.id}`, cotech)).status, 200);
  assert.is((await call(app, 'GET', `/api/v1/meetings/${meeting.body.id}/changes`, cotech)).status, 200);
  assert.is((await create({ ...world, region: cotech })).status, 403);
  assert.is((await call(app, 'POST', `/api/v1/meetings/${meeting.body.id}/freeze`, cotech)).status, 403);
  assert.is((await call(app, 'DELETE', `/api/v1/meetings/${meeting.body.id}`, cotech)).status, 403);
  for (const url of ['/api/v1/meetings', `/api/v1/meetings/${meeting.body.id}`, `/api/v1/meetings/${meeting.body.id}/changes`, '/api/v1/figures/annual-report']) {
    assert.is((await call(app, 'GET', url, opA)).status, 403, url);
  }
  assert.is((await call(app, 'GET', '/api/v1/meetings')).status, 401);
});

Meetings('hostile meeting bodies get French 4xx answers naming the field', async ({ world }) => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ kind: 'conseil' }, 'kind'],
    [{ date: '2026-02-30' }, 'date'],
    [{ title: 'x'.repeat(5000) }, 'title'],
    [{ cohorts: [] }, 'cohorts'],
    [{ cohorts: [{ from: 2026, to: 2024 }] }, 'cohorts.0.from'],
    [{ cohorts: [{ from: 2000, to: 2030 }] }, 'cohorts'],
    [{ cohorts: Array.from({ length: 5 }, () => ({ from: 2025, to: 2025 })) }, 'cohorts'],
    [{ schemes: ['NOPE'] }, 'schemes'],
    [{ distanceKm: -3 }, 'distanceKm'],
  ];
  for (const [body, field] of cases) {
    const reply = await create(world, body);
    assert.ok(reply.status === 400 || reply.status === 422, `${JSON.stringify(body).slice(0, 80)} → ${reply.status}`);
    assert.ok(reply.body.error.details.some((d: { field?: string }) => d.field === field), `${field}: ${JSON.stringify(reply.body.error.details)}`);
  }
  assert.is((await call(world.app, 'GET', '/api/v1/meetings/abc', world.region)).status, 400);
  assert.is((await call(world.app, 'GET', '/api/v1/meetings/99999', world.region)).status, 404);
  assert.is((await world.db.selectFrom('meetings').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n, 0);
});

Meetings('two freezes at once: one stores the figures, the other gets 409; one audit entry', async ({ world }) => {
  const meeting = await create(world);
  const replies = await Promise.all([1, 2].map(() => call(world.app, 'POST', `/api/v1/meetings/${meeting.body.id}/freeze`, world.region)));
  assert.equal(replies.map((r) => r.status).sort(), [200, 409]);
  const freezes = await world.db.selectFrom('audit_log').select('id').where('action', '=', 'meeting.freeze').execute();
  assert.is(freezes.length, 1);
});

Meetings.run();
