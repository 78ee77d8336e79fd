import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { z } from 'zod';
import '../../server/validation.ts'; // configures zod's messages for the process, as the server does
import { call, createTestApp, sessionFor, type TestApp } from '../helpers/app.ts';

type Ctx = { t: TestApp; region: Record<string, string> };
type Detail = { field: string; message: string };

// zod's default English, as the reviewer saw it leak: « Too small: expected number to be >=0 », « Invalid input: … ».
const ENGLISH = /Too (small|big)|Invalid|expected|received/;

const French = suite<Ctx>('validation messages are French, the schemas’ own or zod’s in French');

French.before.each(async (ctx) => {
  ctx.t = await createTestApp();
  ctx.region = (await sessionFor(ctx.t.db, 'region')).headers;
});

French('a negative report due delay says what is expected', async ({ t, region }) => {
  const reply = await call(t.app, 'PATCH', '/api/v1/settings', region, { reportDueDays: -5 });
  assert.is(reply.status, 400);
  assert.equal(reply.body.error.details, [{ field: 'reportDueDays', message: 'Nombre de jours positif ou nul attendu' }]);
});

French('a rule parameter left out is « Valeur obligatoire » under its path', async ({ t, region }) => {
  const reply = await call(t.app, 'PATCH', '/api/v1/schemes/ACCESS/rules/allowed_stages', region, { params: { foo: 1 } });
  assert.is(reply.status, 422);
  assert.equal(reply.body.error.details, [{ field: 'params.stages', message: 'Valeur obligatoire' }]);
  assert.not.match(reply.body.error.message, ENGLISH);
});

French('an empty target (null) is « Valeur obligatoire », not stored as 0', async ({ t, region }) => {
  const before = (await call(t.app, 'GET', '/api/v1/targets/2027', region)).body.beneficiaries;
  const reply = await call(t.app, 'PUT', '/api/v1/targets/2027', region, { beneficiaries: null, jobsConsolidated: 4000 });
  assert.is(reply.status, 400);
  assert.equal(reply.body.error.details, [{ field: 'beneficiaries', message: 'Valeur obligatoire' }]);
  assert.ok(before > 0);
  assert.is((await call(t.app, 'GET', '/api/v1/targets/2027', region)).body.beneficiaries, before);
});

French('schemas without a message of their own answer in French too (query, path, body)', async ({ t, region }) => {
  const replies = [
    await call(t.app, 'GET', '/api/v1/audit?limit=0', region),
    await call(t.app, 'GET', '/api/v1/audit?limit=abc', region),
    await call(t.app, 'PATCH', '/api/v1/agreements/0', region, { end: '2026-12-31' }),
    await call(t.app, 'PATCH', '/api/v1/schemes/DASESS/rules/amount_range', region, { enabled: 'oui' }),
    await call(t.app, 'POST', '/api/v1/sites', region, { operator: 'x', kind: 'branch', name: 'x', commune: '02381', schemes: [], opened: '2025-01-01', lat: 95 }),
  ];
  for (const reply of replies) {
    assert.is(reply.status, 400);
    for (const detail of reply.body.error.details as Detail[]) assert.not.match(detail.message, ENGLISH, `${detail.field}: ${detail.message}`);
  }
  assert.equal(replies[0].body.error.details, [{ field: 'limit', message: 'Valeur supérieure ou égale à 1 attendue' }]);
  assert.equal(replies[1].body.error.details, [{ field: 'limit', message: 'Nombre attendu' }]);
  assert.match(replies[3].body.error.message, /enabled — Valeur vrai ou faux attendue/);
});

French('keeps a schema’s own message over the French defaults', () => {
  const own = z.number().min(0, 'Valeur positive ou nulle attendue').safeParse(-1);
  assert.is(own.error?.issues[0]?.message, 'Valeur positive ou nulle attendue');
  const fallback = z.array(z.string()).max(2).safeParse(['a', 'b', 'c']);
  assert.is(fallback.error?.issues[0]?.message, '2 éléments au plus');
  const enumeration = z.enum(['a', 'b']).safeParse('c');
  assert.is(enumeration.error?.issues[0]?.message, 'Valeur attendue parmi : a, b');
});

French.run();
