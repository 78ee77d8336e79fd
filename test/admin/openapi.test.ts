import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { call, createTestApp, type TestApp } from '../helpers/app.ts';

// Each account and administration operation, and the body fields its request schema must document.
const OPERATIONS: Array<[method: string, path: string, bodyFields?: string[]]> = [
  ['post', '/session', ['email', 'password']],
  ['get', '/session'],
  ['delete', '/session'],
  ['post', '/account/password', ['current', 'next']],
  ['post', '/tokens', ['name']],
  ['get', '/tokens'],
  ['delete', '/tokens/{id}'],
  ['get', '/operators'],
  ['get', '/operators/{id}'],
  ['post', '/operators', ['id', 'name', 'siren']],
  ['patch', '/operators/{id}', ['name', 'siren', 'archived']],
  ['delete', '/operators/{id}'],
  ['get', '/agreements'],
  ['get', '/agreements/{id}'],
  ['post', '/agreements', ['operator', 'scheme', 'start', 'end', 'territory', 'capacityPerYear']],
  ['patch', '/agreements/{id}', ['start', 'end', 'territory', 'capacityPerYear']],
  ['delete', '/agreements/{id}'],
  ['get', '/sites'],
  ['get', '/sites/{id}'],
  ['post', '/sites', ['operator', 'kind', 'name', 'address', 'commune', 'lat', 'lon', 'schemes', 'opened', 'closed', 'schedule']],
  ['patch', '/sites/{id}', ['kind', 'name', 'address', 'commune', 'lat', 'lon', 'schemes', 'opened', 'closed', 'schedule']],
  ['delete', '/sites/{id}'],
  ['get', '/users'],
  ['get', '/users/{id}'],
  ['post', '/users', ['email', 'password', 'role', 'operator']],
  ['patch', '/users/{id}', ['email', 'role', 'operator', 'disabled', 'password', 'unlock']],
  ['delete', '/users/{id}'],
  ['get', '/targets'],
  ['get', '/targets/{year}'],
  ['put', '/targets/{year}', ['beneficiaries', 'jobsConsolidated']],
  ['get', '/settings'],
  ['patch', '/settings', ['reportDueDays', 'defaultTargets', 'smallCountThreshold', 'cotechDisclosure', 'expectedCoverageThreshold']],
  ['get', '/schemes'],
  ['get', '/schemes/{code}'],
  ['patch', '/schemes/{code}/rules/{rule}', ['severity', 'params', 'enabled']],
  ['get', '/audit'],
];

// biome-ignore lint/suspicious/noExplicitAny: an arbitrary JSON document
const OpenApi = suite<{ t: TestApp; doc: any }>('OpenAPI document of the account and administration routes');

OpenApi.before(async (ctx) => {
  ctx.t = await createTestApp();
  const reply = await call(ctx.t.app, 'GET', '/api/v1/openapi.json');
  assert.is(reply.status, 200);
  ctx.doc = reply.body;
});

OpenApi('lists every route with a tag and a French summary', ({ doc }) => {
  for (const [method, path] of OPERATIONS) {
    const operation = doc.paths[path]?.[method];
    assert.ok(operation, `${method.toUpperCase()} ${path} missing from openapi.json`);
    assert.ok(operation.tags?.length > 0 && operation.summary, `${method.toUpperCase()} ${path} lacks tags or summary`);
  }
});

OpenApi('documents each request body from the schema the route validates with', ({ doc }) => {
  for (const [method, path, fields] of OPERATIONS) {
    if (!fields) continue;
    const schema = doc.paths[path][method].requestBody?.content?.['application/json']?.schema;
    assert.ok(schema, `${method.toUpperCase()} ${path} has no JSON request schema`);
    assert.equal(Object.keys(schema.properties).sort(), [...fields].sort(), `${method.toUpperCase()} ${path}`);
  }
});

OpenApi('carries the validation constraints: slug pattern, SIREN digits, password length, site kinds', ({ doc }) => {
  const operator = doc.paths['/operators'].post.requestBody.content['application/json'].schema;
  assert.is(operator.properties.id.pattern, '^[a-z0-9-]+$');
  assert.equal(operator.required, ['id', 'name']);
  const user = doc.paths['/users'].post.requestBody.content['application/json'].schema;
  assert.is(user.properties.password.minLength, 10);
  const site = doc.paths['/sites'].post.requestBody.content['application/json'].schema;
  assert.equal(site.properties.kind.enum, ['hq', 'branch', 'outreach']);
});

OpenApi('documents query parameters of the lists', ({ doc }) => {
  const names = (path: string) => (doc.paths[path].get.parameters ?? []).map((p: { name: string }) => p.name);
  assert.ok(['operator', 'scheme'].every((n) => names('/agreements').includes(n)));
  assert.ok(['entity', 'action', 'report', 'user', 'limit', 'before'].every((n) => names('/audit').includes(n)));
});

OpenApi.run();
