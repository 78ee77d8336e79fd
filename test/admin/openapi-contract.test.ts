// The API contract other tools rely on (issue 9): the whole document is valid OAS 3.1 (checked against the
// official JSON Schema of the specification), every operation has a success and an error response, the two
// ways to authenticate are declared, and real refusals match the documented error envelope.
import { Validator } from '@seriousme/openapi-schema-validator';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { call, createTestApp, sessionFor, type TestApp } from '../helpers/app.ts';

// biome-ignore lint/suspicious/noExplicitAny: an arbitrary JSON document
const Contract = suite<{ t: TestApp; doc: any }>('OpenAPI contract');

Contract.before(async (ctx) => {
  ctx.t = await createTestApp();
  ctx.doc = (await call(ctx.t.app, 'GET', '/api/v1/openapi.json')).body;
});

Contract('the document is valid OpenAPI 3.1', async ({ doc }) => {
  assert.is(doc.openapi, '3.1.0');
  const result = await new Validator().validate(doc);
  assert.equal(result.errors ?? [], []);
  assert.ok(result.valid);
});

Contract('every operation documents a success response and the shared error envelope', ({ doc }) => {
  let operations = 0;
  for (const [path, item] of Object.entries<Record<string, { responses: Record<string, unknown> }>>(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      operations++;
      const statuses = Object.keys(operation.responses);
      assert.ok(statuses.some((s) => s.startsWith('2')), `${method} ${path}: no success response`);
      assert.ok(operation.responses.default, `${method} ${path}: no error response`);
    }
  }
  assert.ok(operations > 70, `${operations} operations`);
  assert.equal(Object.keys(doc.components.securitySchemes).sort(), ['bearer', 'session']);
  assert.equal(doc.paths['/session'].post.security, []);
});

Contract('real refusals match the documented error envelope: details is always a list', async ({ t, doc }) => {
  const schema = doc.components.schemas.Error;
  const region = await sessionFor(t.db, 'region');
  const refusals = [
    await call(t.app, 'GET', '/api/v1/figures/coverage?schemes=abc', region.headers),
    await call(t.app, 'GET', '/api/v1/operators/nobody', region.headers),
    await call(t.app, 'POST', '/api/v1/users', region.headers, { email: 'x', role: 'nope' }),
    await call(t.app, 'GET', '/api/v1/reports'),
  ];
  for (const reply of refusals) {
    assert.ok(reply.status >= 400 && reply.status < 500, String(reply.status));
    for (const key of schema.required) assert.ok(key in reply.body, `${key} in ${JSON.stringify(reply.body)}`);
    for (const key of schema.properties.error.required) assert.type(reply.body.error[key], 'string');
    assert.ok(Array.isArray(reply.body.error.details), JSON.stringify(reply.body.error));
    for (const detail of reply.body.error.details) assert.type(detail.message, 'string');
  }
  assert.equal(refusals[0].body.error.details, [{ field: 'schemes', value: 'ABC', message: 'dispositif inconnu' }]);
});

Contract.run();
