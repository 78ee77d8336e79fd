// Hostile input on this session's routes (meetings, annual report, disclosure, mail, outbox, notifications):
// every malformed, oversized or out-of-range value gets a French 4xx naming the field, never a 500.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { call, createTestApp, sessionFor } from '../helpers/app.ts';

const Hostile = suite('hostile input on meetings, figures and mail routes');

Hostile('each malformed value is a 4xx in French with a field, nothing stored', async () => {
  const t = await createTestApp();
  const region = (await sessionFor(t.db, 'region')).headers;
  const operator = (await sessionFor(t.db, 'operator', 'gallee')).headers;
  const cases: Array<[method: string, url: string, body: unknown, headers: Record<string, string>]> = [
    ['GET', '/api/v1/figures/coverage?disclosure=tout', undefined, region],
    ['GET', '/api/v1/figures/targets?schemes=ACCESS;DROP', undefined, region],
    ['GET', `/api/v1/figures/targets?schemes=${'A,'.repeat(5000)}A`, undefined, region],
    ['GET', '/api/v1/figures/annual-report?year=20255', undefined, region],
    ['GET', '/api/v1/meetings/1e9999', undefined, region],
    ['PATCH', '/api/v1/meetings/1', { cohorts: [{ from: '2024', to: 2025 }] }, region],
    ['POST', '/api/v1/meetings', { kind: 'cotech', date: '2026-03-10', title: 'T'.repeat(201), cohorts: [{ from: 2024, to: 2024 }] }, region],
    ['GET', '/api/v1/outbox?limit=100000', undefined, region],
    ['GET', '/api/v1/outbox?status=envoye', undefined, region],
    ['POST', '/api/v1/outbox/abc/retry', undefined, region],
    ['PATCH', '/api/v1/account/notifications', ['report_reminders'], operator],
    ['PATCH', '/api/v1/account/notifications', {}, operator],
    ['POST', '/api/v1/password-reset', { email: ['a@b.c'] }, {}],
    ['POST', '/api/v1/password-reset/confirm', { token: 'x'.repeat(5000), password: 'cartable-hérisson-nuage-7' }, {}],
    ['POST', '/api/v1/invitations/confirm', { token: 'a'.repeat(40), password: 'x'.repeat(201) }, {}],
    ['PATCH', '/api/v1/settings', { smallCountThreshold: 2.5 }, region],
    ['PATCH', '/api/v1/settings', { cotechDisclosure: 'tout' }, region],
  ];
  for (const [method, url, body, headers] of cases) {
    const reply = await call(t.app, method, url, headers, body);
    assert.ok(reply.status >= 400 && reply.status < 500, `${method} ${url.slice(0, 60)} → ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`);
    assert.type(reply.body.error?.message, 'string');
    assert.not.match(reply.body.error.message, /\b(expected|invalid|required)\b/i, `${url.slice(0, 60)}: ${reply.body.error.message}`);
  }
  assert.is((await t.db.selectFrom('meetings').selectAll().execute()).length, 0);
  assert.is((await t.db.selectFrom('notification_settings').selectAll().execute()).length, 0);
});

Hostile('equity routes (issue 13): capacities, threshold, agreed territories refuse what they cannot take', async () => {
  const t = await createTestApp();
  const region = (await sessionFor(t.db, 'region')).headers;
  const operator = (await sessionFor(t.db, 'operator', 'gallee')).headers;
  const cases: Array<[method: string, url: string, body: unknown, headers: Record<string, string>, status: number]> = [
    ['PATCH', '/api/v1/schemes/INSO', { capacityPerYear: -1 }, region, 400],
    ['PATCH', '/api/v1/schemes/INSO', { capacityPerYear: 'douze' }, region, 400],
    ['PATCH', '/api/v1/schemes/INSO', { capacityPerYear: 1e12 }, region, 400],
    ['PATCH', '/api/v1/schemes/INSO', {}, region, 400],
    ['PATCH', '/api/v1/schemes/ACCESS', { capacityPerYear: 40 }, region, 422],
    ['PATCH', '/api/v1/schemes/NOPE', { capacityPerYear: 4 }, region, 404],
    ['PATCH', '/api/v1/schemes/INSO', { capacityPerYear: 4 }, operator, 403],
    ['POST', '/api/v1/agreements', { operator: 'gallee', scheme: 'ACCESS', start: '2025-01-01', end: '2025-12-31', capacityPerYear: 12.5 }, region, 400],
    ['PATCH', '/api/v1/settings', { expectedCoverageThreshold: 2 }, region, 400],
    ['PATCH', '/api/v1/settings', { expectedCoverageThreshold: '80 %' }, region, 400],
    ['GET', '/api/v1/figures/agreements?from=2026&to=2024', undefined, region, 400],
    ['GET', '/api/v1/figures/agreements?distanceKm=-3', undefined, region, 400],
    ['GET', '/api/v1/figures/agreements?distanceKm=1e999', undefined, region, 400],
    ['GET', '/api/v1/figures/agreements?operator=autre', undefined, operator, 404],
    ['DELETE', '/api/v1/reference/ess-establishments', undefined, operator, 403],
  ];
  for (const [method, url, body, headers, status] of cases) {
    const reply = await call(t.app, method, url, headers, body);
    assert.is(reply.status, status, `${method} ${url} ${JSON.stringify(body)} → ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`);
    assert.type(reply.body.error?.message, 'string');
    assert.not.match(reply.body.error.message, /\b(expected|invalid|required)\b/i, `${url}: ${reply.body.error.message}`);
  }
  const inso = await t.db.selectFrom('schemes').select('capacity_per_year').where('code', '=', 'INSO').executeTakeFirstOrThrow();
  assert.is(inso.capacity_per_year, 8, 'unchanged');
  assert.is((await t.db.selectFrom('agreements').selectAll().execute()).length, 0);
});

Hostile.run();
