// The figure and zone routes on the real geography: roles, operator scope, exports, zones editing.
import ExcelJS from 'exceljs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { addOperator, call, createTestApp, sessionFor, type TestApp } from '../helpers/app.ts';

interface World extends TestApp {
  region: Record<string, string>;
  cotech: Record<string, string>;
  opA: Record<string, string>;
  opB: Record<string, string>;
}

const line = (ref: string, commune: string, extra: Record<string, unknown> = {}) => ({
  beneficiary_ref: ref,
  beneficiary_type: 'porteur_projet',
  commune,
  stage: 'creation',
  start_date: '2025-01-15',
  jobs_consolidated_fte: 0,
  jobs_created_fte: 1,
  ...extra,
});

async function validatedReport(world: World, operator: string, headers: Record<string, string>, lines: unknown[]) {
  const path = `/api/v1/reports/${operator}/ACCESS/2025-Q1`;
  const uploaded = await call(world.app, 'PUT', `${path}/lines`, headers, { lines });
  if (uploaded.status !== 200) throw new Error(`upload: ${uploaded.status} ${JSON.stringify(uploaded.body)}`);
  assert.is((await call(world.app, 'POST', `${path}/submit`, headers, {})).status, 200);
  assert.is((await call(world.app, 'POST', `${path}/validate`, world.region, {})).status, 200);
}

async function createWorld(): Promise<World> {
  const app = await createTestApp();
  for (const operator of ['op-a', 'op-b']) {
    await addOperator(app.db, operator, operator === 'op-a' ? 'Opérateur Amiénois' : 'Opérateur B');
    await app.db.insertInto('agreements').values({ operator_id: operator, scheme: 'ACCESS', start_date: '2025-01-01', end_date: '2025-12-31', created_at: '2024-12-01' }).execute();
  }
  return {
    ...app,
    region: (await sessionFor(app.db, 'region')).headers,
    cotech: (await sessionFor(app.db, 'cotech')).headers,
    opA: (await sessionFor(app.db, 'operator', 'op-a')).headers,
    opB: (await sessionFor(app.db, 'operator', 'op-b')).headers,
  };
}

const Figures = suite<{ world: World }>('figure routes');
Figures.before.each(async (context) => {
  const world = await createWorld();
  // op-a: two project holders in Saint-Quentin and one in Grécourt (80389, merged into Hombleux);
  // op-b: one in Saint-Quentin.
  await validatedReport(world, 'op-a', world.opA, [line('SECRET-A1', '02691'), line('SECRET-A2', '02691'), line('SECRET-A3', '80389')]);
  await validatedReport(world, 'op-b', world.opB, [line('SECRET-B1', '02691')]);
  context.world = world;
});

const targets = '/api/v1/figures/targets?from=2025&to=2025';
const coverage = '/api/v1/figures/coverage?from=2025&to=2025&schemes=ACCESS';

Figures('an absorbed commune code lands in the absorbing commune’s EPCI', async ({ world }) => {
  const hombleux = world.deps.geo.communes.get('80442')!;
  const response = await call(world.app, 'GET', coverage, world.region);
  assert.is(response.status, 200);
  const epci = response.body.epcis.find((e: { siren: string }) => e.siren === hombleux.epciSiren);
  assert.is(epci.beneficiaries, 1);
  assert.ok(epci.covered);
  assert.is(response.body.summary.epciTotal, 92);
  assert.is(response.body.summary.epciCovered, 2);
});

Figures('the Region and the COTECH read the regional figures; nobody else', async ({ world }) => {
  for (const who of [world.region, world.cotech]) {
    const response = await call(world.app, 'GET', targets, who);
    assert.is(response.status, 200);
    assert.is(response.body.years[0].beneficiaries.distinct, 4);
    assert.is(response.body.years[0].targets.beneficiaries, 700);
  }
  assert.is((await call(world.app, 'GET', targets)).status, 401);
});

Figures('an operator reads its own figures with the regional totals alongside', async ({ world }) => {
  const response = await call(world.app, 'GET', targets, world.opA);
  assert.is(response.status, 200);
  assert.is(response.body.operator, 'op-a');
  assert.is(response.body.years[0].beneficiaries.distinct, 3);
  assert.is(response.body.regional[0].distinct, 4);
  const cov = await call(world.app, 'GET', coverage, world.opB);
  assert.is(cov.body.summary.beneficiaries, 1);
  assert.is(cov.body.regional.beneficiaries, 4);
  assert.is(cov.body.summary.epciCovered, 1);
});

