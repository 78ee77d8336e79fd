// GET /api/v1/figures/agreements (issue 13): each agreement's territory, covered EPCIs and gaps, through the
// API: an operator sees its own agreements only, the public version masks small counts, CSV and XLSX exports.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { call } from '../helpers/app.ts';
import { A, B, createWorld, jsonLine, path } from '../reports/fixtures.ts';

const Route = suite('agreements figures route');

Route('Region, operator and public views of the agreed territories', async () => {
  const world = await createWorld();
  const { app, region } = world;
  // The world's agreements: set a capacity through the API, then file and validate one report of A.
  const agreements = (await call(app, 'GET', `/api/v1/agreements?operator=${A}`, region)).body;
  const patched = await call(app, 'PATCH', `/api/v1/agreements/${agreements[0].id}`, region, { capacityPerYear: 30 });
  assert.is(patched.status, 200);
  assert.is(patched.body.capacityPerYear, 30);
  const refused = await call(app, 'PATCH', `/api/v1/agreements/${agreements[0].id}`, region, { capacityPerYear: -2 });
  assert.is(refused.status, 400);
  assert.match(refused.body.error.details[0].message, /positive ou nulle/);
  assert.is((await call(app, 'PUT', `${path(A)}/lines`, world.opA, { lines: [jsonLine('B-1'), jsonLine('B-2')] })).status, 200);
  await call(app, 'POST', `${path(A)}/submit`, world.opA, {});
  assert.is((await call(app, 'POST', `${path(A)}/validate`, region, {})).status, 200);
  const year = path(A).match(/(\d{4})-Q\d$/)![1];

  const all = (await call(app, 'GET', `/api/v1/figures/agreements?from=${year}&to=${year}`, region)).body;
  const ofA = all.agreements.filter((a: { operator: string }) => a.operator === A);
  assert.ok(ofA.length > 0 && all.agreements.some((a: { operator: string }) => a.operator === B));
  const filed = ofA.find((a: { capacityPerYear: number | null }) => a.capacityPerYear === 30);
  assert.is(filed.beneficiariesInside + filed.beneficiariesOutside, 2);
  assert.is(filed.coveredEpcis.length + filed.gapEpcis.length, filed.territoryEpcis.length);

  const own = (await call(app, 'GET', `/api/v1/figures/agreements?from=${year}&to=${year}`, world.opA)).body;
  assert.ok(own.agreements.every((a: { operator: string }) => a.operator === A));
  assert.is((await call(app, 'GET', `/api/v1/figures/agreements?operator=${B}`, world.opA)).status, 404);

  const handout = (await call(app, 'GET', `/api/v1/figures/agreements?from=${year}&to=${year}&disclosure=public`, region)).body;
  const masked = handout.agreements.find((a: { id: number }) => a.id === filed.id);
  assert.ok(masked.hidden?.beneficiariesInside === 'small' || masked.hidden?.beneficiariesOutside === 'small', 'two beneficiaries: below the threshold of 3');
  assert.ok(handout.disclosure.rule);

  const csv = await app.request(`/api/v1/figures/agreements.csv?from=${year}&to=${year}`, { headers: region });
  assert.is(csv.status, 200);
  assert.match(await csv.text(), /Convention;Opérateur;Dispositif/);
  const xlsx = await app.request(`/api/v1/figures/agreements.xlsx?from=${year}&to=${year}`, { headers: region });
  assert.is(xlsx.status, 200);
  assert.is((await call(app, 'GET', '/api/v1/figures/agreements?from=2026&to=2024', region)).status, 400);
});

Route.run();
