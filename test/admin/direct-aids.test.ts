import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { REGION_OPERATOR_ID } from '../../server/admin/operators.ts';
import { call, createTestApp, sessionFor, type TestApp } from '../helpers/app.ts';

const DirectAids = suite<{ t: TestApp; region: Record<string, string> }>('direct aids recorded with the Region as operator');

DirectAids.before.each(async (ctx) => {
  ctx.t = await createTestApp();
  ctx.region = (await sessionFor(ctx.t.db, 'region')).headers;
});

DirectAids('the Region operator is present in a new database and marked as the Region', async ({ t, region }) => {
  const list = await call(t.app, 'GET', '/api/v1/operators', region);
  assert.equal(list.body[0], { id: REGION_OPERATOR_ID, name: 'Région Hauts-de-France', siren: null, isRegion: true, isDemo: false, createdAt: list.body[0].createdAt, archivedAt: null });
});

DirectAids('Region staff record a quarter of a direct aid like any report, without an agreement', async ({ t, region }) => {
  const line = { beneficiary_ref: 'BUS-1', beneficiary_type: 'entreprise', commune: '59350', stage: 'creation', start_date: '2025-02-01', jobs_consolidated_fte: 3, jobs_created_fte: 1 };
  const reply = await call(t.app, 'PUT', `/api/v1/reports/${REGION_OPERATOR_ID}/BUSINESS/2025-Q1/lines`, region, { lines: [line] });
  assert.is(reply.status, 200, JSON.stringify(reply.body));
  assert.is(reply.body.lineCount, 1);
});

DirectAids('operator users cannot touch the Region’s direct aids', async ({ t }) => {
  const op = (await sessionFor(t.db, 'operator', 'gallee')).headers;
  const reply = await call(t.app, 'GET', `/api/v1/reports/${REGION_OPERATOR_ID}/BUSINESS/2025-Q1`, op);
  assert.is(reply.status, 404);
});

DirectAids.run();