Figures('an operator cannot ask for another operator’s figures (404)', async ({ world }) => {
  for (const path of [`${targets}&operator=op-b`, `${coverage}&operator=op-b`, '/api/v1/figures/completeness?year=2025&operator=op-b']) {
    const response = await call(world.app, 'GET', path, world.opA);
    assert.is(response.status, 404, path);
  }
  const region = await call(world.app, 'GET', `${targets}&operator=op-b`, world.region);
  assert.is(region.body.years[0].beneficiaries.distinct, 1);
  assert.is((await call(world.app, 'GET', `${targets}&operator=nobody`, world.region)).status, 404);
});

Figures('no figure route returns report lines or beneficiary references', async ({ world }) => {
  for (const path of [targets, coverage, '/api/v1/figures/completeness?year=2025', `${coverage.replace('coverage?', 'coverage.geojson?')}`, targets.replace('targets?', 'targets.csv?')]) {
    const response = await call(world.app, 'GET', path, world.region);
    assert.is(response.status, 200, path);
    assert.not.match(JSON.stringify(response.body), /SECRET-/, path);
  }
});

Figures('rejects an unknown scheme and a reversed span with French messages', async ({ world }) => {
  const scheme = await call(world.app, 'GET', '/api/v1/figures/coverage?schemes=ACCESS,NOPE', world.region);
  assert.is(scheme.status, 400);
  assert.match(scheme.body.error.message, /Dispositif inconnu : NOPE/);
  const span = await call(world.app, 'GET', '/api/v1/figures/targets?from=2026&to=2024', world.region);
  assert.is(span.status, 400);
  assert.match(span.body.error.message, /from/);
});

Figures('CSV exports open in French Excel: BOM, semicolons, accents intact', async ({ world }) => {
  const response = await world.app.request('/api/v1/figures/coverage.csv?from=2025&to=2025', { headers: world.region });
  assert.is(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /text\/csv/);
  const bytes = new Uint8Array(await response.arrayBuffer());
  assert.equal([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = new TextDecoder().decode(bytes.slice(3));
  const [header, ...rows] = text.trim().split('\r\n');
  assert.match(header, /^SIREN;EPCI;Type;Départements;/);
  assert.is(rows.length, 92);
  assert.ok(text.includes('Métropole Européenne de Lille'));
  // Vigilance zones by their names, never their ids.
  assert.ok(text.includes('Cœur de l’Aisne'), 'a zone name');
  assert.not.ok(/coeur-aisne|nord-est-oise|est-somme|nord-pas-de-calais/.test(text), 'no zone id');
  const targetsCsv = await (await world.app.request('/api/v1/figures/targets.csv?from=2025&to=2025', { headers: world.region })).text();
  assert.match(targetsCsv, /Bénéficiaires distincts;Accompagnements/);
  const completenessCsv = await (await world.app.request('/api/v1/figures/completeness.csv?year=2025', { headers: world.region })).text();
  assert.ok(completenessCsv.includes('Opérateur Amiénois'));
});

Figures('XLSX exports open with exceljs, one row per EPCI', async ({ world }) => {
  const response = await world.app.request('/api/v1/figures/coverage.xlsx?from=2025&to=2025', { headers: world.region });
  assert.is(response.status, 200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const sheet = workbook.getWorksheet('EPCI')!;
  assert.is(sheet.rowCount, 93);
  assert.is(sheet.getRow(1).getCell(2).value, 'EPCI');
  assert.ok(workbook.getWorksheet('Synthèse'));
  const targetsBook = new ExcelJS.Workbook();
  await targetsBook.xlsx.load(await (await world.app.request('/api/v1/figures/targets.xlsx?from=2025&to=2025', { headers: world.region })).arrayBuffer());
  assert.is(targetsBook.getWorksheet('Objectifs')!.getRow(2).getCell(3).value, 4);
});

Figures('coverage exports as GeoJSON, one feature per EPCI with its figures', async ({ world }) => {
  const response = await call(world.app, 'GET', coverage.replace('coverage?', 'coverage.geojson?'), world.cotech);
  assert.is(response.status, 200);
  assert.is(response.body.type, 'FeatureCollection');
  assert.is(response.body.features.length, 92);
  const covered = response.body.features.filter((f: { properties: { covered: boolean } }) => f.properties.covered);
  assert.is(covered.length, 2);
  assert.ok(['Polygon', 'MultiPolygon'].includes(response.body.features[0].geometry.type));
});

Figures('coverage summarises by EPCI type, département and vigilance zone', async ({ world }) => {
  const { body } = await call(world.app, 'GET', coverage, world.region);
  assert.equal(body.summary.byType.map((t: { type: string; epciTotal: number }) => [t.type, t.epciTotal]), [['METRO', 1], ['CU', 2], ['CA', 25], ['CC', 64]]);
  assert.equal(body.summary.byDepartement.map((d: { departement: string }) => d.departement), ['02', '59', '60', '62', '80']);
  assert.is(body.summary.byZone.length, 4);
  const somme = body.summary.byZone.find((z: { id: string }) => z.id === 'est-somme');
  assert.is(somme.beneficiaries, 1); // Grécourt → Hombleux, CC de l'Est de la Somme
  assert.is(body.test.name, 'Poisson');
  assert.match(body.test.description, /Poisson/);
});

Figures('completeness reports rates never above 100 % for everyone allowed to read it', async ({ world }) => {
  for (const who of [world.region, world.cotech, world.opA]) {
    const response = await call(world.app, 'GET', '/api/v1/figures/completeness?year=2025', who);
    assert.is(response.status, 200);
    const { totals } = response.body;
    assert.ok(totals.overallRatePct === null || totals.overallRatePct <= 100);
    assert.ok(totals.onTimeRatePct === null || totals.onTimeRatePct <= 100);
  }
  const own = await call(world.app, 'GET', '/api/v1/figures/completeness?year=2025', world.opA);
  assert.ok(own.body.rows.every((r: { operatorId: string }) => r.operatorId === 'op-a'));
  assert.is(own.body.rows.length, 4);
  assert.is(own.body.regional.expected, 8);
});

Figures.run();

const Zones = suite<{ world: World }>('vigilance zone routes');
Zones.before.each(async (context) => {
  context.world = await createWorld();
});

Zones('every logged-in user lists the four default zones with their EPCIs', async ({ world }) => {
  const response = await call(world.app, 'GET', '/api/v1/zones', world.opA);
  assert.is(response.status, 200);
  assert.equal(response.body.map((z: { id: string }) => z.id).sort(), ['coeur-aisne', 'est-somme', 'nord-est-oise', 'nord-pas-de-calais']);
  const aisne = response.body.find((z: { id: string }) => z.id === 'coeur-aisne');
  assert.ok(aisne.epcis.some((e: { name: string }) => e.name === 'CA du Pays de Laon'));
  // Every default SIREN is an EPCI of the region.
  for (const zone of response.body) for (const e of zone.epcis) assert.ok(world.deps.geo.epcis.has(e.siren), e.siren);
  assert.is((await call(world.app, 'GET', '/api/v1/zones')).status, 401);
});

Zones('the Region creates, renames, re-draws and deletes a zone, each change audited', async ({ world }) => {
  const created = await call(world.app, 'POST', '/api/v1/zones', world.region, { name: 'Thiérache', epcis: ['240200444', '200071983'] });
  assert.is(created.status, 201);
  assert.is(created.body.id, 'thierache');
  assert.is(created.body.epcis.length, 2);
  const renamed = await call(world.app, 'PATCH', '/api/v1/zones/thierache', world.region, { description: 'Nord de l’Aisne' });
  assert.is(renamed.body.description, 'Nord de l’Aisne');
  const redrawn = await call(world.app, 'PUT', '/api/v1/zones/thierache/epcis', world.region, { epcis: ['240200444'] });
  assert.equal(redrawn.body.epcis.map((e: { siren: string }) => e.siren), ['240200444']);
  assert.is((await call(world.app, 'DELETE', '/api/v1/zones/thierache', world.region)).status, 204);
  assert.is((await call(world.app, 'DELETE', '/api/v1/zones/thierache', world.region)).status, 404);
  const actions = (await world.db.selectFrom('audit_log').select('action').where('entity', '=', 'vigilance_zone').orderBy('id').execute()).map((a) => a.action);
  assert.equal(actions, ['zone.create', 'zone.update', 'zone.epcis', 'zone.delete']);
});

Zones('refuses an EPCI that is not in the region, naming it', async ({ world }) => {
  const response = await call(world.app, 'PUT', '/api/v1/zones/est-somme/epcis', world.region, { epcis: ['200070985', '123456789'] });
  assert.is(response.status, 422);
  assert.match(response.body.error.message, /123456789/);
  const malformed = await call(world.app, 'POST', '/api/v1/zones', world.region, { name: 'X zone', epcis: ['12'] });
  assert.is(malformed.status, 400);
});

Zones('operators and COTECH members cannot edit zones', async ({ world }) => {
  for (const who of [world.opA, world.cotech]) {
    assert.is((await call(world.app, 'POST', '/api/v1/zones', who, { name: 'Ma zone' })).status, 403);
    assert.is((await call(world.app, 'DELETE', '/api/v1/zones/est-somme', who)).status, 403);
  }
});

Zones.run();
